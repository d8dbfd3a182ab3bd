import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'stem-match-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
const runDir = join(dir, 'run');

describe('stem-match (file mode)', () => {
  it('prints help with every command, and exits 0', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    for (const c of [
      'generate',
      'validate',
      'match',
      'check',
      'import',
      'submit',
      'run-match',
      'replay',
      'export',
      'status',
      'history',
      'report',
      'dlq',
      'worker',
      'demo',
    ]) {
      expect(out).toContain(c);
    }
  });

  it('exits 2 on a usage error, naming what was wrong', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    const missing = await cli('match', '--out', runDir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--data');
    const badSeed = await cli('generate', '--out', data, '--seed', 'x');
    expect(badSeed.code).toBe(2);
    expect(badSeed.err).toContain('whole number');
  });

  it('generates, validates, matches and checks a small dataset', async () => {
    const gen = await cli(
      'generate',
      '--scale',
      'small',
      '--seed',
      '3',
      '--today',
      '2026-11-24',
      '--out',
      data,
    );
    expect(gen.code).toBe(0);
    const validate = await cli('validate', '--data', data);
    expect(validate.code).toBe(0);
    expect(validate.out).toMatch(/ambassadors\s+\d+/);
    const matched = await cli('match', '--data', data, '--out', runDir, '--today', '2026-11-24');
    expect(matched.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    expect(summary.filled).toBeGreaterThan(0);
    expect(readFileSync(join(runDir, 'assignments.csv'), 'utf8').split('\n')[0]).toBe(
      'request_id,session,ambassador_id,start,end,distance_km,mode',
    );
    const checked = await cli('check', '--data', data, '--run', runDir);
    expect(checked.out).toContain('No violations');
    expect(checked.code).toBe(0);
  });

  it('reports on a dataset and its run in every format, without a server', async () => {
    const out = join(dir, 'reports');
    const unfilled = readFileSync(join(runDir, 'unfilled.csv'), 'utf8').trim().split('\n').length - 1;
    for (const format of ['csv', 'json', 'md', 'html']) {
      const r = await cli(
        'report',
        'unmet',
        '--data',
        data,
        '--run',
        runDir,
        '--as-of',
        '2026-11-24',
        '--format',
        format,
        '--out',
        join(out, `unmet.${format}`),
      );
      expect(r.code).toBe(0);
      expect(r.out).toContain(`unmet.${format}`);
    }
    // Every request the run left unfilled is unmet demand, and the reasons add up to them.
    const doc = JSON.parse(readFileSync(join(out, 'unmet.json'), 'utf8'));
    const byReason = doc.sections[0].tables[0];
    expect(byReason.rows.reduce((n: number, row: number[]) => n + row[2]!, 0)).toBe(unfilled);
    expect(readFileSync(join(out, 'unmet.requests.csv'), 'utf8').trim().split('\r\n')).toHaveLength(
      unfilled + 1,
    );
    expect(readFileSync(join(out, 'unmet.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    const reach = await cli(
      'report',
      'reach',
      '--data',
      data,
      '--hub',
      'nowhere',
      '--format',
      'md',
      '--out',
      join(out, 'r.md'),
    );
    expect(reach.code).toBe(2);
    expect(reach.err).toContain('no hub "nowhere"');
    // Settings come from a JSON file, checked field by field.
    const settings = join(dir, 'report-options.json');
    writeFileSync(settings, JSON.stringify({ targets: { primary: 1.5 } }));
    const bad = await cli(
      'report',
      'reach',
      '--data',
      data,
      '--options',
      settings,
      '--format',
      'json',
      '--out',
      join(out, 'r.json'),
    );
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/options file .* targets\.primary/);
    writeFileSync(
      settings,
      JSON.stringify({ targets: { primary: 0, secondary: 0, college: 0, priority: 0 } }),
    );
    const easy = await cli(
      'report',
      'reach',
      '--data',
      data,
      '--options',
      settings,
      '--format',
      'json',
      '--out',
      join(out, 'r.json'),
    );
    expect(easy.code).toBe(0);
    const rags = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')).sections[0].tables[0].rows.map(
      (r: string[]) => r.at(-1),
    );
    expect(rags.filter((r: string | null) => r !== null).every((r: string) => r === 'green')).toBe(true);
  });

  it('check exits 1 and lists the violation when a run is tampered with', async () => {
    const file = join(runDir, 'assignments.csv');
    const [header, first, ...rest] = readFileSync(file, 'utf8').trim().split('\n');
    const cells = first!.split(',');
    cells[3] = cells[3]!.replace(/T\d\d:\d\d/, 'T03:00');
    writeFileSync(file, [header, cells.join(','), ...rest].join('\n'));
    const checked = await cli('check', '--data', data, '--run', runDir);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/violation/);
  });

  it('reports bad rows with file, line and column, keeps the rest, and fails only with --strict', async () => {
    const requests = join(data, 'requests.csv');
    const lines = readFileSync(requests, 'utf8').trim().split('\n');
    const bad = lines[1]!.replace(/,(KS\d|EYFS|FE),/, ',KS9,');
    writeFileSync(requests, [...lines, bad.replace(/^[^,]+/, 'BROKEN-1')].join('\n'));
    const lenient = await cli('validate', '--data', data);
    expect(lenient.code).toBe(0);
    expect(lenient.err).toMatch(/requests\.csv:\d+ column key_stage/);
    const strict = await cli('validate', '--data', data, '--strict');
    expect(strict.code).toBe(3);
  });
});
