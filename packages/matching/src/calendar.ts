import {
  type Ambassador,
  BOOKING_STATUSES,
  dateRangeDays,
  dayNumber,
  type HistoryRecord,
  toLondonWallClock,
} from '@stem-match/domain';

const MS_PER_DAY = 86_400_000;

/** Months since year 0, for per-calendar-month capacity. */
export function monthIndex(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

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
  /** The run's request index, or -1 for a booking that existed before the run. */
  request: number;
}

/** Two sessions on the same day clash unless `buffer` minutes separate them. */
export const clashes = (b: Booking, start: number, end: number, buffer: number): boolean =>
  start < b.end + buffer && b.start < end + buffer;

/**
 * One ambassador's time as the engine sees it before the run: weekly availability, unavailable days,
 * DBS validity, and the bookings and monthly load they already hold.
 */
export class AmbassadorCalendar {
  /** byWeekday[isoWeekday] = available [start, end) minute ranges. */
  readonly byWeekday: Array<Array<[number, number]>> = Array.from({ length: 8 }, () => []);
  readonly unavailable: Array<[number, number]>;
  /** First day on which the DBS check is no longer valid (it must be valid on every session's date). */
  readonly dbsInvalidFrom: number;
  readonly existing = new Map<number, Booking[]>();
  readonly existingPerMonth = new Map<number, number>();
  readonly capacity: number;

  constructor(a: Ambassador, defaultCapacity: number) {
    for (const i of a.availability) this.byWeekday[i.day]!.push([i.start, i.end]);
    this.unavailable = dateRangeDays(a.unavailable);
    // A cleared check with no expiry date cannot be shown valid on any date, so it is treated as not valid.
    this.dbsInvalidFrom =
      a.dbs_status === 'cleared' && a.dbs_expires !== undefined
        ? dayNumber(a.dbs_expires)
        : Number.NEGATIVE_INFINITY;
    this.capacity = a.max_per_month ?? defaultCapacity;
  }

  addExisting(h: HistoryRecord): void {
    if (!BOOKING_STATUSES.includes(h.status)) return;
    const start = londonWallClock(h.start);
    const end = londonWallClock(h.end);
    const endMinute = end.day === start.day ? end.minute : 1440;
    const list = this.existing.get(start.day) ?? [];
    const m = monthIndex(start.day);
    list.push({ day: start.day, start: start.minute, end: endMinute, month: m, request: -1 });
    this.existing.set(start.day, list);
    this.existingPerMonth.set(m, (this.existingPerMonth.get(m) ?? 0) + 1);
  }

  /** DBS valid on `day` with `margin` days to spare. */
  dbsValidOn(day: number, margin: number): boolean {
    return day + margin < this.dbsInvalidFrom;
  }

  /** Free for [start, end) on `day` before this run: weekly availability, leave, and existing bookings. */
  freeBeforeRun(day: number, weekday: number, start: number, end: number, buffer: number): boolean {
    if (!this.coversWeekly(weekday, start, end)) return false;
    for (const [from, to] of this.unavailable) if (day >= from && day <= to) return false;
    const booked = this.existing.get(day);
    if (booked) for (const b of booked) if (clashes(b, start, end, buffer)) return false;
    return true;
  }

  /** Whether one of the weekly availability's ranges on `weekday` holds [start, end). */
  coversWeekly(weekday: number, start: number, end: number): boolean {
    for (const [s, e] of this.byWeekday[weekday]!) if (s <= start && end <= e) return true;
    return false;
  }

  /** Room left in a month before this run. */
  roomInMonth(month: number): number {
    return this.capacity - (this.existingPerMonth.get(month) ?? 0);
  }
}
