import {
  type Ambassador,
  BOOKING_STATUSES,
  dayNumber,
  type HistoryRecord,
  Instant,
  monthOfDay,
  toLondonWallClock,
} from '@stem-match/domain';

/** A stretch of one UK day, in minutes since midnight (end may pass 1440 if it runs overnight). */
export interface DayInterval {
  start: number;
  end: number;
}

/** A session as UK wall-clock time: its day number and minutes. */
export interface WallSession extends DayInterval {
  day: number;
}

/** Reads an instant pair as UK wall-clock time; undefined when either is not an ISO instant. */
export function wallSession(start: string, end: string): WallSession | undefined {
  if (!Instant.safeParse(start).success || !Instant.safeParse(end).success) return undefined;
  const s = toLondonWallClock(start);
  const e = toLondonWallClock(end);
  return { day: s.day, start: s.minute, end: (e.day - s.day) * 1440 + e.minute };
}

// Expiry and unavailable dates are read millions of times in a national check; parse each once.
const dayCache = new Map<string, number>();
const monthCache = new Map<number, string>();

/** Day number of a `YYYY-MM-DD` date (memoised dayNumber). */
export function dateDay(date: string): number {
  let day = dayCache.get(date);
  if (day === undefined) {
    day = dayNumber(date);
    dayCache.set(date, day);
  }
  return day;
}

/** `YYYY-MM` of a day number (memoised monthOfDay). */
export function monthKey(day: number): string {
  let month = monthCache.get(day);
  if (month === undefined) {
    month = monthOfDay(day);
    monthCache.set(day, month);
  }
  return month;
}

/** A DBS check is valid on day D iff D + margin falls before its expiry date (it lapses ON that date). */
export function dbsValidOn(ambassador: Ambassador, day: number, marginDays: number): boolean {
  if (ambassador.dbs_status !== 'cleared' || ambassador.dbs_expires === undefined) return false;
  return day + marginDays < dateDay(ambassador.dbs_expires);
}

export function unavailableOn(ambassador: Ambassador, day: number): boolean {
  for (const range of ambassador.unavailable) {
    if (dateDay(range.start) <= day && day <= dateDay(range.end)) return true;
  }
  return false;
}

/** [s1,e1) and [s2,e2) are too close when they overlap once each is widened by the travel buffer. */
export function tooClose(a: DayInterval, b: DayInterval, bufferMin: number): boolean {
  return a.start < b.end + bufferMin && b.start < a.end + bufferMin;
}

/** Sessions already booked before this run (history with a status that holds time), per ambassador. */
export class ExistingBookings {
  private readonly byDay = new Map<string, Map<number, DayInterval[]>>();
  private readonly byMonth = new Map<string, Map<string, number>>();

  constructor(history: readonly HistoryRecord[]) {
    for (const h of history) {
      if (!BOOKING_STATUSES.includes(h.status)) continue;
      const s = toLondonWallClock(h.start);
      const e = toLondonWallClock(h.end);
      const days = getOrSet(this.byDay, h.ambassador_id, () => new Map<number, DayInterval[]>());
      getOrSet(days, s.day, () => []).push({ start: s.minute, end: (e.day - s.day) * 1440 + e.minute });
      const months = getOrSet(this.byMonth, h.ambassador_id, () => new Map<string, number>());
      const month = monthKey(s.day);
      months.set(month, (months.get(month) ?? 0) + 1);
    }
  }

  onDay(ambassadorId: string, day: number): readonly DayInterval[] {
    return this.byDay.get(ambassadorId)?.get(day) ?? [];
  }

  /** Existing sessions in a calendar month, `YYYY-MM`. */
  inMonth(ambassadorId: string, month: string): number {
    return this.byMonth.get(ambassadorId)?.get(month) ?? 0;
  }
}

export function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
