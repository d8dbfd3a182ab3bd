import {
  type Ambassador,
  BOOKING_STATUSES,
  type HistoryRecord,
  type Organisation,
  type StoredRequest,
} from '@stem-match/domain';
import type { Store } from './store.js';
import { collect, streamAmbassadors, streamHistory, streamOrganisations } from './stream.js';

/** What the matcher reads before a run: everything the engine needs, plus each open request's version. */
export interface StoreSnapshot {
  organisations: Organisation[];
  ambassadors: Ambassador[];
  /** Open requests, with the version a commit must still find. */
  open: StoredRequest[];
  /** Imported history plus every offer that holds an ambassador's time (offered, accepted, completed). */
  history: HistoryRecord[];
  /** Offered requests that `release` chose: their offers are not in `history` (a re-plan may change them). */
  released: StoredRequest[];
}

export interface SnapshotOptions {
  /** Offered requests whose offers a run may re-plan (see Policy.replan): left out of the bookings. */
  release?: (request: StoredRequest) => boolean;
}

/** Offers that hold an ambassador's time become existing bookings for the engine. */
export function bookingsOf(requests: readonly StoredRequest[]): HistoryRecord[] {
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

export async function readSnapshot(store: Store, options: SnapshotOptions = {}): Promise<StoreSnapshot> {
  const [organisations, ambassadors, history, open, offered, confirmed] = await Promise.all([
    // Sorted, so the same store gives the engine the same input whatever order SCAN returns.
    collect(streamOrganisations(store)).then(byId),
    collect(streamAmbassadors(store)).then(byId),
    collect(streamHistory(store)),
    store.requestRefs('open').then((refs) => store.getRequests(refs, { trusted: true })),
    store.requestRefs('offered').then((refs) => store.getRequests(refs, { trusted: true })),
    store.requestRefs('confirmed').then((refs) => store.getRequests(refs, { trusted: true })),
  ]);
  const released = options.release ? offered.filter(options.release) : [];
  const held = released.length > 0 ? offered.filter((r) => !released.includes(r)) : offered;
  return {
    organisations,
    ambassadors,
    open,
    // Open requests too: one resuming after a DBS withdrawal keeps the others' bookings.
    history: [...history, ...bookingsOf([...open, ...held, ...confirmed])],
    released,
  };
}

const byId = <T extends { id: string }>(items: T[]): T[] =>
  items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
