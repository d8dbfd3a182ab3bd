import type { Cell, ReportName, ReportTable } from '@stem-match/domain';
import { ReportName as ReportNames } from '@stem-match/domain';
import { describe, expect, it } from 'vitest';
import { REPORTS } from '../src/reports/index.js';
import { runReport } from '../src/run.js';
import { activity, ambassador, LEEDS, memorySource, offer, org, requestFact } from './facts-builder.js';

// Facts that give every report something to draw: two hubs, unmet and filled requests, a series,
// history over three months, an ambassador whose DBS check lapses soon.
const facts = memorySource({
  organisations: [
    org('A', { priority: true, postcode: 'TN34 1AB', tags: ['rural'] }),
    org('B', { kind: 'primary', hub: 'north', ...LEEDS }),
    org('C', { lat: 51.5074, lon: -0.1278 }),
    org('D', { kind: 'primary' }),
    org('E', { kind: 'college', hub: 'north', ...LEEDS }),
  ],
  ambassadors: [
    ambassador('x'),
    ambassador('y', { hub: 'north', ...LEEDS }),
    ambassador('z', { dbs_expires: '2026-12-20' }),
  ],
  requests: [
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
    requestFact('r2', 'B', { request: { hub: 'north', window_end: '2026-12-20' } }),
    requestFact('r3', 'C', { status: 'confirmed', offers: [offer('x', '2026-10-07T10:00:00+01:00')] }),
    requestFact('r4', 'D', {
      status: 'confirmed',
      request: { sessions: 2, every_days: 7 },
      offers: [
        {
          ...offer('z', '2026-10-08T10:00:00+01:00', {
            status: 'completed',
            volunteer_hours: 2,
            participants: 20,
          }),
          sessions: [
            { session: 1, start: '2026-10-08T10:00:00+01:00', end: '2026-10-08T11:00:00+01:00' },
            { session: 2, start: '2026-10-15T10:00:00+01:00', end: '2026-10-15T11:00:00+01:00' },
          ],
        },
      ],
    }),
  ],
  history: [
    activity('A', 'x', '2026-09-20T10:00:00+01:00', {
      volunteer_hours: 2,
      participants: 25,
      satisfaction: 4,
    }),
    activity('B', 'y', '2026-10-14T10:00:00+01:00', { volunteer_hours: 3, participants: 30 }),
    activity('E', 'y', '2026-10-21T10:00:00+01:00', { volunteer_hours: 1, participants: 10 }),
    activity('C', 'x', '2026-11-04T10:00:00+00:00', { volunteer_hours: 1, participants: 12 }),
  ],
});

const numbersIn = (t: ReportTable): number[] =>
  t.rows.flatMap((r) => r.filter((c: Cell): c is number => typeof c === 'number'));

const drawn: Partial<Record<ReportName, number>> = {};

describe('every number drawn is also in a table', () => {
  it.each(ReportNames.options)('%s', async (name: ReportName) => {
    const doc = await runReport(REPORTS, name, facts, {
      as_of: '2026-11-24',
      ...(name === 'monthly' ? { to: '2026-10-31' } : {}),
    });
    const tables = new Map(doc.sections.flatMap((s) => s.tables).map((t) => [t.id, t]));
    drawn[name] = doc.sections.reduce((n, s) => n + s.charts.length + (s.map ? 1 : 0), 0);
    for (const section of doc.sections) {
      for (const chart of section.charts) {
        const t = tables.get(chart.table);
        expect(t, `${chart.title}: its table ${chart.table}`).toBeDefined();
        const inTable = numbersIn(t!);
        for (const s of chart.series)
          for (const [i, v] of s.values.entries())
            expect(inTable, `${chart.title}, ${s.name}, point ${i}: ${v}`).toContain(v);
      }
      if (section.map) {
        const t = tables.get(section.map.table)!;
        for (const cell of section.map.cells) {
          const row = t.rows.find((r) => r[0] === cell.label);
          expect(row, `map square ${cell.label}`).toBeDefined();
          expect(row).toEqual(expect.arrayContaining([cell.unmet, cell.ambassadors, cell.lat, cell.lon]));
        }
      }
    }
  });

  it('had charts and maps to check', () => {
    expect(drawn).toEqual({
      unmet: 3,
      reach: 4,
      sustained: 1,
      supply: 2,
      volunteering: 2,
      dbs: 0,
      monthly: 1,
    });
  });
});
