import * as z from 'zod';
import { Instant, LocalDate } from './calendar.js';
import {
  ActivityType,
  AssignmentStatus,
  DbsStatus,
  DeliveryMode,
  KeyStage,
  Mode,
  OrganisationKind,
  OrganisationTag,
  RequestStatus,
  Subject,
  UnfilledReason,
} from './codes.js';
import { Policy } from './policy.js';
import { DateRange, WeeklyPattern } from './weekly-pattern.js';

/** Marks a field as personal data: never logged, never put in error messages or job names. */
export const PERSONAL = { personal: true } as const;

export const Id = z
  .string()
  .trim()
  .min(1, 'expected an id')
  .max(64, 'an id has at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/, 'an id uses letters, digits and _ . : / - only');

/**
 * A hub's id has no ':' — requests are referenced as `hub:id` across hubs, so a ':' in a hub's id
 * would let hub `a:b`'s request `c` and hub `a`'s request `b:c` share a reference.
 */
export const HubId = Id.regex(/^[^:]*$/, "a hub id has no ':' (requests are referenced as hub:id)");

/** The UK and its islands, with a margin: anything outside is a data error, not a far-away school. */
export const UK_BOUNDS = { minLat: 49.8, maxLat: 61.0, minLon: -8.7, maxLon: 2.0 } as const;
export const Latitude = z
  .number()
  .min(UK_BOUNDS.minLat, `expected a UK latitude (${UK_BOUNDS.minLat} to ${UK_BOUNDS.maxLat})`)
  .max(UK_BOUNDS.maxLat, `expected a UK latitude (${UK_BOUNDS.minLat} to ${UK_BOUNDS.maxLat})`);
export const Longitude = z
  .number()
  .min(UK_BOUNDS.minLon, `expected a UK longitude (${UK_BOUNDS.minLon} to ${UK_BOUNDS.maxLon})`)
  .max(UK_BOUNDS.maxLon, `expected a UK longitude (${UK_BOUNDS.minLon} to ${UK_BOUNDS.maxLon})`);

export const Hub = z.strictObject({
  id: HubId,
  name: z.string().trim().min(1).max(200),
  /** GIAS region names (`GOR (name)`) served by this hub; used when an organisation has no hub column. */
  regions: z.array(z.string().trim().min(1)).default([]),
});
export type Hub = z.infer<typeof Hub>;

export const Organisation = z.strictObject({
  id: Id,
  /** DfE Unique Reference Number, for schools in GIAS. */
  urn: z
    .string()
    .regex(/^\d{5,7}$/, 'expected a URN of 5 to 7 digits')
    .optional(),
  name: z.string().trim().min(1).max(300),
  kind: OrganisationKind,
  lat: Latitude,
  lon: Longitude,
  hub: HubId,
  priority: z.boolean().default(false),
  pupils: z.int().min(0).max(10_000).optional(),
  tags: z.array(OrganisationTag).default([]),
  postcode: z.string().trim().max(10).optional(),
  region: z.string().trim().max(100).optional(),
});
export type Organisation = z.infer<typeof Organisation>;

export const Ambassador = z.strictObject({
  id: Id,
  hub: HubId,
  lat: Latitude,
  lon: Longitude,
  travel_km: z.number().min(0).max(500),
  in_person: z.boolean(),
  online: z.boolean(),
  subjects: z.array(Subject).min(1, 'expected at least one subject'),
  activity_types: z.array(ActivityType).min(1, 'expected at least one activity type'),
  key_stages: z.array(KeyStage).min(1, 'expected at least one key stage'),
  dbs_status: DbsStatus,
  dbs_expires: LocalDate.optional(),
  availability: WeeklyPattern,
  unavailable: z.array(DateRange).default([]),
  max_per_month: z.int().min(0).max(31),
  employer: z.string().trim().max(200).optional(),
  name: z.string().trim().max(200).optional().meta(PERSONAL),
  email: z.string().trim().max(254).optional().meta(PERSONAL),
  phone: z.string().trim().max(40).optional().meta(PERSONAL),
});
export type Ambassador = z.infer<typeof Ambassador>;

/**
 * An employer's volunteering budget (employers.csv): how many days a year its staff may give. Matched
 * to ambassadors by `employer`, exactly as it is written on their records. Each session counts as one
 * day, against the academic year (1 September to 31 August) it falls in; existing bookings count too.
 */
export const Employer = z.strictObject({
  employer: z.string().trim().min(1, 'expected an employer name').max(200),
  volunteering_days_per_year: z.int().min(0).max(100_000),
});
export type Employer = z.infer<typeof Employer>;

export const ActivityRequest = z
  .strictObject({
    id: Id,
    organisation_id: Id,
    hub: HubId,
    activity_type: ActivityType,
    subjects: z.array(Subject).min(1, 'expected at least one subject'),
    key_stage: KeyStage,
    mode: Mode,
    needed: z.int().min(1).max(20),
    window_start: LocalDate,
    window_end: LocalDate,
    /** When the organisation can host, as a weekly pattern. */
    times: WeeklyPattern.min(1, 'expected at least one weekly time the organisation can host'),
    duration_min: z.int().min(15).max(600),
    sessions: z.int().min(1).max(52).default(1),
    every_days: z.int().min(1).max(365).default(7),
    /** The request's own limit on travel, if tighter than ambassadors' radii. */
    max_km: z.number().min(0).max(500).optional(),
    created_at: Instant,
    status: RequestStatus.default('open'),
  })
  .refine((r) => r.window_end >= r.window_start, {
    message: 'window_end must be on or after window_start',
    path: ['window_end'],
  });
export type ActivityRequest = z.infer<typeof ActivityRequest>;

export const Assignment = z.strictObject({
  request_id: Id,
  /** 1-based index of the session in the series. */
  session: z.int().min(1),
  ambassador_id: Id,
  start: Instant,
  end: Instant,
  distance_km: z.number().min(0),
  mode: DeliveryMode,
  status: AssignmentStatus.default('offered'),
  volunteer_hours: z.number().min(0).max(24).optional(),
  /** Young people reached. */
  participants: z.int().min(0).max(10_000).optional(),
  /** The organiser's satisfaction, 1 to 5. */
  satisfaction: z.int().min(1).max(5).optional(),
});
export type Assignment = z.infer<typeof Assignment>;

/** A past or already-booked activity (history.csv): feeds continuity, capacity, clashes and reach. */
export const HistoryRecord = z.strictObject({
  organisation_id: Id,
  ambassador_id: Id,
  request_id: Id.optional(),
  activity_type: ActivityType,
  start: Instant,
  end: Instant,
  status: AssignmentStatus,
  volunteer_hours: z.number().min(0).max(24).optional(),
  participants: z.int().min(0).max(10_000).optional(),
  satisfaction: z.int().min(1).max(5).optional(),
});
export type HistoryRecord = z.infer<typeof HistoryRecord>;

const Counts = z.record(z.string(), z.int().min(0));

export const MatchRun = z.strictObject({
  id: Id,
  started_at: Instant,
  finished_at: Instant.optional(),
  solver: z.enum(['engine', 'exact', 'greedy']),
  policy_version: z.string(),
  /** The weights the run used (its policy in full), so a result can be traced to them. */
  policy: Policy.optional(),
  /** running → finished (or failed when a component could not be solved after its retries). */
  status: z.enum(['running', 'finished', 'failed']).default('finished'),
  requested_by: z.string().optional(),
  /** Independent parts the run was split into, and any that failed (each named with its error). */
  components: z.int().min(0).optional(),
  failed_components: z.array(z.string()).default([]),
  inputs: z.strictObject({
    organisations: z.int().min(0),
    ambassadors: z.int().min(0),
    requests: z.int().min(0),
    history: z.int().min(0),
  }),
  outcome: z
    .strictObject({
      filled: z.int().min(0),
      priority_filled: z.int().min(0),
      unfilled: z.int().min(0),
      assignments: z.int().min(0),
      unfilled_by_reason: Counts,
    })
    .optional(),
  /**
   * What the run changed of offers already sent (stable re-planning): offers withdrawn from an
   * ambassador, and offers moved to other sessions. Zero unless Policy.replan.change_offers is on.
   */
  churn: z.strictObject({ offers_withdrawn: z.int().min(0), offers_changed: z.int().min(0) }).optional(),
});
export type MatchRun = z.infer<typeof MatchRun>;

/** One row of a run's unfilled.csv: why a request was not filled. */
export const UnfilledRequest = z.strictObject({
  request_id: Id,
  reason: UnfilledReason,
  filled: z.int().min(0),
  needed: z.int().min(1),
  nearest_km: z.number().min(0).optional(),
  /** Candidates left after each funnel stage, in funnel order. */
  funnel: z.array(z.int().min(0)),
});
export type UnfilledRequest = z.infer<typeof UnfilledRequest>;

/** Field names of a schema's shape that are marked personal. */
export function personalFields(schema: { shape: Record<string, z.ZodType> }): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => field.meta()?.personal === true)
    .map(([key]) => key);
}
