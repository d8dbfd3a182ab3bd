import {
  type ActivityRequest,
  dayNumber,
  dayToDate,
  type Organisation,
  weeklyPattern,
} from '@stem-match/domain';
import type { Random } from './random.js';
import { KEY_STAGES_BY_KIND, REQUESTED_ACTIVITIES, SUBJECTS } from './weights.js';

const SCHOOL_TIMES = [
  'Mon-Fri 09:00-15:00',
  'Mon-Fri 09:00-15:00',
  'Tue 09:00-12:00; Thu 13:00-15:30',
  'Mon 13:00-15:30; Wed 09:00-12:00',
  'Wed-Fri 09:00-15:00',
  'Mon-Thu 13:00-15:30',
];
const GROUP_TIMES = ['Mon-Thu 17:00-20:00', 'Tue 18:00-20:00; Thu 18:00-20:00', 'Wed 16:00-19:00'];

/**
 * Open requests: Priority Schools ask a little more often; the mix of activity types follows the
 * programme's top types; windows open one to ten weeks ahead and last one to six (short notice is
 * normal); some series and some multi-ambassador requests.
 */
export function generateRequests(
  random: Random,
  organisations: readonly Organisation[],
  count: number,
  today: string,
): ActivityRequest[] {
  const day = dayNumber(today);
  const asking = random.sampler(organisations.map((o) => [o, o.priority ? 1.3 : 1] as const));
  const out: ActivityRequest[] = [];
  for (let i = 0; i < count; i++) {
    const org = asking();
    const series = random.chance(0.15);
    const start = day + random.int(7, 70);
    out.push({
      id: `R${String(i).padStart(6, '0')}`,
      organisation_id: org.id,
      hub: org.hub,
      activity_type: random.weighted(REQUESTED_ACTIVITIES),
      subjects: random.weightedDistinct(SUBJECTS, random.chance(0.3) ? 2 : 1),
      key_stage: random.weighted(KEY_STAGES_BY_KIND[org.kind]),
      mode: random.weighted([
        ['in_person', 75],
        ['online', 10],
        ['either', 15],
      ] as const),
      needed: random.weighted([
        [1, 80],
        [2, 14],
        [3, 4],
        [4, 2],
      ] as const),
      window_start: dayToDate(start),
      window_end: dayToDate(start + random.int(7, 42)),
      times: weeklyPattern(random.pick(org.kind === 'non_school' ? GROUP_TIMES : SCHOOL_TIMES)),
      duration_min: random.pick([45, 60, 60, 90, 120, 180]),
      sessions: series ? random.int(2, 6) : 1,
      every_days: series && random.chance(0.3) ? 14 : 7,
      ...(random.chance(0.1) ? { max_km: random.pick([10, 15, 20]) } : {}),
      created_at: `${dayToDate(day - random.int(1, 60))}T${String(random.int(8, 17)).padStart(2, '0')}:00:00+00:00`,
      status: 'open',
    });
  }
  return out;
}
