import { dayToDate, formatClock } from '@stem-match/domain';
import type { WallSession } from './calendar.js';

/** `2026-12-07 10:00-11:00` for messages. */
export function describeSession(s: WallSession): string {
  return `${dayToDate(s.day)} ${formatClock(s.start)}-${s.end > 1440 ? 'next day' : formatClock(s.end)}`;
}

export function km(n: number): string {
  return `${Math.round(n * 100) / 100} km`;
}

/** `request R1 session 2 (ambassador A7)` — the ids a person needs to find the row. */
export function rowName(requestId: string, session: number, ambassadorId: string): string {
  return `request ${requestId} session ${session} (ambassador ${ambassadorId})`;
}
