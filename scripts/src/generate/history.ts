import {
  type ActivityType,
  type Ambassador,
  dayNumber,
  dayToDate,
  formatLondon,
  type HistoryRecord,
  type KeyStage,
  type Organisation,
} from '@stem-match/domain';
import { PointIndex } from '@stem-match/geo';
import type { Random } from './random.js';
import { nationOf } from './school-calendar.js';
import { seasonalWeight } from './season.js';
import { KEY_STAGES_BY_KIND, REQUESTED_ACTIVITIES } from './weights.js';

/**
 * A year of delivered activities, concentrated on the ~38% of ambassadors who are active, with
 * ambassadors returning to schools they know, each on a day drawn by the season as open requests'
 * windows are (for a key stage drawn by the organisation's kind); plus a few bookings already made
 * for the coming weeks, on school days.
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
  // One sampler of days per (nation, key stage, activity type), built on first use.
  const samplers = new Map<string, () => number>();
  const seasonalDay = (org: Organisation, activity: ActivityType, from: number, to: number): number => {
    const nation = nationOf(org.region);
    const keyStage: KeyStage = random.weighted(KEY_STAGES_BY_KIND[org.kind]);
    const key = `${nation}:${keyStage}:${activity}:${from}`;
    let draw = samplers.get(key);
    if (!draw) {
      const days = Array.from({ length: to - from + 1 }, (_, k) => from + k);
      draw = random.sampler(days.map((d) => [d, seasonalWeight(d, nation, keyStage, activity)] as const));
      samplers.set(key, draw);
    }
    return draw();
  };
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
      const activity = random.weighted(REQUESTED_ACTIVITIES);
      const past = seasonalDay(org, activity, day - 365, day - 1);
      const start = random.pick([540, 600, 780, 840]);
      const hours = random.pick([1, 1.5, 2, 3]);
      out.push({
        organisation_id: org.id,
        ambassador_id: a.id,
        activity_type: activity,
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
      const soon = seasonalDay(known, 'talk', day + 3, day + 45);
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
