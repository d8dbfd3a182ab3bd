import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateRangeDays,
  dayNumber,
  dayToDate,
  formatDateRanges,
  formatLondon,
  formatWeeklyPattern,
  isoWeekday,
  londonInstant,
  monthOfDay,
  parseDateRanges,
  parseWeeklyPattern,
  patternCovers,
  toDayNumber,
  toLondonWallClock,
  ValidationError,
  weeklyPattern,
} from '../src/index.js';

describe('weekly patterns', () => {
  it('parse the text hubs write, including day ranges and any case', () => {
    const p = parseWeeklyPattern('Mon 09:00-12:00; wed 13:30-16:00; Thu-Fri 09:00-10:00');
    expect(p).toEqual({
      ok: true,
      value: [
        { day: 1, start: 540, end: 720 },
        { day: 3, start: 810, end: 960 },
        { day: 4, start: 540, end: 600 },
        { day: 5, start: 540, end: 600 },
      ],
    });
    expect(parseWeeklyPattern('')).toEqual({ ok: true, value: [] });
  });

  it('say which entry is wrong and what was expected', () => {
    const error = (text: string) => {
      const p = parseWeeklyPattern(text);
      return p.ok ? undefined : p.error;
    };
    expect(error('Mon 9-12')).toBe(
      `"Mon 9-12" is not a weekly time; expected 'Mon 09:00-12:00' or 'Mon-Fri 09:00-15:30'`,
    );
    expect(error('Xyz 09:00-10:00')).toContain('unknown day');
    expect(error('Mon 12:00-09:00')).toBe('"Mon 12:00-09:00" ends before it starts');
    expect(error('Mon 25:00-26:00')).toBe('"Mon 25:00-26:00" has an impossible clock time');
    expect(error('Fri-Mon 09:00-10:00')).toContain('runs backwards');
  });

  it('round-trip through their text form, and cover intervals', () => {
    const text = 'Mon 09:00-12:00; Wed 13:30-16:00';
    const p = weeklyPattern(text);
    expect(formatWeeklyPattern(p)).toBe(text);
    expect(patternCovers(p, 3, 840, 900)).toBe(true);
    expect(patternCovers(p, 3, 780, 840)).toBe(false);
    expect(patternCovers(p, 2, 600, 660)).toBe(false);
  });

  it('throw a ValidationError quoting the text when written wrongly in code', () => {
    expect(() => weeklyPattern('Mon 9-12')).toThrow(ValidationError);
    expect(() => weeklyPattern('Mon 9-12')).toThrow('"Mon 9-12" is not a weekly time');
  });
});

describe('date ranges', () => {
  it('parse ranges and single days', () => {
    const r = parseDateRanges('2026-12-21..2027-01-03; 2027-02-15');
    expect(r).toEqual({
      ok: true,
      value: [
        { start: '2026-12-21', end: '2027-01-03' },
        { start: '2027-02-15', end: '2027-02-15' },
      ],
    });
    if (r.ok) {
      expect(formatDateRanges(r.value)).toBe('2026-12-21..2027-01-03; 2027-02-15');
      expect(dateRangeDays(r.value)[0]![1] - dateRangeDays(r.value)[0]![0]).toBe(13);
    }
  });
  it('refuse impossible or reversed ones', () => {
    for (const bad of ['2026-02-30', '2027-01-03..2026-12-21', 'a..b..c'])
      expect(parseDateRanges(bad).ok).toBe(false);
  });
});

describe('calendar in Europe/London', () => {
  it('counts days and weekdays', () => {
    expect(dayToDate(dayNumber('2026-11-24'))).toBe('2026-11-24');
    expect(isoWeekday(dayNumber('2026-11-24'))).toBe(2); // a Tuesday
    expect(isoWeekday(dayNumber('2026-11-29'))).toBe(7);
    expect(toDayNumber('2026-02-29')).toBeUndefined();
    expect(monthOfDay(dayNumber('2027-01-31'))).toBe('2027-01');
  });

  it('keeps wall-clock times across the last Sunday of March (clocks go forward)', () => {
    expect(formatLondon(dayNumber('2027-03-27'), 600)).toBe('2027-03-27T10:00:00+00:00');
    expect(formatLondon(dayNumber('2027-03-28'), 600)).toBe('2027-03-28T10:00:00+01:00');
  });

  it('keeps wall-clock times across the last Sunday of October (clocks go back)', () => {
    // A weekly Monday 10:00 series either side of 25 October 2026.
    expect(formatLondon(dayNumber('2026-10-19'), 600)).toBe('2026-10-19T10:00:00+01:00');
    expect(formatLondon(dayNumber('2026-10-26'), 600)).toBe('2026-10-26T10:00:00+00:00');
  });

  it('formats every UK wall-clock time as date-fns does in the UK zone, change days included', () => {
    const slow = (day: number, minute: number) =>
      format(new TZDate(londonInstant(day, minute).getTime(), 'Europe/London'), "yyyy-MM-dd'T'HH:mm:ssxxx");
    const changeDays = ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'].map(dayNumber);
    for (const d of changeDays)
      for (let minute = 0; minute < 1440; minute += 15) expect(formatLondon(d, minute)).toBe(slow(d, minute));
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('2015-01-01'), max: dayNumber('2045-12-31') }),
        fc.integer({ min: 0, max: 1439 }),
        (day, minute) => formatLondon(day, minute) === slow(day, minute),
      ),
      { numRuns: 2000, seed: 2026 },
    );
  });

  it('a 09:00-12:00 session on a clock-change day lasts three real hours', () => {
    for (const date of ['2027-03-28', '2026-10-25']) {
      const d = dayNumber(date);
      expect(londonInstant(d, 720).getTime() - londonInstant(d, 540).getTime()).toBe(3 * 3600_000);
    }
  });

  it('reads instants back as UK wall clock', () => {
    for (const [date, minute] of [
      ['2027-03-28', 600],
      ['2026-10-25', 90],
      ['2026-12-08', 1439],
    ] as const) {
      expect(toLondonWallClock(londonInstant(dayNumber(date), minute))).toEqual({
        day: dayNumber(date),
        minute,
      });
    }
  });
});
