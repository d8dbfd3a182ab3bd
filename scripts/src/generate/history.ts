import {
  type Ambassador,
  dayNumber,
  dayToDate,
  formatLondon,
  type HistoryRecord,
  type Organisation,
} from '@stem-match/domain';
import { PointIndex } from '@stem-match/geo';
import type { Random } from './random.js';
import { REQUESTED_ACTIVITIES } from './weights.js';

/**
 * A year of delivered activities, concentrated on the ~38% of ambassadors who are active, with
 * ambassadors returning to schools they know; plus a few bookings already made for the coming weeks.
 */
export function generateHistory(
  random: Random,
  ambassadors: readonly Ambassador[],
  organisations: readonly Organisation[],
  today: string,
): HistoryRecord[] {
  const day = dayNumber(today);
  const index = new PointIndex(organisations);
  const out: HistoryRecord[] = [];
  const at = (d: number, minute: number) => formatLondon(d, minute);
  for (const a of ambassadors) {
    if (a.dbs_status === 'none' || !random.chance(0.38)) continue;
    // The few dozen nearest: where an ambassador actually goes, and cheap however dense the city.
    const near = index
      .nearestWithin(a.lat, a.lon, Math.max(a.travel_km, 5), 40)
      .map((n) => organisations[n]!);
    if (near.length === 0) continue;
    const known = random.pick(near);
    const count = random.int(1, 8);
    for (let k = 0; k < count; k++) {
      const org = random.chance(0.35) ? known : random.pick(near);
      const past = day - random.int(1, 365);
      const start = random.pick([540, 600, 780, 840]);
      const hours = random.pick([1, 1.5, 2, 3]);
      out.push({
        organisation_id: org.id,
        ambassador_id: a.id,
        activity_type: random.weighted(REQUESTED_ACTIVITIES),
        start: at(past, start),
        end: at(past, start + hours * 60),
        status: 'completed',
        volunteer_hours: hours,
        participants: random.int(8, 120),
        ...(random.chance(0.6)
          ? {
              satisfaction: random.weighted([
                [3, 15],
                [4, 40],
                [5, 45],
              ] as const),
            }
          : {}),
      });
    }
    if (random.chance(0.12)) {
      const soon = day + random.int(3, 45);
      out.push({
        organisation_id: known.id,
        ambassador_id: a.id,
        activity_type: 'talk',
        start: at(soon, 600),
        end: at(soon, 660),
        status: 'accepted',
      });
    }
  }
  return out;
}

export { dayToDate };
