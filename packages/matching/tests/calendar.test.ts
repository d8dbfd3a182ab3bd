import { dayNumber, dayToDate, isoWeekday, toLondonWallClock } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmbassadorCalendar, londonWallClock, monthIndex } from '../src/calendar.js';
import { ambassador, history } from './builders.js';

describe('londonWallClock', () => {
  it('agrees with toLondonWallClock at any instant, seconds and written offsets included', () => {
    const from = Date.UTC(2019, 0, 1);
    const to = Date.UTC(2031, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(0, 60, -330), (ms, offsetMin) => {
        // The same instant written in another zone: "local" digits, then the offset.
        const digits = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
        const sign = offsetMin < 0 ? '-' : '+';
        const abs = Math.abs(offsetMin);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        const iso = `${digits}${zone}`;
        expect(Date.parse(iso)).toBe(ms);
        expect(londonWallClock(iso)).toEqual(toLondonWallClock(iso));
      }),
      { numRuns: 2000 },
    );
  });

  it('is right either side of the clock changes', () => {
    // 2026: clocks go forward at 01:00 UTC on 29 March and back at 01:00 UTC on 25 October.
    for (const iso of [
      '2026-03-29T00:59:59Z',
      '2026-03-29T01:00:00Z',
      '2026-03-29T01:30:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-25T00:59:00Z',
      '2026-10-25T01:00:00Z',
      '2026-10-25T01:59:59Z',
      '2026-12-31T23:59:00Z',
    ]) {
      expect(londonWallClock(iso), iso).toEqual(toLondonWallClock(iso));
    }
  });
});

describe('AmbassadorCalendar', () => {
  const today = dayNumber('2026-11-24');
  const booking = fc.record({
    day: fc.integer({ min: today - 40, max: today + 12 }),
    hour: fc.integer({ min: 8, max: 17 }),
    minutes: fc.constantFrom(30, 60, 90),
    status: fc.constantFrom('completed', 'accepted', 'offered', 'cancelled', 'declined'),
  });

  it('keeps from the first bookable day on what a calendar of every booking says of those days', () => {
    fc.assert(
      fc.property(
        fc.array(booking, { maxLength: 12 }),
        fc.integer({ min: today - 8, max: today + 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 8 * 60, max: 17 * 60 }),
        fc.integer({ min: 0, max: 30 }),
        (bookings, fromDay, after, start, buffer) => {
          const day = fromDay + after;
          const a = ambassador('a1', {
            availability: 'Mon-Sat 08:00-19:00',
            unavailable: [{ start: dayToDate(today + 2), end: dayToDate(today + 3) }],
          });
          const all = new AmbassadorCalendar(a, 4);
          const fromFirstDay = new AmbassadorCalendar(a, 4, fromDay);
          for (const b of bookings) {
            const hh = String(b.hour).padStart(2, '0');
            const end = b.hour * 60 + b.minutes;
            const endAt = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
            const h = history({
              organisation_id: 'o1',
              ambassador_id: 'a1',
              status: b.status as 'completed',
              start: `${dayToDate(b.day)}T${hh}:00:00Z`,
              end: `${dayToDate(b.day)}T${endAt}:00Z`,
            });
            all.addExisting(h);
            fromFirstDay.addExisting(h);
          }
          const weekday = isoWeekday(day);
          expect(fromFirstDay.freeBeforeRun(day, weekday, start, start + 60, buffer)).toBe(
            all.freeBeforeRun(day, weekday, start, start + 60, buffer),
          );
          expect(fromFirstDay.roomInMonth(monthIndex(day))).toBe(all.roomInMonth(monthIndex(day)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts bookings earlier in the first bookable month against its capacity', () => {
    const a = ambassador('a1');
    const cal = new AmbassadorCalendar(a, 4, dayNumber('2026-11-25'));
    for (const date of ['2026-11-03', '2026-11-10', '2026-10-27']) {
      cal.addExisting(
        history({
          organisation_id: 'o1',
          ambassador_id: 'a1',
          start: `${date}T10:00:00Z`,
          end: `${date}T11:00:00Z`,
        }),
      );
    }
    expect(cal.roomInMonth(monthIndex(dayNumber('2026-11-26')))).toBe(2);
    expect(cal.freeBeforeRun(dayNumber('2026-11-26'), 4, 10 * 60, 11 * 60, 30)).toBe(true);
  });
});
