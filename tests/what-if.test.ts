import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WhatIfReport } from '@stem-match/what-if';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'stem-match-what-if-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
const TODAY = ['--today', '2026-11-24'];

async function report(...args: string[]): Promise<WhatIfReport> {
  const out = join(dir, `${args.join(' ').replaceAll(/\W+/g, '-').slice(0, 80)}.json`);
  const r = await cli('what-if', '--data', data, ...TODAY, ...args, '--format', 'json', '--out', out);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as WhatIfReport;
}

/** The report with every timing taken out, so two runs can be compared. */
const untimed = (r: WhatIfReport) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'seconds' ? 0 : v)));

beforeAll(async () => {
  const gen = await cli('generate', '--scale', 'small', '--seed', '2', ...TODAY, '--out', data);
  expect(gen.code).toBe(0);
});

describe('stem-match what-if (a small generated dataset)', () => {
  it('ranks candidate places by Priority School requests gained, then requests gained', async () => {
    const all = await report('--top', '10', '--candidates', '10');
    const ranking = all.top!.ranking;
    expect(all.top!.candidates).toBe(10);
    expect(ranking).toHaveLength(10);
    for (let i = 1; i < ranking.length; i++) {
      const [a, b] = [ranking[i - 1]!.outcome, ranking[i]!.outcome];
      expect(
        a.priority_more > b.priority_more ||
          (a.priority_more === b.priority_more && a.requests_more >= b.requests_more),
      ).toBe(true);
    }
    expect(ranking[0]!.outcome.requests_more).toBeGreaterThan(0);
    expect(ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Every gain is a request the baseline left unfilled, and each candidate had unfilled demand.
    for (const r of ranking) {
      expect(r.unmet).toBeGreaterThan(0);
      expect(r.outcome.newly_served.length - r.outcome.no_longer_served.length).toBe(r.outcome.requests_more);
    }
    // Fewer places asked for: the same leaders.
    const three = await report('--top', '3', '--candidates', '10');
    expect(three.top!.ranking).toEqual(ranking.slice(0, 3));
  });

  it('gives a ranked place the figure that adding the batch there gives', async () => {
    const best = (await report('--top', '1', '--candidates', '10')).top!.ranking[0]!;
    const added = await report('--add', `5 ambassadors in ${best.batch.place.label}`);
    expect(added.added!.batches[0]!.offers).toEqual(best.batch.offers);
    const ids = (xs: Array<{ request_id: string }>) => xs.map((x) => x.request_id);
    expect(ids(added.added!.outcome.newly_served)).toEqual(ids(best.outcome.newly_served));
    expect(added.added!.outcome.priority_more).toBe(best.outcome.priority_more);
  });

  it('is deterministic for a seed', async () => {
    const args = ['--add', '4 physics KS3-KS4 ambassadors near TN34', '--top', '2', '--seed', '9'];
    expect(untimed(await report(...args))).toEqual(untimed(await report(...args)));
  });

  it('prints a one-screen summary and writes Markdown', async () => {
    const out = join(dir, 'where.md');
    const r = await cli(
      'what-if',
      '--data',
      data,
      ...TODAY,
      '--add',
      '10 chemistry KS3-KS4 ambassadors near TN34',
      '--top',
      '3',
      '--format',
      'md',
      '--out',
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/baseline \d+ of 100 requests filled/);
    expect(r.out).toContain('Added "10 chemistry KS3-KS4 ambassadors near TN34": at TN34');
    expect(r.out).toMatch(/requests served\s+[+-]?\d+/);
    expect(r.out).toContain('Best places to recruit "5 ambassadors"');
    expect(r.out.split('\n').length).toBeLessThan(25);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('# What-if recruitment');
    expect(md).toContain('## Added recruits');
    expect(md).toContain('## Best places to recruit');
  });

  it('refuses what it cannot read or place, saying what and how (exit 2)', async () => {
    const bad = await cli('what-if', '--data', data, '--add', '10 chemisty ambassadors near TN34');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"chemisty" is not a subject or a key stage');
    expect(bad.err).toContain('example: "10 chemistry KS3-KS4 ambassadors near TN34"');
    const nowhere = await cli('what-if', '--data', data, ...TODAY, '--add', '5 ambassadors near ZE9');
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).toContain('no organisation in the dataset has a postcode in district ZE9');
    const nothing = await cli('what-if', '--data', data);
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('--add');
    const half = await cli('what-if', '--data', data, '--top', '2', '--format', 'md');
    expect(half.code).toBe(2);
    expect(half.err).toContain('--out and --format go together');
  });
});
