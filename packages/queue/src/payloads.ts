import {
  ActivityRequest,
  Actor,
  formatProblem,
  HubId,
  Id,
  Instant,
  LocalDate,
  OfferSession,
  problemsFrom,
  ReportName,
} from '@stem-match/domain';
import * as z from 'zod';

// Every job's data, as a schema: the producer validates before sending and the worker validates
// again (never trust the producer). Jobs carry ids and requests, never personal data.

export const SubmitJob = z.strictObject({ kind: z.literal('submit'), hub: HubId, request: ActivityRequest });
export const CancelJob = z.strictObject({ kind: z.literal('cancel'), hub: HubId, request_id: Id });
export const IntakeJob = z.discriminatedUnion('kind', [SubmitJob, CancelJob]);
export type IntakeJob = z.infer<typeof IntakeJob>;

export const MatchRunJob = z.strictObject({
  /** Absent for scheduled runs: the run id then derives from the job id, stable across retries. */
  run_id: Id.optional(),
  requested_by: Actor,
  /** Run date; defaults to the day the job runs (UK). */
  today: LocalDate.optional(),
});
export type MatchRunJob = z.infer<typeof MatchRunJob>;

/** The DBS sweep: `now` only to replay a past or future day (tests); by default the time it runs. */
export const DbsSweepJob = z.strictObject({ now: Instant.optional() });
export type DbsSweepJob = z.infer<typeof DbsSweepJob>;

/** Ambassadors a re-import withdrew (DBS no longer valid): each withdrawal's sessions, for the cascade. */
export const DbsCascadeJob = z.strictObject({
  withdrawals: z
    .array(
      z.strictObject({
        ambassador: Id,
        /** `hub:id` */
        request: z.string().min(3),
        from_session: z.int().min(1),
        run_id: Id,
        sessions: z.array(OfferSession),
      }),
    )
    .max(5000),
});
export type DbsCascadeJob = z.infer<typeof DbsCascadeJob>;

export const SolveJob = z.strictObject({
  run_id: Id,
  /** The run's part number: a part holds one or more independent components, committed together. */
  component: z.int().min(0),
  /** Where the part's sub-snapshot is stored for this run. */
  part_key: z.string().min(1),
});
export type SolveJob = z.infer<typeof SolveJob>;

const OfferRef = { hub: HubId, request_id: Id, ambassador_id: Id };
export const RespondJob = z.strictObject({
  kind: z.literal('respond'),
  ...OfferRef,
  /** `cannot_attend`: an accepted (or pending) offer the ambassador can no longer keep (e.g. from a reminder). */
  response: z.enum(['accept', 'decline', 'cannot_attend']),
  run_id: Id.optional(),
});
export const LapseJob = z.strictObject({ kind: z.literal('lapse'), ...OfferRef, run_id: Id });
export const CompleteJob = z.strictObject({
  kind: z.literal('complete'),
  ...OfferRef,
  volunteer_hours: z.number().min(0).max(1000),
  /** Young people reached. */
  participants: z.int().min(0).max(100_000),
  /** The organiser's satisfaction, 1 to 5. */
  satisfaction: z.int().min(1).max(5).optional(),
});
export const OfferJob = z.discriminatedUnion('kind', [RespondJob, LapseJob, CompleteJob]);
export type OfferJob = z.infer<typeof OfferJob>;

/**
 * A reminder before one session, due at 09:00 UK time `days_before` days before it. Ids only: the
 * delivery looks up whom to tell when it is sent, and sends nothing if the assignment no longer stands.
 */
export const ReminderJob = z.strictObject({
  kind: z.literal('reminder'),
  hub: Id,
  request_id: Id,
  to: z.enum(['ambassador', 'organiser']),
  /** The ambassador reminded, or (organiser) absent. */
  ambassador_id: Id.optional(),
  session: z.int().min(1),
  /** The session's start as it was when the reminder was scheduled: a moved session is not reminded. */
  start: Instant,
  days_before: z.int().min(1).max(28),
});
export type ReminderJob = z.infer<typeof ReminderJob>;

/** What the dead-letter queue keeps: where it came from, why it failed (readably), and the payload. */
export const DeadLetter = z.strictObject({
  queue: z.string(),
  job_id: z.string(),
  job_name: z.string(),
  error: z.string(),
  failed_at: z.string(),
  payload: z.unknown(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/**
 * The largest job data (as JSON) the hub client sends and the workers take: a real request is about
 * 1 KB; anything past this is refused before it costs Redis memory or a worker's parse time.
 */
export const MAX_JOB_BYTES = 64 * 1024;

/** How many bytes `data` takes as JSON (UTF-8); undefined if it is not JSON at all (a cycle, a BigInt). */
export function jsonBytes(data: unknown): number | undefined {
  try {
    const json = JSON.stringify(data);
    return json === undefined ? undefined : Buffer.byteLength(json);
  } catch {
    return undefined;
  }
}

/** Problems shown in a reason before the rest are counted: a reason is read by a person. */
const SHOWN_PROBLEMS = 10;

/**
 * Reads a job's data with its schema (never trust the producer). A refusal carries the reason for a
 * person: the size if over MAX_JOB_BYTES, else each wrong field with what was given (shortened) and
 * what was expected, at most SHOWN_PROBLEMS of them.
 */
export function readJob<S extends z.ZodType>(
  schema: S,
  data: unknown,
): { data: z.output<S> } | { refused: string } {
  const bytes = jsonBytes(data);
  if (bytes === undefined) return { refused: 'the job data is not JSON' };
  if (bytes > MAX_JOB_BYTES)
    return {
      refused: `the job data is ${bytes.toLocaleString('en-GB')} bytes, over the limit of ${MAX_JOB_BYTES.toLocaleString('en-GB')}`,
    };
  const parsed = schema.safeParse(data);
  if (parsed.success) return { data: parsed.data };
  const problems = problemsFrom(parsed.error.issues, data);
  const more = problems.length - SHOWN_PROBLEMS;
  return {
    refused: [
      ...problems.slice(0, SHOWN_PROBLEMS).map(formatProblem),
      ...(more > 0 ? [`… and ${more} more problem(s)`] : []),
    ].join('; '),
  };
}

/** BullMQ job ids may not contain ':'; request ids may. */
export const jobIdFor = (...parts: string[]): string => parts.map(encodeURIComponent).join('|');

/** A report on demand (or the monthly set): what to run, for whom, and in which formats. */
export const ReportJob = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('report'),
    report: ReportName,
    hub: HubId.optional(),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    formats: z
      .array(z.enum(['csv', 'json', 'md', 'html']))
      .min(1)
      .default(['html']),
    requested_by: Actor,
  }),
  /** The scheduled monthly summaries: nationally and for every hub, for the month before `today`. */
  z.strictObject({ kind: z.literal('monthly-all'), today: LocalDate.optional() }),
]);
export type ReportJob = z.infer<typeof ReportJob>;
