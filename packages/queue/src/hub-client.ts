import {
  type ActivityRequest,
  ActivityRequest as ActivityRequestSchema,
  type Problem,
  problemsFrom,
  type RequestStatus,
  StemMatchError,
  type StoredRequest,
  UnavailableError,
  ValidationError,
  withholdPersonal,
} from '@stem-match/domain';
import type { RedisClient } from '@stem-match/store';
import { Store } from '@stem-match/store';
import { Queue } from 'bullmq';
import { describeConnection, whenReady } from './connection.js';
import { hubQueue, hubRegistry } from './hub-queues.js';
import { QUEUES } from './names.js';
import { type IntakeJob, jobIdFor, jsonBytes, MAX_JOB_BYTES, OfferJob } from './payloads.js';

/** A job that fails for a passing reason is tried again; one that never can is dead-lettered at once. */
const INTAKE_RETRIES = { attempts: 5, backoff: { type: 'exponential', delay: 1000 } };

export interface SubmitResult {
  request_id: string;
  /** accepted: queued for intake; duplicate: this hub already has it (nothing new is queued); rejected: invalid. */
  outcome: 'accepted' | 'duplicate' | 'rejected';
  status?: RequestStatus;
  problems?: Problem[];
}

export interface HubClientOptions {
  hub: string;
  /** A producer connection (see createConnection): fails fast when Redis is down. */
  connection: RedisClient;
  prefix: string;
  queuePrefix: string;
}

/**
 * The small typed client a hub uses. It validates before sending (the caller gets the problems at
 * once), is idempotent on hub + request id (the store, not job retention, decides), and resolves only
 * once Redis holds the job, so an acknowledged request is never lost.
 */
