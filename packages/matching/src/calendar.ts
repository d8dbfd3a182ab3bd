import {
  type Ambassador,
  BOOKING_STATUSES,
  dateRangeDays,
  dayNumber,
  type HistoryRecord,
  toLondonWallClock,
  type WeeklyInterval,
} from '@stem-match/domain';

const MS_PER_DAY = 86_400_000;

/** Months since year 0, for per-calendar-month capacity. */
export function monthIndex(day: number): number {
  // Asked for every session of every slot, over a few hundred distinct days: remember them.
  let month = monthByDay.get(day);
  if (month === undefined) {
    const d = new Date(day * MS_PER_DAY);
    month = d.getUTCFullYear() * 12 + d.getUTCMonth();
    monthByDay.set(day, month);
  }
  return month;
}
const monthByDay = new Map<number, number>();

const MS_PER_HOUR = 3_600_000;
/** London's offset from UTC (ms) by UTC hour, as far as asked: it changes only on the hour. */
const londonOffsetByHour = new Map<number, number>();

/**
 * toLondonWallClock, with one time-zone lookup per UTC hour instead of per instant: a national run
 * reads hundreds of thousands of bookings, and the lookup was a large share of building the model.
 * (The UK changes its clocks at 01:00 UTC, so an offset holds for a whole UTC hour.)
 */
export function londonWallClock(instant: string): { day: number; minute: number } {
  const ms = Date.parse(instant);
  const hour = Math.floor(ms / MS_PER_HOUR);
  let offset = londonOffsetByHour.get(hour);
  if (offset === undefined) {
    const at = toLondonWallClock(new Date(hour * MS_PER_HOUR));
    offset = (at.day * 1440 + at.minute) * 60_000 - hour * MS_PER_HOUR;
    londonOffsetByHour.set(hour, offset);
  }
  const local = ms + offset;
  const day = Math.floor(local / MS_PER_DAY);
  return { day, minute: Math.floor((local - day * MS_PER_DAY) / 60_000) };
}

export interface Booking {
  day: number;
  start: number;
  end: number;
  /** monthIndex(day), kept so capacity checks need no date arithmetic. */
  month: number;
  /** The run's request index. */
  request: number;
}

/** Two sessions on the same day, [from, to) and [start, end), clash unless `buffer` minutes separate them. */
export const clashesWith = (from: number, to: number, start: number, end: number, buffer: number): boolean =>
  start < to + buffer && from < end + buffer;

export const clashes = (b: Booking, start: number, end: number, buffer: number): boolean =>
  clashesWith(b.start, b.end, start, end, buffer);

/** A weekly availability as one flat list: ISO weekday, start, end, weekday, start, end, … */
export const weeklyRanges = (pattern: readonly WeeklyInterval[]): number[] =>
  pattern.flatMap((i) => [i.day, i.start, i.end]);

/**
 * One ambassador's time as the engine sees it before the run: weekly availability, unavailable days,
 * DBS validity, and the bookings and monthly load they already hold. Kept in flat lists of numbers
 * rather than arrays of pairs and maps by day: a national ×3 run holds 90,000 calendars for its whole
 * length, and a dozen small objects each made collecting the heap a large, growing share of the run.
 */
export class AmbassadorCalendar {
  /**
   * The weekly availability (weeklyRanges). Ambassadors with the same pattern may share one list: a
   * national run has under a thousand patterns, whose lists stay in the processor's cache, where each
   * ambassador's own objects are spread over the heap and cost a miss a read.
   */
  readonly weekly: readonly number[];
  /** ISO weekdays (bit d) with some weekly availability. */
  readonly weekdays: number;
  /** Unavailable days, flat: first, last, first, last, … (most ambassadors have none: undefined). */
  private readonly unavailable: number[] | undefined;
  /** First day on which the DBS check is no longer valid (it must be valid on every session's date). */
  readonly dbsInvalidFrom: number;
  /** Existing bookings on or after `fromDay`, flat: day, start, end, day, start, end, … */
  private booked: number[] | undefined;
  /** Existing bookings by month, from `fromDay`'s month on, flat: month, count, month, count, … */
  private perMonth: number[] | undefined;
  private readonly fromMonth: number;
  readonly capacity: number;

  /**
   * `fromDay` is the first day the run can book: bookings before it cannot clash with the run's
   * sessions, nor those before its month count against their capacity, so neither is kept.
   */
  constructor(
    a: Ambassador,
    defaultCapacity: number,
    private readonly fromDay = Number.NEGATIVE_INFINITY,
    weekly: readonly number[] = weeklyRanges(a.availability),
  ) {
    this.weekly = weekly;
    this.weekdays = a.availability.reduce((mask, i) => mask | (1 << i.day), 0);
    this.unavailable = a.unavailable.length === 0 ? undefined : dateRangeDays(a.unavailable).flat();
    // A cleared check with no expiry date cannot be shown valid on any date, so it is treated as not valid.
    this.dbsInvalidFrom =
      a.dbs_status === 'cleared' && a.dbs_expires !== undefined
        ? dayNumber(a.dbs_expires)
        : Number.NEGATIVE_INFINITY;
    this.capacity = a.max_per_month ?? defaultCapacity;
    this.fromMonth = Number.isFinite(fromDay) ? monthIndex(fromDay) : Number.NEGATIVE_INFINITY;
  }

  addExisting(h: HistoryRecord): void {
    if (!BOOKING_STATUSES.includes(h.status)) return;
    const start = londonWallClock(h.start);
    if (start.day >= this.fromDay) {
      const end = londonWallClock(h.end);
      const endMinute = end.day === start.day ? end.minute : 1440;
      this.booked ??= [];
      this.booked.push(start.day, start.minute, endMinute);
    }
    const m = monthIndex(start.day);
    if (m < this.fromMonth) return;
    this.perMonth ??= [];
    const perMonth = this.perMonth;
    for (let k = 0; k < perMonth.length; k += 2) {
      if (perMonth[k] === m) {
        perMonth[k + 1]!++;
        return;
      }
    }
    perMonth.push(m, 1);
  }

  /** DBS valid on `day` with `margin` days to spare. */
  dbsValidOn(day: number, margin: number): boolean {
    return day + margin < this.dbsInvalidFrom;
  }

  /** Free for [start, end) on `day` before this run: weekly availability, leave, and existing bookings. */
  freeBeforeRun(day: number, weekday: number, start: number, end: number, buffer: number): boolean {
    if (!this.coversWeekly(weekday, start, end)) return false;
    const off = this.unavailable;
    if (off) for (let k = 0; k < off.length; k += 2) if (day >= off[k]! && day <= off[k + 1]!) return false;
    const booked = this.booked;
    if (booked)
      for (let k = 0; k < booked.length; k += 3) {
        if (booked[k] === day && clashesWith(booked[k + 1]!, booked[k + 2]!, start, end, buffer))
          return false;
      }
    return true;
  }

  /** Whether one of the weekly availability's ranges on `weekday` holds [start, end). */
  coversWeekly(weekday: number, start: number, end: number): boolean {
    const w = this.weekly;
    for (let k = 0; k < w.length; k += 3)
      if (w[k] === weekday && w[k + 1]! <= start && end <= w[k + 2]!) return true;
    return false;
  }

  /** Room left in a month before this run (a month before `fromDay`'s is not kept: ask of later ones). */
  roomInMonth(month: number): number {
    const perMonth = this.perMonth;
    if (perMonth)
      for (let k = 0; k < perMonth.length; k += 2)
        if (perMonth[k] === month) return this.capacity - perMonth[k + 1]!;
    return this.capacity;
  }
}
