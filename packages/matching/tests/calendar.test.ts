import { toLondonWallClock } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonWallClock } from '../src/calendar.js';

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
