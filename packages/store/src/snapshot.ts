import {
  type Ambassador,
  BOOKING_STATUSES,
  type HistoryRecord,
  type Organisation,
  type StoredRequest,
} from '@stem-match/domain';
import type { Store } from './store.js';

/** What the matcher reads before a run: everything the engine needs, plus each open request's version. */
export interface StoreSnapshot {
  organisations: Organisation[];
  ambassadors: Ambassador[];
  /** Open requests, with the version a commit must still find. */
  open: StoredRequest[];
  /** Imported history plus every offer that holds an ambassador's time (offered, accepted, completed). */
  history: HistoryRecord[];
}

const BATCH = 1000;

async function readJsonSet<T>(store: Store, index: string, key: (id: string) => string): Promise<T[]> {
  const ids = (await store.client.smembers(index)).sort();
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const values = await store.client.mget(...ids.slice(i, i + BATCH).map(key));
    for (const v of values) if (v !== null) out.push(JSON.parse(v) as T);
  }
  return out;
}

/** Streams imported history in chunks (HSCAN), so a large history is never one reply. */
async function readHistory(store: Store): Promise<HistoryRecord[]> {
  const out: HistoryRecord[] = [];
  let cursor = '0';
  do {
    const [next, flat] = await store.client.hscan(store.keys.history, cursor, 'COUNT', BATCH);
    for (let i = 1; i < flat.length; i += 2) out.push(JSON.parse(flat[i]!) as HistoryRecord);
    cursor = next;
  } while (cursor !== '0');
  return out;
}

/** Offers that hold an ambassador's time become existing bookings for the engine. */
function bookingsOf(requests: readonly StoredRequest[]): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  for (const r of requests) {
    for (const o of r.offers) {
      if (!BOOKING_STATUSES.includes(o.status)) continue;
      for (const s of o.sessions) {
        out.push({
          organisation_id: r.request.organisation_id,
          ambassador_id: o.ambassador_id,
          request_id: r.request.id,
          activity_type: r.request.activity_type,
          start: s.start,
          end: s.end,
          status: o.status,
        });
      }
    }
  }
  return out;
}

export async function readSnapshot(store: Store): Promise<StoreSnapshot> {
  const k = store.keys;
  const [organisations, ambassadors, history, open, offered, confirmed] = await Promise.all([
    readJsonSet<Organisation>(store, k.organisations, k.organisation),
    readJsonSet<Ambassador>(store, k.ambassadors, k.ambassador),
    readHistory(store),
    store.requestRefs('open').then((refs) => store.getRequests(refs)),
    store.requestRefs('offered').then((refs) => store.getRequests(refs)),
    store.requestRefs('confirmed').then((refs) => store.getRequests(refs)),
  ]);
  return {
    organisations,
    ambassadors,
    open,
    history: [...history, ...bookingsOf([...offered, ...confirmed])],
  };
}
