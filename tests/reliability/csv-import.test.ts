import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorkers } from '@stem-match/cli';
import { Store } from '@stem-match/store';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliPrefixes } from '../cli-harness.js';
import { until } from './support/wait.js';

// Files as hubs' CRMs and spreadsheets really write them, through the CLI: every bad row is named
// (file, line, column) and left out, every good row reaches the store, and the counts add up.
const FIXTURES = fileURLToPath(new URL('../../packages/dataset/tests/fixtures/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stem-match-csv-'));
const prefixes = cliPrefixes('csv');
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const store = new Store(redis, prefixes.prefix);
let workers: Awaited<ReturnType<typeof startWorkers>>;

beforeAll(async () => {
  workers = await startWorkers('intake', { schedule: false });
});
afterAll(async () => {
  await workers.close();
  await prefixes.clear(redis);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const REQUEST_HEADER =
  'id,organisation_id,hub,activity_type,subjects,key_stage,mode,needed,window_start,window_end,times,duration_min,sessions,every_days,created_at';
/** A CSV row of `header`'s columns from cells (already quoted where they need it). */
const row = (header: string, cells: Record<string, string>) =>
  header
    .split(',')
    .map((c) => cells[c])
    .join(',');

const request = (id: string, over: Record<string, string> = {}) =>
  row(REQUEST_HEADER, {
    id,
    organisation_id: '136300',
    hub: 'kent-sussex',
    activity_type: 'careers_talk',
    subjects: 'engineering;maths',
    key_stage: 'KS4',
    mode: 'either',
    needed: '1',
    window_start: '2026-12-07',
    window_end: '2026-12-18',
    times: '"Mon 09:00-12:00; Wed 13:30-16:00"',
    duration_min: '60',
    sessions: '1',
    every_days: '7',
    created_at: '2026-11-20T10:00:00+00:00',
    ...over,
  });

const AMB_HEADER =
  'id,hub,lat,lon,travel_km,in_person,online,subjects,activity_types,key_stages,dbs_status,dbs_expires,availability,unavailable,max_per_month,notes';
const ambassador = (id: string, over: Record<string, string> = {}) =>
  row(AMB_HEADER, {
    id,
    hub: 'kent-sussex',
    lat: '50.86',
    lon: '0.57',
    travel_km: '25',
    in_person: 'true',
    online: 'false',
    subjects: 'physics',
    activity_types: 'talk;careers_talk',
    key_stages: 'KS3;KS4',
    dbs_status: 'cleared',
    dbs_expires: '2028-01-01',
    availability: '"Mon 09:00-12:00; Wed 13:30-16:00"',
    unavailable: '',
    max_per_month: '3',
    notes: '',
    ...over,
  });

const problemLines = (err: string, file: string) =>
  [...err.matchAll(new RegExp(`${file.replace('.', '\\.')}:(\\d+) column ([^:]+):`, 'g'))].map((m) => [
    Number(m[1]),
    m[2],
  ]);

describe('CSV files as hubs really send them', () => {
  it('submit: Windows-1252, broken quoting, a duplicate id, a short row and a bad code cost one row each', async () => {
    const text = [
      REQUEST_HEADER,
      request('R1'),
      request('R2', { times: '"Tue 10:00-11:00; Thu 10:00-11:00"' }),
      request('R3', { times: '"Mon 09:00-12:00' }), // the quote never closes
      request('R-café'), // é is one byte (0xE9) in Windows-1252
      request('R1', { needed: '2' }),
      `${request('R5')},extra`,
      request('R6'),
      request('R7', { subjects: 'engineering;alchemy' }),
      request('R8', { mode: 'hybrid', needed: 'two' }), // two problems, one row
    ].join('\r\n');
    const file = join(dir, 'requests-cp1252.csv');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const result = await cli('submit', file);
    expect(result.code).toBe(0);
    expect(problemLines(result.err, 'requests-cp1252.csv')).toEqual([
      [4, '(row)'],
      [5, 'id'],
      [6, 'id'],
      [7, '(row)'],
      [9, 'subjects'],
      [10, 'mode'],
      [10, 'needed'],
    ]);
    expect(result.err).toContain('"R-café"'); // decoded as Windows-1252, not mangled
    expect(result.err).toContain('already used on line 2');
    expect(result.out).toMatch(/accepted \(queued for intake\)\s+3\b/);
    // Nine rows: three accepted, six rejected (one of them for two reasons).
    expect(result.out).toMatch(/rejected\s+6\b/);
    await until('the good rows stored', async () => (await redis.scard(store.keys.requests)) === 3);
    expect(await store.requestRefs('open', 'kent-sussex')).toEqual([
      'kent-sussex:R1',
      'kent-sussex:R2',
      'kent-sussex:R6',
    ]);
    expect((await store.getRequest('kent-sussex', 'R1'))!.request.needed).toBe(1); // the first R1 stands
  });

  it('submit: a file without a required column reads no row and names the column', async () => {
    const header = REQUEST_HEADER.replace(',window_end', '');
    const row = request('R9').replace(',2026-12-18', '');
    const file = join(dir, 'no-window-end.csv');
    writeFileSync(file, `\ufeff${header}\n${row}\n`);
    const result = await cli('submit', file);
    expect(result.code).toBe(3);
    expect(result.err).toContain('no-window-end.csv:1 column window_end: the column(s) window_end');
    expect(await store.getRequest('kent-sussex', 'R9')).toBeUndefined();
  });

  it('import: a BOM, CRLF, line breaks inside a quoted cell, a broken row, a duplicate and a place outside the UK', async () => {
    const data = join(dir, 'dataset');
    mkdirSync(data);
    copyFileSync(join(FIXTURES, 'hubs.csv'), join(data, 'hubs.csv'));
    copyFileSync(join(FIXTURES, 'gias-extract.csv'), join(data, 'organisations.csv'));
    writeFileSync(join(data, 'requests.csv'), `${REQUEST_HEADER}\n`);
    const rows = [
      AMB_HEADER,
      ambassador('A1', { notes: '"Prefers mornings.\r\nCall before 9."' }), // lines 2-3
      ambassador('A2'),
      ambassador('A3', { notes: '"Said ""maybe" next term' }), // broken quoting
      ambassador('A1', { travel_km: '40' }),
      ambassador('A4', { lat: '40.71', lon: '-74.01' }), // New York
      ambassador('A5', { notes: '"Two\r\nlines\r\nof notes"' }), // lines 8-10
      ambassador('A6'),
    ];
    writeFileSync(join(data, 'ambassadors.csv'), `\ufeff${rows.join('\r\n')}\r\n`);
    const result = await cli('import', '--data', data);
    expect(result.code).toBe(0);
    expect(problemLines(result.err, 'ambassadors.csv')).toEqual([
      [5, '(row)'],
      [6, 'id'],
      [7, 'lat'],
      [7, 'lon'],
    ]);
    expect(result.err).toContain('expected a UK latitude');
    expect(result.out).toMatch(/ambassadors\s+4\b/);
    expect((await redis.smembers(store.keys.ambassadors)).sort()).toEqual(['A1', 'A2', 'A5', 'A6']);
    expect((await store.getAmbassador('A1'))!.travel_km).toBe(25);
  });
});
