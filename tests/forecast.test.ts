import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportDocument } from '@stem-match/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness.js';

// The monthly forecast learns the season from history: on generated data (British Science Week in
// March at about twice an ordinary month's demand; docs/data.md), the forecast for March made in
// February follows last March, not the winter months just gone.
const dir = mkdtempSync(join(tmpdir(), 'stem-match-forecast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('monthly forecast on generated seasonal data', () => {
  it('forecasts March from last March, well above the mean of the winter months', async () => {
    const data = join(dir, 'data');
    const gen = await cli(
      'generate',
      '--scale',
      'region',
      '--seed',
      '1',
      '--today',
      '2027-02-19',
      '--out',
      data,
    );
    expect(gen.code, gen.err).toBe(0);
    const out = join(dir, 'monthly.json');
    const made = await cli(
      'report',
      'monthly',
      '--data',
      data,
      '--as-of',
      '2027-02-19',
      '--to',
      '2027-02-19',
      '--format',
      'json',
      '--out',
      out,
    );
    expect(made.code, made.err).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ReportDocument;
    const tables = doc.sections.flatMap((s) => s.tables);
    const forecast = tables.find((t) => t.id === 'forecast')!;
    expect(forecast.title).toContain('2027-03');
    const [row] = forecast.rows;
    const forecastValue = row![1] as number;
    expect(row![2]).toMatch(/^2026-03 \(\d+\)/);
    // Completed activities by month (the history) from the same report: November to January.
    const trend = new Map(tables.find((t) => t.id === 'trend')!.rows.map((r) => [r[0], r[1] as number]));
    const winter = (['2026-11', '2026-12', '2027-01'] as const).map((m) => trend.get(m)!);
    const mean = winter.reduce((s, n) => s + n, 0) / winter.length;
    expect(forecastValue).toBeGreaterThan(1.5 * mean);
  });
});
