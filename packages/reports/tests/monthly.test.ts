import { describe, expect, it } from 'vitest';
import type { ReportRegistry } from '../src/context.js';
import { monthlyReport } from '../src/reports/monthly.js';
import { runReport } from '../src/run.js';
import { activity, memorySource, offer, org, requestFact, rowsOf } from './facts-builder.js';

const registry = { monthly: monthlyReport } as ReportRegistry;
const october = { request: { window_start: '2026-10-01', window_end: '2026-10-31' } };
const noTime = { reason: 'no_common_time' as const, filled: 0, needed: 1, funnel: [2, 2, 2, 2, 2, 0] };

const facts = memorySource({
  organisations: [org('P1', { kind: 'primary', priority: true }), org('S1')],
  requests: [
    requestFact('m1', 'S1', {
      ...october,
      status: 'confirmed',
      offers: [offer('a1', '2026-10-07T10:00:00+01:00')],
    }),
    requestFact('m2', 'P1', { ...october, status: 'unfilled', explanation: noTime }),
    requestFact('m3', 'P1', { ...october, status: 'open', explanation: noTime }),
    requestFact('m4', 'S1', { request: { ...october.request, subjects: ['chemistry'], key_stage: 'KS4' } }),
    requestFact('m5', 'S1', {
      request: { window_start: '2026-09-01', window_end: '2026-09-30' },
      status: 'matched',
      offers: [offer('a2', '2026-09-10T10:00:00+01:00', { status: 'offered' })],
    }),
  ],
  history: [
    activity('P1', 'a3', '2026-09-20T10:00:00+01:00', { volunteer_hours: 2, participants: 25 }),
    activity('S1', 'a4', '2026-10-14T10:00:00+01:00', { volunteer_hours: 3, participants: 30 }),
  ],
});

describe('monthly report', () => {
  it('compares the month with the one before, KPI by KPI, with RAG on reach', async () => {
    const doc = await runReport(registry, 'monthly', facts, { to: '2026-10-31', as_of: '2026-11-24' });
    const reach = Object.fromEntries(
      rowsOf(doc, 'kpi-shares').map((r) => [r.kpi, [r.this_month, r.last_month, r.change, r.rag]]),
    );
    // Secondary: S1 engaged on 7 and 14 October, not in September → 0% → 100%, green against 80%.
    expect(reach['Reach: Secondary (2026/27 to date)']).toEqual([1, 0, 1, 'green']);
    // Primary: P1 since 20 September → 100% both months.
    expect(reach['Reach: Primary (2026/27 to date)']).toEqual([1, 1, 0, 'green']);
    // October: m1–m4 due, only m1 filled → 25%; September: m5 due and filled → 100%.
    expect(reach['Share of requests due in the month that were filled']).toEqual([0.25, 1, -0.75, null]);
    const kpi = Object.fromEntries(
      rowsOf(doc, 'kpis').map((r) => [r.kpi, [r.this_month, r.last_month, r.change]]),
    );
    expect(kpi['Requests due (window opens in the month)']).toEqual([4, 1, 3]);
    expect(kpi['Unmet requests due in the month']).toEqual([3, 0, 3]);
    expect(kpi['… from Priority Schools']).toEqual([2, 0, 2]);
    // Delivered: one completed activity each month (an accepted one is not yet delivered).
    expect(kpi['Activities delivered (completed sessions)']).toEqual([1, 1, 0]);
    expect(kpi['Volunteer hours']).toEqual([3, 2, 1]);
    expect(kpi['Young people reached']).toEqual([30, 25, 5]);
    expect([doc.from, doc.to]).toEqual(['2026-10-01', '2026-10-31']);
  });

  it('lists the biggest gaps and says what changed', async () => {
    const doc = await runReport(registry, 'monthly', facts, { to: '2026-10-31', as_of: '2026-11-24' });
    expect(rowsOf(doc, 'top-gaps').map((r) => [r.subject, r.key_stage, r.unmet])).toEqual([
      ['Physics', 'KS3', 2],
      ['Chemistry', 'KS4', 1],
    ]);
    const changed = doc.sections.find((s) => s.heading.startsWith('What changed'))!.text;
    expect(changed).toContain('Secondary: 1 more organisations engaged; reach 0.0% → 100.0%.');
    expect(changed).toContain('Share of requests filled: 100.0% → 25.0%.');
    expect(rowsOf(doc, 'trend')).toEqual([
      { month: '2026-09', activities: 1, hours: 2 },
      { month: '2026-10', activities: 1, hours: 3 },
    ]);
  });

  it('says so when a new academic year starts, rather than comparing across it', async () => {
    const doc = await runReport(registry, 'monthly', facts, { to: '2026-09-30', as_of: '2026-11-24' });
    expect(
      rowsOf(doc, 'kpi-shares')
        .filter((r) => String(r.kpi).startsWith('Reach'))
        .map((r) => r.change),
    ).toEqual([null, null, null]);
    expect(doc.sections.find((s) => s.heading.startsWith('What changed'))!.text.join(' ')).toMatch(
      /new academic year \(2026\/27\)/,
    );
  });
});
