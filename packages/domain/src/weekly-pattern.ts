import * as z from 'zod';
import { dayNumber, formatClock, LocalDate } from './calendar.js';
import { describeGiven, ValidationError } from './errors.js';

/** An entry quoted back in a message: never as given if it looks like personal data. */
const quoted = (entry: string): string => describeGiven(entry);

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** One weekly interval of UK wall-clock time: ISO weekday (1 = Mon) and minutes since midnight. */
export const WeeklyInterval = z
  .strictObject({
    day: z.int().min(1).max(7),
    start: z.int().min(0).max(1440),
    end: z.int().min(0).max(1440),
  })
  .refine((i) => i.end > i.start, { message: 'an interval must end after it starts' });
export type WeeklyInterval = z.infer<typeof WeeklyInterval>;

export const WeeklyPattern = z.array(WeeklyInterval);
export type WeeklyPattern = z.infer<typeof WeeklyPattern>;

const ENTRY = /^([A-Za-z]{3})(?:\s*-\s*([A-Za-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;
const EXAMPLE = "'Mon 09:00-12:00' or 'Mon-Fri 09:00-15:30'";

function dayIndex(name: string): number | undefined {
  const i = DAY_NAMES.findIndex((d) => d.toLowerCase() === name.toLowerCase());
  return i < 0 ? undefined : i + 1;
}

function clock(h: string, m: string): number | undefined {
  const hours = Number(h);
  const minutes = Number(m);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
  return hours * 60 + minutes;
}

/**
 * Parses `Mon 09:00-12:00; Wed 13:30-16:00` (day ranges such as `Mon-Fri` allowed).
 * Returns the intervals, or a message saying which entry is wrong and what was expected.
 */
export function parseWeeklyPattern(
  text: string,
): { ok: true; value: WeeklyPattern } | { ok: false; error: string } {
  const value: WeeklyInterval[] = [];
  for (const raw of text.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const m = ENTRY.exec(entry);
    if (!m) return { ok: false, error: `${quoted(entry)} is not a weekly time; expected ${EXAMPLE}` };
    const [, fromName, toName, h1, m1, h2, m2] = m as unknown as [
      string,
      string,
      string | undefined,
      string,
      string,
      string,
      string,
    ];
    const from = dayIndex(fromName);
    const to = toName === undefined ? from : dayIndex(toName);
    if (from === undefined || to === undefined) {
      return {
        ok: false,
        error: `${quoted(entry)} names an unknown day; expected one of ${DAY_NAMES.join(', ')}`,
      };
    }
    const start = clock(h1, m1);
    const end = clock(h2, m2);
    if (start === undefined || end === undefined)
      return { ok: false, error: `"${entry}" has an impossible clock time` };
    if (end <= start) return { ok: false, error: `"${entry}" ends before it starts` };
    if (to < from) return { ok: false, error: `"${entry}" has a day range that runs backwards` };
    for (let day = from; day <= to; day++) value.push({ day, start, end });
  }
  value.sort((a, b) => a.day - b.day || a.start - b.start);
  return { ok: true, value };
}

/** Parses a pattern written in code (generators, fixtures) and throws if it is not one. */
export function weeklyPattern(text: string): WeeklyPattern {
  const parsed = parseWeeklyPattern(text);
  if (!parsed.ok)
    throw new ValidationError('weekly pattern', [
      { field: '', given: describeGiven(text), expected: parsed.error },
    ]);
  return parsed.value;
}

export function formatWeeklyPattern(pattern: WeeklyPattern): string {
  return pattern
    .map((i) => `${DAY_NAMES[i.day - 1]} ${formatClock(i.start)}-${formatClock(i.end)}`)
    .join('; ');
}

/** True when [start, end) on that ISO weekday lies inside one interval of the pattern. */
export function patternCovers(pattern: WeeklyPattern, weekday: number, start: number, end: number): boolean {
  for (const i of pattern) if (i.day === weekday && i.start <= start && end <= i.end) return true;
  return false;
}

/** An inclusive range of calendar dates. */
export const DateRange = z
  .strictObject({ start: LocalDate, end: LocalDate })
  .refine((r) => r.end >= r.start, { message: 'a date range must end on or after its start' });
export type DateRange = z.infer<typeof DateRange>;

/** Parses `2026-12-21..2027-01-03; 2027-02-15` (a single date is a one-day range). */
export function parseDateRanges(
  text: string,
): { ok: true; value: DateRange[] } | { ok: false; error: string } {
  const value: DateRange[] = [];
  for (const raw of text.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [start, end = start, extra] = entry.split('..').map((s) => s.trim()) as [string, string?, string?];
    const parsed = DateRange.safeParse({ start, end });
    if (extra !== undefined || !parsed.success) {
      return {
        ok: false,
        error: `${quoted(entry)} is not a date range; expected 'YYYY-MM-DD..YYYY-MM-DD' or one date`,
      };
    }
    value.push(parsed.data);
  }
  return { ok: true, value };
}

export function formatDateRanges(ranges: readonly DateRange[]): string {
  return ranges.map((r) => (r.start === r.end ? r.start : `${r.start}..${r.end}`)).join('; ');
}

/** The same ranges as inclusive day numbers, for fast lookups. */
export function dateRangeDays(ranges: readonly DateRange[]): Array<[number, number]> {
  return ranges.map((r) => [dayNumber(r.start), dayNumber(r.end)]);
}
