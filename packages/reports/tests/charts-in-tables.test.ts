import type { Cell, ReportName, ReportTable } from '@stem-match/domain';
import { ReportName as ReportNames } from '@stem-match/domain';
import { describe, expect, it } from 'vitest';
import { REPORTS } from '../src/reports/index.js';
import { runReport } from '../src/run.js';
import { everyReportFacts } from './facts-builder.js';

const numbersIn = (t: ReportTable): number[] =>
  t.rows.flatMap((r) => r.filter((c: Cell): c is number => typeof c === 'number'));

const drawn: Partial<Record<ReportName, number>> = {};

describe('every number drawn is also in a table', () => {
  it.each(ReportNames.options)('%s', async (name: ReportName) => {
    const doc = await runReport(REPORTS, name, everyReportFacts, {
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
