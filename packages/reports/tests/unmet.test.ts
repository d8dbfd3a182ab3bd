import { describe, expect, it } from 'vitest';
import type { ReportRegistry } from '../src/context.js';
import { renderReport } from '../src/render/write.js';
import { unmetReport } from '../src/reports/unmet.js';
import { runReport } from '../src/run.js';
import { LEEDS, memorySource, org, requestFact, rowsOf } from './facts-builder.js';

const registry = { unmet: unmetReport } as ReportRegistry;

// As of 2026-11-24 the default period is the academic year so far: 2026-09-01 to 2026-11-24.
const facts = memorySource({
  organisations: [
    org('A', { priority: true, postcode: 'TN34 1AB', tags: ['rural', 'coastal'] }),
    // A name a spreadsheet would run as a formula if the CSV did not neutralise it.
    org('B', { kind: 'primary', hub: 'north', ...LEEDS, name: '=HYPERLINK("http://evil.example","B")' }),
    org('C'),
  ],
  requests: [
    // r1: unfilled, lost its last candidate at the subject stage, nearest such ambassador 12.5 km.
    requestFact('r1', 'A', {
      status: 'unfilled',
      explanation: {
        reason: 'no_subject_match',
        filled: 0,
        needed: 1,
        nearest_km: 12.5,
        funnel: [3, 3, 0, 0, 0, 0],
      },
    }),
    // r2: still open, candidates taken elsewhere, 2 km; submitted 2026-09-15, so 70 days old.
    requestFact('r2', 'A', {
      status: 'open',
      explanation: {
        reason: 'taken_by_other_requests',
        filled: 0,
        needed: 1,
        nearest_km: 2,
        funnel: [5, 5, 5, 4, 4, 2],
      },
    }),
    // r3: open, never through a run; 20 days old.
    requestFact('r3', 'B', { request: { hub: 'north', created_at: '2026-11-04T10:00:00+00:00' } }),
    // r4 filled, r5 cancelled, r6 outside the period: none of them unmet.
    requestFact('r4', 'C', { status: 'matched' }),
    requestFact('r5', 'C', { status: 'cancelled' }),
    requestFact('r6', 'C', {
      status: 'unfilled',
      request: { window_start: '2026-06-01', window_end: '2026-06-30' },
    }),
  ],
});