export function createHubClient(options: HubClientOptions) {
  const { hub, connection } = options;
  const store = new Store(connection, options.prefix);
  // The hub's own queues: with per-hub Redis credentials (stem-match acl) it can reach no other.
  const intake = new Queue<IntakeJob>(hubQueue(QUEUES.intake, hub), {
    connection,
    prefix: options.queuePrefix,
  });
  const offers = new Queue<OfferJob>(hubQueue(QUEUES.offers, hub), {
    connection,
    prefix: options.queuePrefix,
  });
  // Once connected, the client tells the workers this hub exists (once), so its queues are worked
  // before an import lists it.
  let registered: Promise<unknown> | undefined;
  // Failures reach the caller as rejected calls; the queues' own error events would only repeat them.
  for (const q of [intake, offers]) q.on('error', () => undefined);

  const unavailable = (what: string, state: string, cause?: unknown) =>
    new UnavailableError(
      `Redis at ${describeConnection(connection)} cannot be reached (${state}): ${what} not accepted; try again later (sending the same again is safe)`,
      cause === undefined ? undefined : { cause },
    );
  /**
   * Runs a call that needs Redis, failing fast: at once while the connection is down (ioredis
   * reconnecting with backoff) or its first attempt fails, after at most 3 s while it is still
   * connecting, and a call cut off mid-way as soon as ioredis gives it up. Redis's own refusals (a
   * server error reply) pass through as they are.
   */
  async function withRedis<T>(what: string, call: () => Promise<T>): Promise<T> {
    const state = connection.status;
    if (state === 'reconnecting' || state === 'close' || state === 'end') throw unavailable(what, state);
    try {
      await whenReady(connection, 3000);
    } catch (err) {
      throw unavailable(what, 'not connected', err);
    }
    try {
      registered ??= connection.sadd(hubRegistry(options.queuePrefix), hub).catch((err: unknown) => {
        registered = undefined;
        throw err;
      });
      await registered;
      return await call();
    } catch (err) {
      if (err instanceof StemMatchError || (err instanceof Error && err.name === 'ReplyError')) throw err;
      throw unavailable(what, 'connection lost', err);
    }
  }

  const check = (input: unknown): { request?: ActivityRequest; problems?: Problem[] } => {
    // The job carries the request and a few bytes more: a request near the limit is refused here.
    const bytes = jsonBytes(input);
    if (bytes !== undefined && bytes > MAX_JOB_BYTES - 1024) {
      return {
        problems: [
          {
            field: '(request)',
            given: `${bytes.toLocaleString('en-GB')} bytes`,
            expected: `a request of at most ${(MAX_JOB_BYTES - 1024).toLocaleString('en-GB')} bytes of JSON`,
          },
        ],
      };
    }
    const parsed = ActivityRequestSchema.safeParse(input);
    if (!parsed.success) return { problems: problemsFrom(parsed.error.issues, input) };
    if (parsed.data.hub !== hub) {
      return {
        problems: [
          { field: 'hub', given: JSON.stringify(parsed.data.hub), expected: `this client's hub, "${hub}"` },
        ],
      };
    }
    return { request: parsed.data };
  };

  // An id as given, for messages: withheld if it looks like personal data, and shortened, since an
  // invalid one may be any length.
  const idOf = (input: unknown): string => {
    const id = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') return '(no id)';
    const safe = withholdPersonal(id) as string;
    return safe.length > 64 ? `${safe.slice(0, 64)}…` : safe;
  };

  async function sendOffer(name: 'respond' | 'complete', input: Record<string, unknown>): Promise<void> {
    const what = `${name === 'respond' ? 'reply to offer' : 'completion'} for request ${idOf({ id: input.request_id })} (hub ${hub})`;
    const parsed = OfferJob.safeParse(input);
    if (!parsed.success) throw new ValidationError(what, problemsFrom(parsed.error.issues, input));
    await withRedis(what, () => offers.add(name, parsed.data));
  }

  async function submitMany(inputs: readonly unknown[], what: string): Promise<SubmitResult[]> {
    const checked = inputs.map(check);
    const valid = checked.flatMap((c) => (c.request ? [c.request] : []));
    // Nothing valid: the problems come back at once, whether or not Redis is up.
    const existing =
      valid.length === 0
        ? new Map<string, RequestStatus>()
        : await withRedis(what, async () => {
            const statuses = await store.requestStatuses(valid.map((r) => `${hub}:${r.id}`));
            const found = new Map<string, RequestStatus>();
            valid.forEach((r, i) => {
              if (statuses[i] !== undefined) found.set(r.id, statuses[i]);
            });
            const jobs = valid
              .filter((r) => !found.has(r.id))
              .map((request) => ({
                name: 'submit',
                data: { kind: 'submit' as const, hub, request },
                opts: { jobId: jobIdFor('submit', hub, request.id), ...INTAKE_RETRIES },
              }));
            // One job: a plain add (one script call); more: one transaction for all of them.
            if (jobs.length === 1) await intake.add(jobs[0]!.name, jobs[0]!.data, jobs[0]!.opts);
            else if (jobs.length > 1) await intake.addBulk(jobs);
            return found;
          });
    return checked.map((c, i): SubmitResult => {
      if (!c.request) return { request_id: idOf(inputs[i]), outcome: 'rejected', problems: c.problems ?? [] };
      const status = existing.get(c.request.id);
      return status
        ? { request_id: c.request.id, outcome: 'duplicate', status }
        : { request_id: c.request.id, outcome: 'accepted' };
    });
  }

  return {
    hub,
    /** Submits one request; throws a ValidationError naming every wrong field if it is invalid. */
    async submitRequest(input: unknown): Promise<SubmitResult> {
      const [result] = await submitMany([input], `request ${idOf(input)} (hub ${hub})`);
      if (result!.outcome === 'rejected')
        throw new ValidationError(`request ${result!.request_id} (hub ${hub})`, result!.problems!);
      return result!;
    },
    /** Submits many at once; invalid ones come back rejected with their problems, the rest go ahead. */
    submitRequests: (inputs: readonly unknown[]) =>
      submitMany(inputs, `${inputs.length} request(s) from hub ${hub}`),
    async cancelRequest(requestId: string): Promise<void> {
      await withRedis(`cancellation of request ${requestId} (hub ${hub})`, () =>
        intake.add(
          'cancel',
          { kind: 'cancel', hub, request_id: requestId },
          { jobId: jobIdFor('cancel', hub, requestId), ...INTAKE_RETRIES },
        ),
      );
    },
    /** The request's status, offers and (if unfilled) why; undefined if intake has not stored it yet. */
    async getRequest(requestId: string): Promise<StoredRequest | undefined> {
      return withRedis(`lookup of request ${requestId} (hub ${hub})`, () => store.getRequest(hub, requestId));
    },
    /** An ambassador's reply to an offer; throws a ValidationError naming every wrong field. */
    async respondToOffer(reply: {
      request_id: string;
      ambassador_id: string;
      response: 'accept' | 'decline';
    }): Promise<void> {
      await sendOffer('respond', { kind: 'respond', hub, ...reply });
    },
    /**
     * The ambassador can no longer attend (an accepted or pending offer, e.g. replying to a
     * reminder): their offer ends and the next free substitute is offered the sessions not yet held.
     */
    async cannotAttend(reply: { request_id: string; ambassador_id: string }): Promise<void> {
      await sendOffer('respond', { kind: 'respond', hub, ...reply, response: 'cannot_attend' });
    },
    /** Marks a delivered activity completed with volunteer hours, young people reached, and satisfaction. */
    async completeActivity(done: {
      request_id: string;
      ambassador_id: string;
      volunteer_hours: number;
      participants: number;
      satisfaction?: number;
    }): Promise<void> {
      await sendOffer('complete', { kind: 'complete', hub, ...done });
    },
    async close(): Promise<void> {
      await Promise.all([intake.close(), offers.close()]);
    },
  };
}
export type HubClient = ReturnType<typeof createHubClient>;
