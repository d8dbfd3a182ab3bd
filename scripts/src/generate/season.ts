import { type ActivityType, dayNumber, dayToDate, isoWeekday, type KeyStage } from '@stem-match/domain';
import { isSchoolDay, type Nation, schoolHolidays } from './school-calendar.js';

/**
 * A peak or trough in demand: in the days it covers (in a calendar year, for a nation), requests of
 * the activity types and key stages it names (all, if it names none) are `factor` times as likely.
 * docs/data.md gives each one's source, or says it is an assumption.
 */
export interface SeasonalEffect {
  name: string;
  days(year: number, nation: Nation): readonly [number, number] | undefined;
  factor: number;
  activities?: readonly ActivityType[];
  keyStages?: readonly KeyStage[];
}

const at = (y: number, m: number, d: number): number =>
  dayNumber(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const onOrAfter = (d: number, weekday: number): number => d + ((weekday - isoWeekday(d) + 7) % 7);
/** British Science Week: ten days from a Friday in early March (6–15 March 2026). */
const scienceWeek = (y: number) => [onOrAfter(at(y, 3, 5), 5), onOrAfter(at(y, 3, 5), 5) + 9] as const;
const summerStart = (y: number, nation: Nation) =>
  dayNumber(schoolHolidays(nation, y - 1).find((h) => h.name === 'summer')!.start);
const EXAMS: readonly KeyStage[] = ['KS4', 'KS5'];

export const SEASONAL_EFFECTS: readonly SeasonalEffect[] = [
  { name: 'British Science Week', days: scienceWeek, factor: 2 },
  {
    name: 'British Science Week: events and competitions',
    days: scienceWeek,
    factor: 2,
    activities: ['exhibition_or_event', 'competition'],
  },
  { name: 'March: science fairs beyond the week', days: (y) => [at(y, 3, 1), at(y, 3, 31)], factor: 1.25 },
  {
    name: 'National Careers Week',
    days: (y) => [onOrAfter(at(y, 3, 1), 1), onOrAfter(at(y, 3, 1), 1) + 4],
    factor: 2.5,
    activities: ['careers_talk'],
  },
  {
    name: 'Autumn: post-16 and university choices',
    days: (y) => [at(y, 10, 1), at(y, 11, 30)],
    factor: 1.4,
    activities: ['careers_talk'],
    keyStages: ['KS4', 'KS5', 'FE'],
  },
  {
    name: 'Exam season (GCSE and A level; SQA in Scotland)',
    days: (y, nation) =>
      nation === 'scotland' ? [at(y, 4, 22), at(y, 6, 2)] : [onOrAfter(at(y, 5, 8), 1), at(y, 6, 25)],
    factor: 0.25,
    keyStages: EXAMS,
  },
  {
    name: 'After the exams: Years 11 and 13 have left',
    days: (y, nation) => (nation === 'scotland' ? undefined : [at(y, 6, 26), summerStart(y, nation) - 1]),
    factor: 0.5,
    keyStages: EXAMS,
  },
  {
    name: 'New school year: settling in',
    days: (y, nation) => {
      const back =
        nation === 'scotland' ? at(y, 8, 17) : nation === 'northern_ireland' ? at(y, 9, 1) : at(y, 9, 3);
      return [back, back + 11];
    },
    factor: 0.6,
  },
  {
    name: 'End of the autumn term: mocks and concerts',
    days: (y) => [at(y, 12, 8), at(y, 12, 23)],
    factor: 0.7,
  },
];

/**
 * How likely a request of this key stage and activity type is to want day `d`, relative to an
 * ordinary school day: 0 in the school holidays and at weekends, else the product of the seasonal
 * effects covering it.
 */
export function seasonalWeight(
  d: number,
  nation: Nation,
  keyStage: KeyStage,
  activity: ActivityType,
): number {
  if (!isSchoolDay(d, nation)) return 0;
  const year = Number(dayToDate(d).slice(0, 4));
  let w = 1;
  SEASONAL_EFFECTS.forEach((e, i) => {
    if (e.activities && !e.activities.includes(activity)) return;
    if (e.keyStages && !e.keyStages.includes(keyStage)) return;
    const span = spanOf(i, year, nation);
    if (span && d >= span[0] && d <= span[1]) w *= e.factor;
  });
  return w;
}

const spans = new Map<string, readonly [number, number] | undefined>();
function spanOf(effect: number, year: number, nation: Nation) {
  const key = `${effect}:${year}:${nation}`;
  if (!spans.has(key)) spans.set(key, SEASONAL_EFFECTS[effect]!.days(year, nation));
  return spans.get(key);
}

/**
 * Expected demand in a calendar month (`YYYY-MM`) relative to a month of 20 ordinary school days:
 * the sum of the seasonal weights over its days. What the generator's open requests and history follow;
 * a forecaster tested on generated data can compare its monthly figures with this.
 */
export function monthlyDemandIndex(
  month: string,
  nation: Nation,
  keyStage: KeyStage,
  activity: ActivityType,
): number {
  let sum = 0;
  for (let d = dayNumber(`${month}-01`); dayToDate(d).startsWith(month); d++)
    sum += seasonalWeight(d, nation, keyStage, activity);
  return sum / 20;
}
