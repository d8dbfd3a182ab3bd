import type { Ambassador, HistoryRecord, Hub, Organisation, StoredRequest } from '@stem-match/domain';
import type { Store } from './store.js';

const BATCH = 1000;

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
async function* streamJson<T>(store: Store, index: string, key: (id: string) => string): AsyncIterable<T[]> {
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
export async function* streamHistory(store: Store): AsyncIterable<HistoryRecord[]> {
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
 * Every request with its offers, in pipelined batches. Records are read as the store wrote them
 * (validated on the way in) without validating each again: reports read millions.
 */
export async function* streamRequests(store: Store): AsyncIterable<StoredRequest[]> {
  for await (const refs of scanSet(store, store.keys.requests))
    yield store.getRequests(refs, { trusted: true });
}

/** Everything in an index, whole: for the small collections (hubs, organisations) and for tests. */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}
