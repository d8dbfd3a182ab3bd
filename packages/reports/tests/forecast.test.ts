import { describe, expect, it } from 'vitest';
import type { ReportRegistry } from '../src/context.js';
import { addMonths, forecastNext } from '../src/reports/forecast.js';
import { monthlyReport } from '../src/reports/monthly.js';
import { runReport } from '../src/run.js';
import { activity, ambassador, memorySource, offer, org, requestFact, rowsOf } from './facts-builder.js';

// Hand-made histories whose forecasts are worked out by hand.

const months = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('forecastNext (seasonal naive with a trend)', () => {
  // Sep–Nov 2025: 20 + 30 + 30 = 80; Sep–Nov 2026: 30 + 40 + 50 = 120 → trend 1.5.
  const twoYears = months({
    '2025-09': 20,
    '2025-10': 30,
    '2025-11': 30,
    '2025-12': 10,
    '2026-03': 25,
    '2026-09': 30,
    '2026-10': 40,
    '2026-11': 50,
  });

  it('takes the same month last year, scaled by the year-on-year trend', () => {
    const f = forecastNext(twoYears, '2026-12', '2026-11');
    expect(f.value).toBeCloseTo(15, 10); // 10 × 120 / 80
    expect(f.method).toBe('2025-12 (10) × trend 1.5 (last 3 months 120 / a year earlier 80)');
  });

  it('counts a month on record with no demand as zero (a summer holiday), not as missing', () => {
    // August 2025 had nothing; it is inside the history, so the forecast for August 2026 is 0 × trend.
    const f = forecastNext(
      months({
        '2025-05': 10,
        '2025-06': 10,
        '2025-07': 10,
        '2025-09': 5,
        '2026-05': 20,
        '2026-06': 20,
        '2026-07': 20,
      }),
      '2026-08',
      '2026-07',
    );
    expect(f.value).toBe(0);
  });

  it('keeps the trend within 0.5–2', () => {
    const f = forecastNext(
      months({
        '2025-09': 1,
        '2025-10': 1,
        '2025-11': 1,
        '2025-12': 10,
        '2026-09': 10,
        '2026-10': 10,
        '2026-11': 10,
      }),
      '2026-12',
      '2026-11',
    );
    expect(f.value).toBe(20); // 30 / 3 = 10, kept at 2
  });

  it('uses trend 1 when the year before last year is not on record', () => {
    const f = forecastNext(
      months({ '2025-12': 10, '2026-09': 30, '2026-10': 40, '2026-11': 50 }),
      '2026-12',
      '2026-11',
    );
    expect(f).toEqual({ value: 10, method: '2025-12 (10); no year-earlier history for a trend' });
  });

  it('falls back to the mean of the last three complete months without last year on record', () => {
    const f = forecastNext(
      months({ '2026-06': 5, '2026-09': 30, '2026-10': 40, '2026-11': 50 }),
      '2026-12',
      '2026-11',
    );
    expect(f.value).toBe(40);
    // With less history, the months there are; the month being reported (incomplete) is left out.
    expect(forecastNext(months({ '2026-10': 40, '2026-11': 50 }), '2027-01', '2026-11').value).toBe(45);
    expect(
      forecastNext(months({ '2026-10': 40, '2026-11': 50, '2026-12': 999 }), '2027-01', '2026-11').value,
    ).toBe(45);
  });

  it('makes no forecast without history', () => {
    expect(forecastNext(new Map(), '2026-12', '2026-11')).toEqual({ value: undefined, method: 'no history' });
    expect(forecastNext(months({ '2026-12': 4 }), '2027-01', '2026-11').value).toBeUndefined();
  });

  it('steps months across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -14)).toBe('2025-09');
  });
});

