import { dayNumber, londonInstant, toLondonWallClock } from './calendar.js';
import type { Ambassador } from './entities.js';

/** The part of an ambassador's record that safeguarding reads. */
export type AmbassadorDbs = Pick<Ambassador, 'dbs_status' | 'dbs_expires'>;

/**
 * The first UK calendar day on which an ambassador's DBS check is no longer valid: the expiry date
 * of a cleared check. Any other state (pending, expired, none) — or a cleared check with no expiry
 * date, which cannot be shown valid on any date — is invalid on every day.
 */
export function dbsInvalidFromDay(a: AmbassadorDbs): number {
  return a.dbs_status === 'cleared' && a.dbs_expires !== undefined
    ? dayNumber(a.dbs_expires)
    : Number.NEGATIVE_INFINITY;
}

/** The instant (ms) from which a session may no longer start: 00:00 UK time on the first invalid day. */
export function dbsInvalidFrom(a: AmbassadorDbs): number {
  const day = dbsInvalidFromDay(a);
  return day === Number.NEGATIVE_INFINITY ? day : londonInstant(day, 0).getTime();
}

/** True if the check is valid on the UK date of the session starting at `start`. */
export function dbsValidAt(a: AmbassadorDbs, start: string | Date): boolean {
  return toLondonWallClock(start).day < dbsInvalidFromDay(a);
}
