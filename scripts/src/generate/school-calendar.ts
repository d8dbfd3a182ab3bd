import { dayNumber, dayToDate, isoWeekday, type LocalDate } from '@stem-match/domain';
import { easter } from 'date-easter';

/** Term dates differ by nation (and in detail by local authority); these are the typical patterns. */
export type Nation = 'england_wales' | 'scotland' | 'northern_ireland';

export interface Holiday {
  name: 'october' | 'christmas' | 'february' | 'easter' | 'may' | 'summer';
  /** First and last day (inclusive); weekends inside count as holiday, those at the edges do not matter. */
  start: LocalDate;
  end: LocalDate;
}

/** The nation of a GIAS region name (`GOR (name)`); England's regions, Wales and anything else share one calendar. */
export function nationOf(region: string | undefined): Nation {
  if (region === 'Scotland') return 'scotland';
  if (region === 'Northern Ireland') return 'northern_ireland';
  return 'england_wales';
}

const day = (y: number, m: number, d: number): number => dayNumber(`${y}-${pad(m)}-${pad(d)}`);
const pad = (n: number): string => String(n).padStart(2, '0');
/** The Monday of the ISO week holding `d`. */
const mondayOf = (d: number): number => d - (isoWeekday(d) - 1);
/** The first `weekday` (1 = Mon) on or after `d`. */
const onOrAfter = (d: number, weekday: number): number => d + ((weekday - isoWeekday(d) + 7) % 7);
const week = (monday: number, days = 7) => [monday, monday + days - 1] as const;

/**
 * School holidays of the academic year that starts in September of `year`: October half term,
 * Christmas, February half term, Easter, May half term and the summer that ends it. Typical dates
 * (docs/data.md cites them): England and Wales break up for summer around 22 July and return in early
 * September; Scotland from late June to mid-August, with a two-week October break and no May half
 * term; Northern Ireland for July and August.
 */
export function schoolHolidays(nation: Nation, year: number): Holiday[] {
  const next = year + 1;
  const e = easter(next);
  const easterSunday = day(next, e.month, e.day);
  // Two weeks round Easter; when Easter is early (before 4 April) the holidays start on Easter Monday.
  const easterStart = easterSunday >= day(next, 4, 4) ? easterSunday - 6 : easterSunday + 1;
  const lastMondayOf = (y: number, m: number) => mondayOf(day(y, m + 1, 1) - 1);
  const out: Array<[Holiday['name'], readonly [number, number]]> = [
    [
      'october',
      nation === 'scotland' ? week(onOrAfter(day(year, 10, 8), 1), 14) : week(lastMondayOf(year, 10)),
    ],
    ['christmas', [mondayOf(day(year, 12, 22)), onOrAfter(day(next, 1, 2), 7)]],
    ['february', week(onOrAfter(day(next, 2, 15), 1), nation === 'scotland' ? 2 : 7)],
    ['easter', week(mondayOf(easterStart), 14)],
  ];
  if (nation === 'england_wales') out.push(['may', week(lastMondayOf(next, 5))]);
  const summer: Record<Nation, [number, number]> = {
    england_wales: [day(next, 7, 22), day(next, 9, 2)],
    scotland: [day(next, 6, 26), day(next, 8, 16)],
    northern_ireland: [day(next, 7, 1), day(next, 8, 31)],
  };
  out.push(['summer', summer[nation]]);
  return out.map(([name, [s, t]]) => ({ name, start: dayToDate(s), end: dayToDate(t) }));
}

/** Holiday days by nation, kept as day-number ranges per academic year (built on first use). */
const ranges = new Map<string, Array<[number, number]>>();

function holidayRanges(nation: Nation, d: number): Array<[number, number]> {
  // The academic year holding day d starts in September of the year of the previous 3 September.
  const date = dayToDate(d);
  const y = Number(date.slice(0, 4));
  const year = date.slice(5) >= '09-03' ? y : y - 1;
  const key = `${nation}:${year}`;
  let r = ranges.get(key);
  if (!r) {
    r = [
      ...schoolHolidays(nation, year - 1).filter((h) => h.name === 'summer'),
      ...schoolHolidays(nation, year),
    ].map((h): [number, number] => [dayNumber(h.start), dayNumber(h.end)]);
    ranges.set(key, r);
  }
  return r;
}

/** A memo per nation, keyed by day number. */
const perNation = <T>(): Record<Nation, Map<number, T>> => ({
  england_wales: new Map(),
  scotland: new Map(),
  northern_ireland: new Map(),
});
const holidays = perNation<boolean>();

export function isHoliday(d: number, nation: Nation): boolean {
  const memo = holidays[nation];
  let known = memo.get(d);
  if (known === undefined) {
    known = holidayRanges(nation, d).some(([s, t]) => d >= s && d <= t);
    memo.set(d, known);
  }
  return known;
}

/** A weekday in term time. */
export function isSchoolDay(d: number, nation: Nation): boolean {
  return isoWeekday(d) <= 5 && !isHoliday(d, nation);
}

/** The last day before the next holiday begins (the end of the term or half term `d` is in). */
export function termEnd(d: number, nation: Nation): number {
  const memo = ends[nation];
  let e = memo.get(d);
  if (e === undefined) {
    e = isHoliday(d + 1, nation) ? d : termEnd(d + 1, nation);
    memo.set(d, e);
  }
  return e;
}
const ends = perNation<number>();

/** School days in a calendar month (`YYYY-MM`): what a forecaster divides a month's demand by. */
export function schoolDaysIn(month: string, nation: Nation): number {
  const first = dayNumber(`${month}-01`);
  let n = 0;
  for (let d = first; dayToDate(d).startsWith(month); d++) if (isSchoolDay(d, nation)) n++;
  return n;
}