describe('monthly report: next month’s demand per hub against capacity', () => {
  const registry = { monthly: monthlyReport } as ReportRegistry;
  const at = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}T10:00:00+00:00`;
  const activities = (month: string, n: number, over = {}) =>
    Array.from({ length: n }, (_, i) => activity('S1', `h${i}`, at(month, i + 1), over));
  const input = {
    organisations: [org('S1'), org('L1', { hub: 'north' })],
    ambassadors: [
      ambassador('a1', { max_per_month: 4 }),
      // DBS expires on 1 December: not valid that month, so no capacity.
      ambassador('a2', { max_per_month: 3, dbs_expires: '2026-12-01' }),
      ambassador('a3', { hub: 'north', max_per_month: 5 }),
    ],
    history: [
      ...activities('2025-09', 2),
      ...activities('2025-10', 2),
      ...activities('2025-11', 4),
      ...activities('2025-12', 6),
      ...activities('2026-09', 4),
      ...activities('2026-10', 4),
      ...activities('2026-11', 4),
      // Declined and cancelled activities are not demand.
      ...activities('2025-12', 5, { status: 'cancelled' }),
    ],
    requests: [
      // Asked for December already: an unmet request for two ambassadors, and an accepted offer to a1.
      requestFact('r1', 'S1', {
        request: { needed: 2, window_start: '2026-12-07', window_end: '2026-12-11' },
      }),
      requestFact('r2', 'S1', {
        status: 'confirmed',
        request: { window_start: '2026-12-01', window_end: '2026-12-04' },
        offers: [offer('a1', '2026-12-02T10:00:00+00:00')],
      }),
      // Cancelled: not demand.
      requestFact('r3', 'S1', {
        status: 'cancelled',
        request: { window_start: '2026-12-07', window_end: '2026-12-11' },
      }),
    ],
  };
  const facts = memorySource(input);

  it('forecasts December from last December and the trend, against capacity not yet held', async () => {
    const doc = await runReport(registry, 'monthly', facts, { to: '2026-11-30', as_of: '2026-11-30' });
    const rows = rowsOf(doc, 'forecast');
    // 6 last December × (4 + 4 + 4) / (2 + 2 + 4) = 6 × 1.5 = 9. Asked: 2 + 1. Capacity: a1 only (4),
    // 1 of it held by r2's offer → 3 free; 9 − 3 = 6 beyond it.
    expect(rows).toEqual([
      {
        hub: 'North',
        forecast: null,
        method: 'no history',
        asked: 0,
        capacity: 5,
        free: 5,
        short: null,
      },
      {
        hub: 'South East',
        forecast: 9,
        method: '2025-12 (6) × trend 1.5 (last 3 months 12 / a year earlier 8)',
        asked: 3,
        capacity: 4,
        free: 3,
        short: 6,
      },
    ]);
    const section = doc.sections.find((s) => s.heading === 'Next month: demand forecast for 2026-12')!;
    expect(section.text.join(' ')).toMatch(/seasonal naive/);
  });

  it('never forecasts below what is already asked for the month', async () => {
    const busier = memorySource({
      ...input,
      requests: [
        ...input.requests,
        requestFact('r4', 'S1', {
          request: { needed: 10, window_start: '2026-12-07', window_end: '2026-12-11' },
        }),
      ],
    });
    const doc = await runReport(registry, 'monthly', busier, {
      to: '2026-11-30',
      as_of: '2026-11-30',
      hub: 'south-east',
    });
    // Asked: 3 + 10 = 13, above the model's 9.
    expect(rowsOf(doc, 'forecast')).toEqual([
      expect.objectContaining({
        forecast: 13,
        method:
          '2025-12 (6) × trend 1.5 (last 3 months 12 / a year earlier 8); raised to what is already asked',
        asked: 13,
        short: 10,
      }),
    ]);
  });

  it('in the middle of a month, forecasts the next from the months before this one', async () => {
    // Reporting to 15 November: November is incomplete, so history ends in October and next is December:
    // Sep–Oct 2026 + Aug 2026 (0) = 8 against Aug–Oct 2025 = 0 + 2 + 2 = 4 — but August 2025 is before
    // the history's first month (September 2025), so there is no full year-earlier window: trend 1.
    const doc = await runReport(registry, 'monthly', facts, {
      to: '2026-11-15',
      as_of: '2026-11-15',
      hub: 'south-east',
    });
    expect(rowsOf(doc, 'forecast')).toEqual([
      expect.objectContaining({
        hub: 'South East',
        forecast: 6,
        method: '2025-12 (6); no year-earlier history for a trend',
      }),
    ]);
  });
});
