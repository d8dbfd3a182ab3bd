import type { Ambassador, HistoryRecord, Hub, Organisation, StoredRequest } from '@stem-match/domain';
import { readHistory } from './history.js';
import { inFlight } from './in-flight.js';
import { type RequestStreamOptions, readRequestRows } from './request-rows.js';
import type { Store } from './store.js';
import { type RequestState, readSubmitted } from './submitted.js';

const BATCH = 2000;

/**
 * Reads the next batch while the caller works on this one, so Redis round trips and the caller's
 * CPU overlap instead of taking turns.
 */
async function* ahead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = it.next();
    yield current.value;
  }
}

/**
 * A set's members in batches (SSCAN), each exactly once: SCAN may repeat a member while Redis
 * rehashes, and a repeated request would be counted twice. Redis is never blocked by one big reply.
 */
async function* scanSet(store: Store, key: string): AsyncIterable<string[]> {
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const [next, members] = await store.client.sscan(key, cursor, 'COUNT', BATCH);
    const fresh = members.filter((m) => !seen.has(m));
    for (const m of fresh) seen.add(m);
    if (fresh.length > 0) yield fresh;
    cursor = next;
  } while (cursor !== '0');
}

/** JSON records kept as one string key each, listed in an index set: read in MGET batches. */
function streamJson<T>(store: Store, index: string, key: (id: string) => string): AsyncIterable<T[]> {
  return ahead(readJson<T>(store, index, key));
}

async function* readJson<T>(store: Store, index: string, key: (id: string) => string): AsyncIterable<T[]> {
  for await (const ids of scanSet(store, index)) {
    const values = await store.client.mget(...ids.map(key));
    yield values.flatMap((v) => (v === null ? [] : [JSON.parse(v) as T]));
  }
}

export const streamHubs = (store: Store) => streamJson<Hub>(store, store.keys.hubs, store.keys.hub);
export const streamOrganisations = (store: Store) =>
  streamJson<Organisation>(store, store.keys.organisations, store.keys.organisation);
export const streamAmbassadors = (store: Store) =>
  streamJson<Ambassador>(store, store.keys.ambassadors, store.keys.ambassador);

/** Imported history in batches of whole chunks, each record once. */
export const streamHistory = (store: Store): AsyncIterable<HistoryRecord[]> => ahead(readHistory(store));

/**
 * Every request with its offers, in batches. Records are read as the store wrote them (validated on
 * the way in) without validating each again: reports read millions.
 */
export const streamRequests = (
  store: Store,
  options: RequestStreamOptions = {},
): AsyncIterable<StoredRequest[]> => ahead(readRequests(store, options));

/**
 * Every request once with its state, in batches, for reports: from the submitted chunks (see
 * submitted.ts), or request by request in a store holding requests from before them.
 */
export async function* streamRequestStates(
  store: Store,
  options: RequestStreamOptions = {},
): AsyncIterable<RequestState[]> {
  yield* ahead((await readSubmitted(store, options)) ?? readRequests(store, options));
}

/** The hash fields a `StoredRequest` is made of; the first tells whether the request exists. */
const STORED_FIELDS = ['data', 'status', 'version', 'submitted_at', 'updated_at', 'explanation'];

/** Batches of requests read at once: Redis answers one while the client decodes another. */
const IN_FLIGHT = 3;

function readRequests(store: Store, options: RequestStreamOptions): AsyncIterable<StoredRequest[]> {
  return inFlight(scanSet(store, store.keys.requests), IN_FLIGHT, async (refs) => {
    const out: StoredRequest[] = [];
    for (const row of await readRequestRows(store, options, STORED_FIELDS, refs)) {
      if (!row) continue;
      const [data, status, version, submitted_at, updated_at, explanation] = row.values;
      const request = JSON.parse(data!) as StoredRequest['request'];
      request.status = status as StoredRequest['status'];
      const stored: StoredRequest = {
        request,
        status: request.status,
        version: Number(version),
        submitted_at: submitted_at!,
        updated_at: updated_at!,
        offers: row.offers,
      };
      if (explanation) stored.explanation = JSON.parse(explanation);
      out.push(stored);
    }
    return out;
  });
}

/** Everything in an index, whole: for the small collections (hubs, organisations) and for tests. */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}
