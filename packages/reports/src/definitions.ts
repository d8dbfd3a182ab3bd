import { type AssignmentStatus, dayNumber, dayToDate, type LocalDate } from '@stem-match/domain';

// One definition per measure, used by every report (the programme once reported one figure four ways).

/** Activities that count as engagement: the ambassador confirmed (accepted) or delivered (completed). */
export const ENGAGING: readonly AssignmentStatus[] = ['accepted', 'completed'];
const ENGAGING_SET = new Set(ENGAGING);
/** Whether an activity in this status is engagement (a set lookup: it runs per activity). */
export const isEngaging = (status: AssignmentStatus): boolean => ENGAGING_SET.has(status);

export const DEFINITIONS = [
  {
    term: 'Activity',
    meaning:
      'One session an ambassador holds at an organisation, from a match (an offer) or recorded outside the engine (history). A series of four sessions is four activities.',
  },
  {
    term: 'Engaged organisation',
    meaning:
      'An organisation with at least one activity accepted (confirmed) or completed in the period; offers not yet answered do not count.',
  },
  {
    term: 'Academic year',
    meaning: '1 September to 31 August, in UK dates; "2026/27" runs from 2026-09-01 to 2027-08-31.',
  },
  {
    term: 'Active ambassador',
    meaning: 'An ambassador with at least one accepted or completed activity in the period.',
  },
  {
    term: 'Unmet request',
    meaning:
      'A request marked unfilled (its window passed), or still open and not filled, whose window overlaps the period. Cancelled and expired requests are not demand.',
  },
  {
    term: 'Young people reached',
    meaning:
      'Participants recorded when an activity is completed, counted once per ambassador and request (on the first session of a series).',
  },
] as const;

/** The academic year a date falls in, as its first and last day and a label such as 2026/27. */
export function academicYear(date: LocalDate): { from: LocalDate; to: LocalDate; label: string } {
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? y : y - 1;
  return {
    from: `${start}-09-01`,
    to: `${start + 1}-08-31`,
    label: `${start}/${String(start + 1).slice(2)}`,
  };
}

/** `YYYY-MM` of an instant in UK time (the date part of our instants is already UK wall-clock). */
export const monthOf = (date: string): string => date.slice(0, 7);

/** The UK date of an instant written with its UK offset, e.g. `2026-10-26T10:00:00+00:00`. */
export const dateOf = (instant: string): LocalDate => instant.slice(0, 10);

/**
 * Whether an instant's UK date lies in `from`..`to` (inclusive), as `dateOf` would say, without taking
 * the date out: an instant starts with its date, so it sorts after its own day's date and before the
 * next day's. Build once, then call per activity.
 */
export function inDateRange(from: LocalDate, to: LocalDate): (instant: string) => boolean {
  const after = addDays(to, 1);
  return (instant) => instant >= from && instant < after;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dayToDate(dayNumber(date) + days);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** Last day of the month before `date`'s month. */
export function endOfPreviousMonth(date: LocalDate): LocalDate {
  return addDays(`${date.slice(0, 7)}-01`, -1);
}
