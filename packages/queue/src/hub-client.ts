import {
  type ActivityRequest,
  ActivityRequest as ActivityRequestSchema,
  type Problem,
  problemsFrom,
  type RequestStatus,
  type StoredRequest,
  ValidationError,
  withholdPersonal,
} from '@stem-match/domain';
import { Store } from '@stem-match/store';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { whenReady } from './connection.js';
import { hubQueue, hubRegistry } from './hub-queues.js';
import { QUEUES } from './names.js';
import { type IntakeJob, jobIdFor, OfferJob } from './payloads.js';

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
  connection: Redis;
  prefix: string;
  queuePrefix: string;
}

/** A rejected request's id as repeated back: withheld if it looks like personal data, and short. */
const describeId = (id: string): string => {
  const safe = withholdPersonal(id) as string;
  return safe.length > 64 ? `${safe.slice(0, 64)}…` : safe;
};

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
  // Producers fail fast: wait a bounded time for the connection, then report Redis as unreachable.
  // Then tell the workers this hub exists (once), so its queues are worked before an import lists it.
  let registered: Promise<unknown> | undefined;
  const ready = async () => {
    await whenReady(connection, 3000);
    registered ??= connection.sadd(hubRegistry(options.queuePrefix), hub).catch((err: unknown) => {
      registered = undefined;
      throw err;
    });
    await registered;
  };

  const check = (input: unknown): { request?: ActivityRequest; problems?: Problem[] } => {
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

  // The id of a rejected request is repeated back: never as given if it looks like personal data.
  const idOf = (input: unknown): string =>
    typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string'
      ? describeId((input as { id: string }).id)
      : '(no id)';

  async function sendOffer(name: 'respond' | 'complete', input: Record<string, unknown>): Promise<void> {
    const parsed = OfferJob.safeParse(input);
    if (!parsed.success) {
      const subject = `${name === 'respond' ? 'reply to offer' : 'completion'} for request ${String(input.request_id)} (hub ${hub})`;
      throw new ValidationError(subject, problemsFrom(parsed.error.issues, input));
    }
    await ready();
    await offers.add(name, parsed.data);
  }

  async function submitMany(inputs: readonly unknown[]): Promise<SubmitResult[]> {
    const checked = inputs.map(check);
    await ready();
    const valid = checked.flatMap((c) => (c.request ? [c.request] : []));
    const existing = new Map(
      (await store.getRequests(valid.map((r) => `${hub}:${r.id}`))).map((s) => [s.request.id, s] as const),
    );
    const toQueue = valid.filter((r) => !existing.has(r.id));
    if (toQueue.length > 0) {
      await intake.addBulk(
        toQueue.map((request) => ({
          name: 'submit',
          data: { kind: 'submit' as const, hub, request },
          opts: { jobId: jobIdFor('submit', hub, request.id) },
        })),
      );
    }
    return checked.map((c, i): SubmitResult => {
      if (!c.request) return { request_id: idOf(inputs[i]), outcome: 'rejected', problems: c.problems ?? [] };
      const found = existing.get(c.request.id);
      return found
        ? { request_id: c.request.id, outcome: 'duplicate', status: found.status }
        : { request_id: c.request.id, outcome: 'accepted' };
    });
  }

  return {
    hub,
    /** Submits one request; throws a ValidationError naming every wrong field if it is invalid. */
    async submitRequest(input: unknown): Promise<SubmitResult> {
      const [result] = await submitMany([input]);
      if (result!.outcome === 'rejected')
        throw new ValidationError(`request ${result!.request_id} (hub ${hub})`, result!.problems!);
      return result!;
    },
    /** Submits many at once; invalid ones come back rejected with their problems, the rest go ahead. */
    submitRequests: submitMany,
    async cancelRequest(requestId: string): Promise<void> {
      await ready();
      await intake.add(
        'cancel',
        { kind: 'cancel', hub, request_id: requestId },
        { jobId: jobIdFor('cancel', hub, requestId) },
      );
    },
    /** The request's status, offers and (if unfilled) why; undefined if intake has not stored it yet. */
    async getRequest(requestId: string): Promise<StoredRequest | undefined> {
      await ready();
      return store.getRequest(hub, requestId);
    },
    /** An ambassador's reply to an offer; throws a ValidationError naming every wrong field. */
    async respondToOffer(reply: {
      request_id: string;
      ambassador_id: string;
      response: 'accept' | 'decline';
    }): Promise<void> {
      await sendOffer('respond', { kind: 'respond', hub, ...reply });
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