describe('unmet report', () => {
  it('counts unmet requests by reason, and the reasons add up to the total', async () => {
    const doc = await runReport(registry, 'unmet', facts, { as_of: '2026-11-24' });
    const reasons = rowsOf(doc, 'by-reason');
    expect(reasons.map((r) => [r.reason, r.requests, r.priority])).toEqual([
      ['no_subject_match', 1, 1],
      ['taken_by_other_requests', 1, 1],
      ['not_yet_matched', 1, 0],
    ]);
    expect(reasons.reduce((sum, r) => sum + (r.requests as number), 0)).toBe(rowsOf(doc, 'requests').length);
    expect(rowsOf(doc, 'requests').map((r) => r.request_id)).toEqual(['r1', 'r2', 'r3']);
  });

  it('gives the median and 90th percentile distance to the nearest otherwise-eligible ambassador', async () => {
    const doc = await runReport(registry, 'unmet', facts, { as_of: '2026-11-24' });
    // Distances 2 and 12.5: median (2 + 12.5) / 2 = 7.25 → 7.3; p90 = 2 + 0.9 × 10.5 = 11.45 → 11.5.
    expect(doc.sections[0]!.text[1]).toContain('7.3 km');
    expect(doc.sections[0]!.text[1]).toContain('11.5 km');
    const subject = rowsOf(doc, 'by-reason')[0]!;
    expect([subject.median_nearest_km, subject.p90_nearest_km]).toEqual([12.5, 12.5]);
  });

  it('breaks demand down by hub, kind and Priority against all requests in the period', async () => {
    const doc = await runReport(registry, 'unmet', facts, { as_of: '2026-11-24' });
    // South East: r1, r2 unmet of r1, r2, r4 (r5 cancelled and r6 out of the period are not demand).
    expect(rowsOf(doc, 'by-hub').map((r) => [r.code, r.unmet, r.requests, r.unmet_share])).toEqual([
      ['south-east', 2, 3, 0.6667],
      ['north', 1, 1, 1],
    ]);
    expect(rowsOf(doc, 'by-priority').find((r) => r.code === 'priority')).toMatchObject({
      unmet: 2,
      requests: 2,
    });
    expect(rowsOf(doc, 'by-organisation-kind').find((r) => r.code === 'primary')).toMatchObject({ unmet: 1 });
  });

  it("breaks demand down by rural or urban and by targeting tag, from organisations' tags", async () => {
    const doc = await runReport(registry, 'unmet', facts, { as_of: '2026-11-24' });
    // A is tagged rural (r1, r2 both unmet); B and C are not: r3 unmet of r3 and r4.
    expect(rowsOf(doc, 'by-setting').map((r) => [r.code, r.unmet, r.requests])).toEqual([
      ['rural', 2, 2],
      ['urban', 1, 2],
    ]);
    expect(rowsOf(doc, 'by-tag').map((r) => [r.code, r.unmet, r.requests])).toEqual([
      ['coastal', 2, 2],
      ['rural', 2, 2],
      ['untagged', 1, 2],
    ]);
  });

  it('has no rural or urban breakdown when no organisation is tagged rural', async () => {
    const untagged = memorySource({ organisations: [org('C')], requests: [requestFact('r4', 'C')] });
    const doc = await runReport(registry, 'unmet', untagged, { as_of: '2026-11-24' });
    expect(doc.sections.flatMap((s) => s.tables).some((t) => t.id === 'by-setting')).toBe(false);
  });

  it('neutralises a formula in its CSV listing, and keeps the cell readable', async () => {
    const doc = await runReport(registry, 'unmet', facts, { as_of: '2026-11-24' });
    const files = renderReport(doc, 'csv', 'out/unmet.csv');
    const listing = files.find((f) => f.path.endsWith('unmet.requests.csv'))!.content;
    const r3 = listing.split('\r\n').find((line) => line.startsWith('r3,'))!;
    expect(r3).toContain(`"'=HYPERLINK(""http://evil.example"",""B"")"`);
    expect(listing).not.toMatch(/(^|,)"?=/m);
  });

  it('places the stage where candidates ran out, and the ages of open requests', async () => {
    const doc = await runReport(registry, 'unmet', facts, { as_of: '2026-11-24' });
    const funnel = Object.fromEntries(rowsOf(doc, 'funnel').map((r) => [r.stage, r.fell_to_zero]));
    expect(funnel).toEqual({
      in_range: 0,
      dbs_cleared: 0,
      subject: 1,
      activity_type: 0,
      key_stage: 0,
      common_time: 0,
    });
    expect(rowsOf(doc, 'open-ages').map((r) => r.requests)).toEqual([0, 1, 1, 0]);
  });

  it('keeps to one hub when asked, and maps unmet demand to grid squares', async () => {
    const doc = await runReport(registry, 'unmet', facts, { as_of: '2026-11-24', hub: 'north' });
    expect(rowsOf(doc, 'requests').map((r) => r.request_id)).toEqual(['r3']);
    const map = doc.sections.find((s) => s.map)!.map!;
    expect(map.cells).toHaveLength(1);
    expect(map.cells[0]!.unmet).toBe(1);
    expect(Math.abs(map.cells[0]!.lat - LEEDS.lat)).toBeLessThan(0.1);
  });

  it('refuses an unknown hub by name', async () => {
    await expect(runReport(registry, 'unmet', facts, { hub: 'narnia' })).rejects.toThrow(/no hub "narnia"/);
  });
});
