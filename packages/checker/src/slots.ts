import { type ActivityRequest, type Ambassador, isoWeekday, patternCovers } from '@stem-match/domain';
import { dateDay, dbsValidOn, type ExistingBookings, monthKey, tooClose, unavailableOn } from './calendar.js';

/** A possible time for a whole request: the first session's day and the common start minute. */
export interface Slot {
  day: number;
  minute: number;
}

export interface SlotRules {
  /** The run date as a day number: the first session starts on a later day. */
  today: number;
  stepMin: number;
  dbsMarginDays: number;
  bufferMin: number;
}

/** The days of every session when the first is on `firstDay`. */
export function sessionDays(request: ActivityRequest, firstDay: number): number[] {
  const days: number[] = [];
  for (let k = 0; k < request.sessions; k++) days.push(firstDay + k * request.every_days);
  return days;
}

/**
 * Every slot at which the organisation can host all sessions: first day in the window and after
 * today, start on the grid, each session inside the hosting times. Sorted by day, then minute.
 */
export function hostSlots(request: ActivityRequest, rules: SlotRules): Slot[] {
  const slots: Slot[] = [];
  const from = Math.max(dateDay(request.window_start), rules.today + 1);
  const to = dateDay(request.window_end);
  for (let day = from; day <= to; day++) {
    for (let minute = 0; minute + request.duration_min <= 1440; minute += rules.stepMin) {
      let hostable = true;
      for (const d of sessionDays(request, day)) {
        if (!patternCovers(request.times, isoWeekday(d), minute, minute + request.duration_min)) {
          hostable = false;
          break;
        }
      }
      if (hostable) slots.push({ day, minute });
    }
  }
  return slots;
}

/**
 * Whether the ambassador could take every session at this slot, counting only what was booked
 * before the run: availability, unavailable dates, DBS valid on the last session's date,
 * the travel buffer around existing bookings, and monthly capacity.
 */
export function ambassadorFits(
  ambassador: Ambassador,
  request: ActivityRequest,
  slot: Slot,
  bookings: ExistingBookings,
  rules: SlotRules,
): boolean {
  const days = sessionDays(request, slot.day);
  const session = { start: slot.minute, end: slot.minute + request.duration_min };
  const lastDay = days[days.length - 1] ?? slot.day;
  if (!dbsValidOn(ambassador, lastDay, rules.dbsMarginDays)) return false;
  const newInMonth = new Map<string, number>();
  for (const day of days) {
    if (!patternCovers(ambassador.availability, isoWeekday(day), session.start, session.end)) return false;
    if (unavailableOn(ambassador, day)) return false;
    for (const booked of bookings.onDay(ambassador.id, day)) {
      if (tooClose(session, booked, rules.bufferMin)) return false;
    }
    const month = monthKey(day);
    newInMonth.set(month, (newInMonth.get(month) ?? 0) + 1);
  }
  for (const [month, count] of newInMonth) {
    if (bookings.inMonth(ambassador.id, month) + count > ambassador.max_per_month) return false;
  }
  return true;
}
