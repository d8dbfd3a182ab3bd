import { type Ambassador, dayNumber, dbsInvalidFromDay, type Organisation } from '@stem-match/domain';
import { distanceKm } from '@stem-match/geo';
import type { RequestDetails } from './facts.js';

/** The matcher's rule (`dbsInvalidFromDay`): a cleared check is valid on the days before its expiry date. */
export function dbsValidOn(a: Ambassador, date: string): boolean {
  return dayNumber(date) < dbsInvalidFromDay(a);
}

/** The ambassador offers what the request asks: a subject of it, its key stage and activity type. */
export function offersWhatIsAsked(a: Ambassador, r: RequestDetails): boolean {
  return (
    a.key_stages.includes(r.key_stage) &&
    a.activity_types.includes(r.activity_type) &&
    r.subjects.some((s) => a.subjects.includes(s))
  );
}

/** Could visit in person: both sides allow it and the school is within the ambassador's (and request's) reach. */
export function canVisit(a: Ambassador, r: RequestDetails, org: Organisation): boolean {
  if (!a.in_person || r.mode === 'online') return false;
  const km = distanceKm(a.lat, a.lon, org.lat, org.lon);
  return km <= a.travel_km && (r.max_km === undefined || km <= r.max_km);
}

export const canTeachOnline = (a: Ambassador, r: RequestDetails): boolean =>
  a.online && r.mode !== 'in_person';

/**
 * Eligible before time is considered: DBS valid to the window's end, offers what is asked, and can
 * reach the organisation in person or online. (The matcher then needs a common free time too.)
 */
export function eligibleFor(a: Ambassador, r: RequestDetails, org: Organisation): boolean {
  return (
    dbsValidOn(a, r.window_end) && offersWhatIsAsked(a, r) && (canTeachOnline(a, r) || canVisit(a, r, org))
  );
}
