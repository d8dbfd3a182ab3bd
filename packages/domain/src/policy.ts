import * as z from 'zod';
import { OrganisationTag } from './codes.js';

/**
 * The matching policy: every weight the engine uses, in one typed object.
 * The objective is lexicographic: (1) Priority School requests filled, (2) organisations reached for the
 * first time this academic year, weighted by `reach` (the programme's KPI), (3) requests filled,
 * weighted by `fill`, (4) quality, weighted by `quality`. A level never trades against the one above it.
 */
export const Policy = z.strictObject({
  /** Recorded on every run so a result can be traced to the weights that made it. */
  version: z.string().min(1).default('2026-12.1'),
  /** `strict`: Priority fills are the first objective level. `weighted`: Priority multiplies the fill weight. */
  priority_mode: z.enum(['strict', 'weighted']).default('strict'),
  /** Used only in `weighted` mode: a Priority request counts this many times an ordinary one. */
  priority_weight: z.number().min(1).default(3),
  dbs: z
    .strictObject({
      /** DBS must be valid on the date of the last session plus this many days. */
      margin_days: z.int().min(0).max(365).default(0),
    })
    .default({ margin_days: 0 }),
  /** Minutes kept free between any two of an ambassador's sessions on the same day (travel, or a breather). */
  travel_buffer_min: z.int().min(0).max(240).default(30),
  /** Monthly capacity used when an ambassador's record has none. */
  default_max_per_month: z.int().min(0).max(31).default(4),
  /** Candidate start times fall on this grid, in minutes. */
  slot_step_min: z.int().min(5).max(60).default(15),
  /**
   * The engine keeps, per request, the nearest this-many ambassadors who could take it (plus every
   * ambassador the organisation already knows, and as many online ones), so a run's work grows with
   * requests, not with requests × ambassadors. Unfilled requests are explained against all of them;
   * the exact and greedy solvers always see all.
   */
  engine_candidates: z.int().min(1).max(100_000).default(20),
  /**
   * Level 2, the reach KPI: each organisation with no activity yet in the run date's academic year
   * (none offered, accepted or completed in history) that this run gives at least one filled request
   * scores this much, once however many of its requests are filled. Both 0 turns the level off.
   */
  reach: z
    .strictObject({
      /** A Priority School reached for the first time this year (the 95% target comes first)… */
      priority: z.number().min(0).default(2),
      /** …and any other organisation reached for the first time (the 26/80/70% targets by kind). */
      other: z.number().min(0).default(1),
    })
    .default({ priority: 2, other: 1 }),
  /**
   * Stable re-planning. A run never moves accepted assignments. With `change_offers` off (the
   * default) it never touches offers already sent either; on, a run may re-plan requests whose offers
   * are all still unanswered, and keeps the new plan only if it fills strictly more requests (never
   * fewer Priority School ones) and every re-planned request stays filled.
   */
  replan: z.strictObject({ change_offers: z.boolean().default(false) }).default({ change_offers: false }),
  fill: z
    .strictObject({
      /** Each filled request scores this much… */
      base: z.number().min(0).default(1),
      /** …plus this per week it has waited since it was created (older requests first)… */
      per_week_waiting: z.number().min(0).default(0.02),
      /** …plus this when its window closes within `deadline_days` of the run (deadlines soonest). */
      deadline_soon: z.number().min(0).default(0.1),
      deadline_days: z.int().min(0).default(14),
      /** …plus these per targeting tag the organisation carries. */
      tags: z.partialRecord(OrganisationTag, z.number().min(0)).default({}),
    })
    .default({ base: 1, per_week_waiting: 0.02, deadline_soon: 0.1, deadline_days: 14, tags: {} }),
  quality: z
    .strictObject({
      /** Per assigned ambassador who has worked with this organisation before (sustained engagement). */
      continuity: z.number().min(0).default(3),
      /** Per assigned ambassador, times the share of the request's subjects they offer. */
      subject_fit: z.number().min(0).default(1),
      /** Penalty per assigned ambassador per 10 km travelled. */
      travel_per_10km: z.number().min(0).default(0.5),
      /** Penalty per assigned ambassador per activity they already hold that month (spreads load). */
      load: z.number().min(0).default(0.25),
    })
    .default({ continuity: 3, subject_fit: 1, travel_per_10km: 0.5, load: 0.25 }),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

/** The documented defaults. */
export const DEFAULT_POLICY: Policy = Policy.parse({});
