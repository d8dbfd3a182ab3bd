import type { Ambassador, HistoryRecord, Hub, Organisation, StoredRequest } from '@stem-match/domain';
import { readHistory } from './history.js';
import type { Store } from './store.js';
import { type RequestState, type RequestStreamOptions, readSubmitted } from './submitted.js';

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

/**
 * A batch of requests in one round trip, as one flat reply (nested replies cost Redis and the client
 * more): per request `data, status, version, submitted_at, updated_at, explanation, n, n × offer`.
 * KEYS[1] (the request index) only routes the call to the store's slot; the request and offer keys
 * are built from the prefix (ARGV[1]) and share its hash tag. ARGV[2]: '1' to read offers, ARGV[3]:
 * '1' to leave out requests without offers; then the `hub:id` references.
 */
const READ_REQUESTS = `
local prefix, withOffers, offersOnly = ARGV[1], ARGV[2] == '1', ARGV[3] == '1'
local out, none = {}, {}
for i = 4, #ARGV do
  local ref = ARGV[i]
  local offers = none
  if withOffers then offers = redis.call('HVALS', prefix .. ':offers:' .. ref) end
  if not offersOnly or #offers > 0 then
    local h = redis.call('HMGET', prefix .. ':req:' .. ref, 'data', 'status', 'version', 'submitted_at', 'updated_at', 'explanation')
    if h[1] then
      local n = #out
      for j = 1, 6 do out[n + j] = h[j] end
      out[n + 7] = #offers
      for j = 1, #offers do out[n + 7 + j] = offers[j] end
    end
  end
end
return out`;

type WithReadRequests = Store['client'] & {
  stemReadRequests?: (key: string, ...args: string[]) => Promise<Array<string | null>>;
};

/** Batches of requests read at once: Redis answers one while the client decodes another. */
const IN_FLIGHT = 3;

async function* readRequests(store: Store, options: RequestStreamOptions): AsyncIterable<StoredRequest[]> {
  const client = store.client as WithReadRequests;
  if (!client.stemReadRequests)
    client.defineCommand('stemReadRequests', { numberOfKeys: 1, lua: READ_REQUESTS });
  const offersOnly = options.withOffersOnly === true;
  const flags = [offersOnly || options.offers !== false ? '1' : '0', offersOnly ? '1' : '0'];
  const pending: Array<Promise<Array<string | null>>> = [];
  for await (const refs of scanSet(store, store.keys.requests)) {
    pending.push(client.stemReadRequests!(store.keys.requests, store.keys.prefix, ...flags, ...refs));
    if (pending.length >= IN_FLIGHT) yield decodeRequests(await pending.shift()!);
  }
  while (pending.length > 0) yield decodeRequests(await pending.shift()!);
}

function decodeRequests(reply: Array<string | null>): StoredRequest[] {
  const out: StoredRequest[] = [];
  for (let i = 0; i < reply.length; ) {
    const request = JSON.parse(reply[i]!) as StoredRequest['request'];
    const status = reply[i + 1] as StoredRequest['status'];
    request.status = status;
    const explanation = reply[i + 5];
    const n = Number(reply[i + 6]);
    const offers: StoredRequest['offers'] = new Array(n);
    for (let j = 0; j < n; j++) offers[j] = JSON.parse(reply[i + 7 + j]!);
    const stored: StoredRequest = {
      request,
      status,
      version: Number(reply[i + 2]),
      submitted_at: reply[i + 3]!,
      updated_at: reply[i + 4]!,
      offers,
    };
    if (explanation) stored.explanation = JSON.parse(explanation);
    out.push(stored);
    i += 7 + n;
  }
  return out;
}

/** Everything in an index, whole: for the small collections (hubs, organisations) and for tests. */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}
