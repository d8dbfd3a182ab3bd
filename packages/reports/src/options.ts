import { LocalDate } from '@stem-match/domain';
import * as z from 'zod';

export const RagRule = z.strictObject({
  /** Short of the target by at most this share (e.g. 0.1 = 10 points): amber rather than red. */
  amber_margin: z.number().min(0).max(1).default(0.1),
  /** Amber, not red, when the Wilson 95% interval still reaches the target. */
  interval_amber: z.boolean().default(true),
});
export type RagRule = z.infer<typeof RagRule>;

/** Reach targets: share of organisations engaged in the academic year. */
export const ReachTargets = z.strictObject({
  primary: z.number().min(0).max(1).default(0.26),
  secondary: z.number().min(0).max(1).default(0.8),
  college: z.number().min(0).max(1).default(0.7),
  priority: z.number().min(0).max(1).default(0.95),
});
export type ReachTargets = z.infer<typeof ReachTargets>;

export const ReportOptions = z.strictObject({
  hub: z.string().optional(),
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  /** "Today" for ages, DBS expiry and the default period; defaults to the UK date now. */
  as_of: LocalDate.optional(),
  targets: ReachTargets.default(ReachTargets.parse({})),
  rag: RagRule.default(RagRule.parse({})),
  /** Side of the grid cells for supply and the map, in km (British National Grid squares). */
  cell_km: z.number().min(1).max(100).default(10),
  /** DBS checks expiring within this many days are listed. */
  dbs_days: z.int().min(1).max(365).default(90),
  /** Listings in Markdown and HTML stop after this many rows (CSV and JSON have all). */
  listing_rows: z.int().min(1).default(50),
});
export type ReportOptionsInput = z.input<typeof ReportOptions>;
export type ReportOptions = z.infer<typeof ReportOptions>;
