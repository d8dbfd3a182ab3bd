import {
  type ActivityRequest,
  dayNumber,
  dayToDate,
  type Organisation,
  weeklyPattern,
} from '@stem-match/domain';
import type { Random } from './random.js';
import { isSchoolDay, type Nation, nationOf, termEnd } from './school-calendar.js';
import { seasonalWeight } from './season.js';
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
 * normal), on a day drawn by the season (seasonalWeight: none in the holidays, more in British
 * Science Week, fewer KS4/KS5 requests in exam season), and end — with every session of a series —
 * before the next holiday; some series and some multi-ambassador requests.
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
    const nation = nationOf(org.region);
    const series = random.chance(0.15);
    const activity_type = random.weighted(REQUESTED_ACTIVITIES);
    const subjects = random.weightedDistinct(SUBJECTS, random.chance(0.3) ? 2 : 1);
    const key_stage = random.weighted(KEY_STAGES_BY_KIND[org.kind]);
    const every_days = series && random.chance(0.3) ? 14 : 7;
    let sessions = series ? random.int(2, 6) : 1;
    // Start days whose window can hold `span` more days, and the whole series, before the holiday.
    const choices = (n: number, span: number) =>
      Array.from({ length: 64 }, (_, k) => day + 7 + k)
        .filter((d) => termEnd(d, nation) - (n - 1) * every_days - d >= span)
        .map((d) => [d, seasonalWeight(d, nation, key_stage, activity_type)] as const)
        .filter(([, w]) => w > 0);
    let days = choices(sessions, 4);
    if (days.length === 0) days = choices(sessions, 0);
    // A series too long for any term in reach is cut to what fits.
    while (days.length === 0 && sessions > 1) days = choices(--sessions, 0);
    const start = days.length > 0 ? random.weighted(days) : firstSchoolDay(day + 7, nation);
    const latest = termEnd(start, nation) - (sessions - 1) * every_days;
    out.push({
      id: `R${String(i).padStart(6, '0')}`,
      organisation_id: org.id,
      hub: org.hub,
      activity_type,
      subjects,
      key_stage,
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
      window_end: dayToDate(Math.min(start + random.int(7, 42), latest)),
      times: weeklyPattern(random.pick(org.kind === 'non_school' ? GROUP_TIMES : SCHOOL_TIMES)),
      duration_min: random.pick([45, 60, 60, 90, 120, 180]),
      sessions,
      every_days,
      ...(random.chance(0.1) ? { max_km: random.pick([10, 15, 20]) } : {}),
      created_at: `${dayToDate(day - random.int(1, 60))}T${String(random.int(8, 17)).padStart(2, '0')}:00:00+00:00`,
      status: 'open',
    });
  }
  return out;
}

function firstSchoolDay(from: number, nation: Nation): number {
  let d = from;
  while (!isSchoolDay(d, nation)) d++;
  return d;
}
