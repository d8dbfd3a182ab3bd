import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import * as z from 'zod';

/** All wall-clock times in the programme are UK times. */
export const TIME_ZONE = 'Europe/London';

const MS_PER_DAY = 86_400_000;

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => toDayNumber(s) !== undefined, { message: 'expected a real calendar date' });
export type LocalDate = z.infer<typeof LocalDate>;

/** An instant with its UTC offset, e.g. `2026-10-26T10:00:00+00:00`. */
export const Instant = z.iso.datetime({ offset: true });
export type Instant = z.infer<typeof Instant>;

/** Days since 1970-01-01 for a `YYYY-MM-DD` date; undefined if the date does not exist. */
export function toDayNumber(date: string): number | undefined {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / MS_PER_DAY;
}

/** Like toDayNumber, for dates already validated by LocalDate. */
export function dayNumber(date: LocalDate): number {
  const n = toDayNumber(date);
  if (n === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return n;
}

export function dayToDate(day: number): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Calendar month key `YYYY-MM` of a day number: capacity is counted per calendar month. */
export function monthOfDay(day: number): string {
  return dayToDate(day).slice(0, 7);
}

/**
 * The academic year (1 September to 31 August) a day falls in, named by the calendar year it starts
 * in: 2026 for 2026-09-01 … 2027-08-31. Reach and employer budgets are counted per academic year.
 */
export function academicYearOfDay(day: number): number {
  const date = dayToDate(day);
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 9 ? y : y - 1;
}

/** The instant at which a UK wall-clock time occurs on a given date (handles BST/GMT). */
export function londonInstant(day: number, minuteOfDay: number): Date {
  const date = new Date(day * MS_PER_DAY);
  return new TZDate(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    Math.floor(minuteOfDay / 60),
    minuteOfDay % 60,
    TIME_ZONE,
  );
}

/** ISO 8601 with the UK offset in force then, e.g. `2026-03-29T10:00:00+01:00`. */
export function formatLondon(day: number, minuteOfDay: number): Instant {
  // A day whose offset holds from its first minute to its last (all but the two change days) needs
  // no time-zone arithmetic per call: TZDate and format took a quarter of a small run's time.
  const offset = minuteOfDay >= 0 && minuteOfDay < 1440 ? steadyOffset(day) : undefined;
  if (offset !== undefined) return `${dayToDate(day)}T${formatClock(minuteOfDay)}:00${offsetText(offset)}`;
  const at = londonInstant(day, minuteOfDay);
  return format(new TZDate(at.getTime(), TIME_ZONE), "yyyy-MM-dd'T'HH:mm:ssxxx");
}

/** Per day: the UK offset (minutes east of UTC) if it holds all day, null if it changes that day. */
const steadyOffsets = new Map<number, number | null>();

function steadyOffset(day: number): number | undefined {
  let known = steadyOffsets.get(day);
  if (known === undefined) {
    const offsetAt = (minute: number) =>
      (day * MS_PER_DAY + minute * 60_000 - londonInstant(day, minute).getTime()) / 60_000;
    const first = offsetAt(0);
    known = first === offsetAt(1439) ? first : null;
    steadyOffsets.set(day, known);
  }
  return known ?? undefined;
}

/** `+01:00`, `+00:00`, `-05:30`: an offset as ISO 8601 writes it. */
function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${formatClock(abs)}`;
}

/** UK calendar day and minute of day of an instant. */
export function toLondonWallClock(instant: Date | string): { day: number; minute: number } {
  const at = new TZDate(new Date(instant).getTime(), TIME_ZONE);
  const day = Date.UTC(at.getFullYear(), at.getMonth(), at.getDate()) / MS_PER_DAY;
  return { day, minute: at.getHours() * 60 + at.getMinutes() };
}

export function formatClock(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
