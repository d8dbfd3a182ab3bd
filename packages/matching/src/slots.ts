import { type ActivityRequest, dayNumber, isoWeekday, patternCovers } from '@stem-match/domain';

/**
 * A request's candidate slots: every (first-session day, start minute) on the policy's grid where the
 * first session starts inside the window and every session of the series lies inside the
 * organisation's hosting times. Slots are ordered by day, then minute.
 */
export interface RequestSlots {
  day: Int32Array;
  minute: Int16Array;
  /** Day offsets of each session from the first: 0, every, 2·every, … */
  offsets: number[];
}

export function requestSlots(r: ActivityRequest, firstAllowedDay: number, step: number): RequestSlots {
  const offsets = Array.from({ length: r.sessions }, (_, k) => k * r.every_days);
  const days: number[] = [];
  const minutes: number[] = [];
  const from = Math.max(dayNumber(r.window_start), firstAllowedDay);
  const to = dayNumber(r.window_end);
  for (let day = from; day <= to; day++) {
    const weekday = isoWeekday(day);
    const starts = new Set<number>();
    for (const i of r.times) {
      if (i.day !== weekday) continue;
      for (let t = Math.ceil(i.start / step) * step; t + r.duration_min <= i.end; t += step) starts.add(t);
    }
    for (const t of [...starts].sort((a, b) => a - b)) {
      const allSessionsHosted = offsets.every((o) =>
        patternCovers(r.times, isoWeekday(day + o), t, t + r.duration_min),
      );
      if (allSessionsHosted) {
        days.push(day);
        minutes.push(t);
      }
    }
  }
  return { day: Int32Array.from(days), minute: Int16Array.from(minutes), offsets };
}
