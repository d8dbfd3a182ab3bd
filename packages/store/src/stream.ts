import type { Ambassador, HistoryRecord, Hub, Organisation, StoredRequest } from '@stem-match/domain';
import type { Store } from './store.js';

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

/** Imported history in batches (HSCAN), each record once. */
export const streamHistory = (store: Store): AsyncIterable<HistoryRecord[]> => ahead(scanHistory(store));

async function* scanHistory(store: Store): AsyncIterable<HistoryRecord[]> {
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const [next, flat] = await store.client.hscan(store.keys.history, cursor, 'COUNT', BATCH);
    const out: HistoryRecord[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      if (seen.has(flat[i]!)) continue;
      seen.add(flat[i]!);
      out.push(JSON.parse(flat[i + 1]!) as HistoryRecord);
    }
    if (out.length > 0) yield out;
    cursor = next;
  } while (cursor !== '0');
}

/**
 * Every request with its offers, in batches. Records are read as the store wrote them (validated on
 * the way in) without validating each again: reports read millions.
 */
export const streamRequests = (store: Store): AsyncIterable<StoredRequest[]> => ahead(readRequests(store));

/**
 * A batch of requests and their offers in one round trip: per request its state fields and offers'
 * JSON. (Two commands per request cost more in the client than Redis spends answering them.)
 */
const READ_REQUESTS = `
local out = {}
for i = 1, #KEYS, 2 do
  out[#out + 1] = redis.call('HMGET', KEYS[i], 'data', 'status', 'version', 'submitted_at', 'updated_at', 'explanation')
  out[#out + 1] = redis.call('HVALS', KEYS[i + 1])
end
return out`;

type Row = [string | null, string, string, string, string, string | null];
type WithReadRequests = Store['client'] & {
  stemReadRequests?: (n: number, ...keys: string[]) => Promise<unknown>;
};

/** Batches of requests read at once: Redis answers one while the client decodes another. */
const IN_FLIGHT = 3;

async function* readRequests(store: Store): AsyncIterable<StoredRequest[]> {
  const client = store.client as WithReadRequests;
  if (!client.stemReadRequests) client.defineCommand('stemReadRequests', { lua: READ_REQUESTS });
  const pending: Array<Promise<unknown>> = [];
  for await (const refs of scanSet(store, store.keys.requests)) {
    const keys = refs.flatMap((ref) => [store.keys.request(ref), store.keys.offers(ref)]);
    pending.push(client.stemReadRequests!(keys.length, ...keys));
    if (pending.length >= IN_FLIGHT) yield decodeRequests((await pending.shift()) as Array<Row | string[]>);
  }
  while (pending.length > 0) yield decodeRequests((await pending.shift()) as Array<Row | string[]>);
}

function decodeRequests(reply: Array<Row | string[]>): StoredRequest[] {
  const out: StoredRequest[] = [];
  for (let i = 0; i < reply.length; i += 2) {
    const [data, status, version, submitted_at, updated_at, explanation] = reply[i] as Row;
    if (data === null) continue;
    out.push({
      request: { ...JSON.parse(data), status },
      status: status as StoredRequest['status'],
      version: Number(version),
      submitted_at,
      updated_at,
      ...(explanation ? { explanation: JSON.parse(explanation) } : {}),
      offers: (reply[i + 1] as string[]).map((o) => JSON.parse(o)),
    });
  }
  return out;
}

/** Everything in an index, whole: for the small collections (hubs, organisations) and for tests. */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}
