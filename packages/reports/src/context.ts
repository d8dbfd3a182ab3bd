import type { Ambassador, Hub, LocalDate, Organisation, ReportName, ReportSection } from '@stem-match/domain';
import type { ActivityFact, RequestFact } from './facts.js';
import type { ReportOptions } from './options.js';

/** What every report knows before the facts stream in. */
export interface ReportContext {
  options: ReportOptions;
  asOf: LocalDate;
  /** The period, inclusive: `--from`/`--to`, by default the academic year of `asOf`. */
  from: LocalDate;
  to: LocalDate;
  hubs: ReadonlyMap<string, Hub>;
  organisations: ReadonlyMap<string, Organisation>;
  /** Employers' volunteering days per academic year, by employer name (empty when the source has none). */
  employers: ReadonlyMap<string, number>;
  /** True when the report covers this hub (all hubs when no `--hub` was given). */
  inScope(hub: string): boolean;
}

/**
 * A report consumes facts as they stream — ambassadors first, then requests (with their offers' sessions
 * as activities) and recorded history interleaved in no set order — and keeps only what its tables need.
 */
export interface ReportBuilder {
  ambassador?(a: Ambassador): void;
  request?(r: RequestFact): void;
  /** True when `request` looks at `r.offers`; otherwise a request may arrive without its offers. */
  readonly readsOffers?: boolean;
  activity?(a: ActivityFact): void;
  /** `period`, when the report covers less than the context's period (the monthly: one month). */
  finish(): { title: string; sections: ReportSection[]; period?: { from: LocalDate; to: LocalDate } };
}

export type ReportFactory = (ctx: ReportContext) => ReportBuilder;
export type ReportRegistry = Record<ReportName, ReportFactory>;

/** A request wanted something in the period when its window overlaps it. */
export const requestInPeriod = (ctx: ReportContext, r: RequestFact): boolean =>
  r.request.window_start <= ctx.to && r.request.window_end >= ctx.from;

/** Demand that went unmet: unfilled, or open and not (yet) filled. */
export const isUnmet = (r: RequestFact): boolean => r.status === 'unfilled' || r.status === 'open';

export function hubName(ctx: ReportContext, id: string): string {
  return ctx.hubs.get(id)?.name ?? id;
}
