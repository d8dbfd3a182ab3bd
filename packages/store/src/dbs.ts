import { type Actor, type Ambassador, dbsInvalidFrom, type Offer } from '@stem-match/domain';
import type { Progress, Store } from './store.js';

/** One ambassador withdrawn from the sessions of one request that their DBS check no longer covers. */
export interface DbsWithdrawal {
  ambassador: string;
  /** `hub:id` */
  request: string;
  /** The first session withdrawn; those before it stand. */
  from_session: number;
  /** The offer's run, and the sessions withdrawn (for the offer cascade to hand to a substitute). */
  run_id: string;
  sessions: Offer['sessions'];
}

const BATCH = 500;

/**
 * Safeguarding after the fact: finds every offer or booking (offered or accepted) that holds a
 * session starting on or after the day the ambassador's DBS check stops being valid — and not
 * already started — and withdraws the ambassador from those sessions, with an audit entry saying
 * why; the request goes back to be matched (see DBS_WITHDRAW). Run it after ambassadors are
 * re-imported (`ambassadors`: just those) and daily for all (time passes expiry dates). A check
 * that is not `cleared`, or has no expiry date, covers no session from `now` on.
 */
export async function withdrawLapsedDbs(
  store: Store,
  options: { ambassadors?: readonly string[]; now?: Date; actor?: Actor; onProgress?: Progress } = {},
): Promise<DbsWithdrawal[]> {
  const now = (options.now ?? new Date()).getTime();
  const actor = options.actor ?? 'system:dbs';
  const ids = options.ambassadors ?? (await store.client.smembers(store.keys.ambassadors));
  const out: DbsWithdrawal[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const pipe = store.client.pipeline();
    for (const id of batch) pipe.zrange(store.keys.ambassadorBookings(id), 0, -1);
    const bookings = ((await pipe.exec()) ?? []).map(([err, refs]) => {
      if (err) throw err;
      return refs as string[];
    });
    const held = batch.flatMap((id, j) => (bookings[j]!.length > 0 ? [{ id, refs: bookings[j]! }] : []));
    for (const { id, refs } of held) {
      const ambassador = await store.getAmbassador(id);
      const withdrawn = await withdrawAmbassador(store, id, ambassador, refs, now, actor);
      out.push(
        ...withdrawn.map((request) => ({
          ambassador: id,
          request: request.ref,
          from_session: request.from,
          run_id: request.run,
          sessions: request.sessions,
        })),
      );
    }
    options.onProgress?.(Math.min(i + BATCH, ids.length), ids.length);
  }
  return out;
}

async function withdrawAmbassador(
  store: Store,
  id: string,
  ambassador: Ambassador | undefined,
  refs: readonly string[],
  now: number,
  actor: Actor,
): Promise<Array<{ ref: string; from: number; run: string; sessions: Offer['sessions'] }>> {
  // An ambassador no longer on record has no check that can be shown valid.
  const invalidFrom = ambassador ? dbsInvalidFrom(ambassador) : Number.NEGATIVE_INFINITY;
  const cutoff = Math.max(now, invalidFrom);
  const pipe = store.client.pipeline();
  for (const ref of refs) pipe.hget(store.keys.offers(ref), id);
  const offers = ((await pipe.exec()) ?? []).map(([err, json]) => {
    if (err) throw err;
    return json === null ? undefined : (JSON.parse(json as string) as Offer);
  });
  const items = refs.flatMap((ref, j) => {
    const offer = offers[j];
    if (!offer || (offer.status !== 'offered' && offer.status !== 'accepted')) return [];
    const first = offer.sessions.find((s) => Date.parse(s.start) >= cutoff);
    if (!first) return [];
    return [
      {
        ref,
        hub: offer.hub,
        run: offer.run_id,
        from_session: first.session,
        start: first.start,
        end: first.end,
        sessions: offer.sessions.filter((s) => s.session >= first.session),
      },
    ];
  });
  if (items.length === 0) return [];
  const detail = ambassador
    ? ambassador.dbs_status === 'cleared' && ambassador.dbs_expires
      ? `DBS check expires ${ambassador.dbs_expires}`
      : `DBS check ${ambassador.dbs_status}`
    : 'ambassador no longer on record';
  const done = await store.scripts.stemDbsWithdraw(
    1,
    store.keys.ambassador(id),
    store.keys.prefix,
    id,
    new Date(now).toISOString(),
    actor,
    detail,
    JSON.stringify(items.map(({ sessions: _sessions, ...item }) => item)),
  );
  const byRef = new Map(items.map((x) => [x.ref, x]));
  return done.map((ref) => {
    const item = byRef.get(ref)!;
    return { ref, from: item.from_session, run: item.run, sessions: item.sessions };
  });
}
