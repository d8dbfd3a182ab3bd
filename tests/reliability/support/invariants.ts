import { BOOKING_STATUSES, type Offer, RequestStatus } from '@stem-match/domain';
import type { Store } from '@stem-match/store';

const LIVE = new Set<string>(['offered', 'accepted']);

/**
 * Everything that must hold of the store whatever crashed or raced, read raw (a half-written record
 * must show up here, not make a decoder throw). Returns one line per breach; [] means consistent:
 * - every request is in exactly one status set (nationally and for its hub), the one its hash names;
 * - an offered request holds exactly `needed` live offers, all from the run that offered it; a
 *   confirmed one only accepted offers; any other status holds no live offer;
 * - each ambassador's bookings index lists exactly the requests whose offers hold their time;
 * - no ambassador has two sessions that overlap (no double booking);
 * - every request was submitted exactly once (one `submitted` audit entry).
 */
export async function consistencyProblems(store: Store): Promise<string[]> {
  const redis = store.client;
  const keys = store.keys;
  const problems: string[] = [];
  const refs = await redis.smembers(keys.requests);
  const members = new Map<string, Set<string>>();
  for (const status of RequestStatus.options)
    members.set(status, new Set(await redis.smembers(keys.requestsByStatus(status))));

  const bookings = new Map<string, Array<{ ref: string; start: number; end: number }>>();
  const pipe = redis.pipeline();
  for (const ref of refs) {
    pipe.hgetall(keys.request(ref));
    pipe.hgetall(keys.offers(ref));
    pipe.xrange(keys.requestAudit(ref), '-', '+');
  }
  const replies = (await pipe.exec()) ?? [];
  for (const [i, ref] of refs.entries()) {
    const hash = replies[3 * i]![1] as Record<string, string>;
    const offers = Object.values(replies[3 * i + 1]![1] as Record<string, string>).map(
      (json) => JSON.parse(json) as Offer,
    );
    const trail = replies[3 * i + 2]![1] as Array<[string, string[]]>;
    if (!hash.data || !hash.status) {
      problems.push(`${ref}: indexed but its record is missing or half-written`);
      continue;
    }
    const request = JSON.parse(hash.data) as { hub: string; needed: number };
    const status = hash.status;
    const inSets = RequestStatus.options.filter((s) => members.get(s)!.has(ref));
    if (inSets.length !== 1 || inSets[0] !== status)
      problems.push(`${ref}: status ${status} but in the status set(s) [${inSets.join(', ')}]`);
    if (!(await redis.sismember(keys.hubRequestsByStatus(request.hub, status), ref)))
      problems.push(`${ref}: missing from hub ${request.hub}'s ${status} set`);
    const live = offers.filter((o) => LIVE.has(o.status));
    if (status === 'offered' || status === 'confirmed') {
      if (live.length !== request.needed)
        problems.push(`${ref}: ${status} with ${live.length} live offers for ${request.needed} needed`);
      if (live.some((o) => o.run_id !== hash.run))
        problems.push(`${ref}: live offers from a run other than ${hash.run}`);
      if (status === 'confirmed' && live.some((o) => o.status !== 'accepted'))
        problems.push(`${ref}: confirmed with an unanswered offer`);
    } else if (live.length > 0) {
      problems.push(`${ref}: ${status} yet holds ${live.length} live offer(s)`);
    }
    for (const o of offers) {
      if (!BOOKING_STATUSES.includes(o.status)) continue;
      const list = bookings.get(o.ambassador_id) ?? [];
      for (const s of o.sessions) list.push({ ref, start: Date.parse(s.start), end: Date.parse(s.end) });
      bookings.set(o.ambassador_id, list);
    }
    const submitted = trail.filter(([, fields]) => fields[fields.indexOf('event') + 1] === 'submitted');
    if (submitted.length !== 1) problems.push(`${ref}: ${submitted.length} 'submitted' audit entries`);
  }
  for (const status of RequestStatus.options)
    for (const ref of members.get(status)!)
      if (!refs.includes(ref)) problems.push(`${ref}: in the ${status} set but not a known request`);

  for (const ambassador of await redis.smembers(keys.ambassadors)) {
    const held = bookings.get(ambassador) ?? [];
    const indexed = new Set(await redis.zrange(keys.ambassadorBookings(ambassador), 0, -1));
    const expected = new Set(held.map((b) => b.ref));
    if (indexed.size !== expected.size || [...expected].some((r) => !indexed.has(r)))
      problems.push(
        `ambassador ${ambassador}: bookings index [${[...indexed].sort()}] but offers hold [${[...expected].sort()}]`,
      );
    held.sort((a, b) => a.start - b.start);
    for (let j = 1; j < held.length; j++) {
      if (held[j]!.start < held[j - 1]!.end)
        problems.push(`ambassador ${ambassador}: double-booked on ${held[j - 1]!.ref} and ${held[j]!.ref}`);
    }
  }
  return problems;
}
