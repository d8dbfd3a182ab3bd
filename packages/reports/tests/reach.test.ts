import { describe, expect, it } from 'vitest';
import type { ReportRegistry } from '../src/context.js';
import { reachReport } from '../src/reports/reach.js';
import { runReport } from '../src/run.js';
import { activity, memorySource, offer, org, requestFact, rowsOf } from './facts-builder.js';

const registry = { reach: reachReport } as ReportRegistry;

const facts = memorySource({
  organisations: [
    org('P1', { kind: 'primary', priority: true }),
    org('P2', { kind: 'primary' }),
    org('P3', { kind: 'primary' }),
    org('P4', { kind: 'primary' }),
    org('S1'),
    org('S2'),
  ],
  history: [
    activity('P1', 'a1', '2026-09-01T10:00:00+01:00'), // first day of 2026/27: counts
    activity('P2', 'a1', '2026-08-31T10:00:00+01:00'), // last day of 2025/26: does not
    activity('P3', 'a1', '2026-10-01T10:00:00+01:00', { status: 'declined' }), // not engagement
  ],
  requests: [
    requestFact('rS1', 'S1', { status: 'confirmed', offers: [offer('a2', '2026-10-10T10:00:00+01:00')] }),
    // An offer not yet answered is not engagement.
    requestFact('rS2', 'S2', {
      status: 'offered',
      offers: [offer('a3', '2026-10-12T10:00:00+01:00', { status: 'offered' })],
    }),
  ],
});

describe('reach report', () => {
  it('counts engaged organisations in the academic year, with a Wilson interval and RAG', async () => {
    const doc = await runReport(registry, 'reach', facts, { as_of: '2026-11-24' });
    const byKind = Object.fromEntries(rowsOf(doc, 'reach-by-kind').map((r) => [r.code, r]));
    // Primary 1 of 4 = 25%: Wilson (z = 1.96) gives 4.6%–69.9%; 1 point short of 26% → amber.
    expect(byKind.primary).toMatchObject({
      organisations: 4,
      engaged: 1,
      reach: 0.25,
      target: 0.26,
      rag: 'amber',
    });
    expect(byKind.primary!.ci_low).toBeCloseTo(0.0456, 4);
    expect(byKind.primary!.ci_high).toBeCloseTo(0.6994, 4);
    // Secondary 1 of 2 = 50%: 30 points short of 80%, but the interval (9.5%–90.5%) still reaches it → amber.
    expect(byKind.secondary).toMatchObject({ engaged: 1, reach: 0.5, ci_high: 0.9055, rag: 'amber' });
    // Priority Schools: P1, 1 of 1 → green.
    expect(byKind.priority).toMatchObject({ organisations: 1, engaged: 1, reach: 1, rag: 'green' });
  });

  it('is red when the interval rule is off and reach is well short', async () => {
    const doc = await runReport(registry, 'reach', facts, {
      as_of: '2026-11-24',
      rag: { amber_margin: 0.1, interval_amber: false },
    });
    expect(rowsOf(doc, 'reach-by-kind').find((r) => r.code === 'secondary')!.rag).toBe('red');
  });

  it('moves with the academic year: on 31 August P2 counts, P1 does not', async () => {
    const doc = await runReport(registry, 'reach', facts, { as_of: '2026-08-31' });
    expect(rowsOf(doc, 'reach-by-kind').find((r) => r.code === 'primary')).toMatchObject({ engaged: 1 });
    expect(rowsOf(doc, 'reach-by-kind').find((r) => r.code === 'priority')).toMatchObject({
      engaged: 0,
      rag: 'red',
    });
  });

  it('uses configured targets and charts each targeted group by hub', async () => {
    const doc = await runReport(registry, 'reach', facts, {
      as_of: '2026-11-24',
      targets: { primary: 0.2, secondary: 0.8, college: 0.7, priority: 0.95 },
    });
    expect(rowsOf(doc, 'reach-by-kind').find((r) => r.code === 'primary')).toMatchObject({ rag: 'green' });
    // A chart per targeted group the data has (no college here, so no college chart).
    const charts = doc.sections.flatMap((s) => s.charts);
    expect(charts.map((c) => c.type === 'bar' && c.target)).toEqual([0.2, 0.8, 0.95]);
    expect(charts[0]).toMatchObject({ categories: ['South East'], series: [{ values: [0.25] }] });
  });
});
