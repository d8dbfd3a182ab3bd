import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeDataset } from '@stem-match/dataset';
import { hubQueue, QUEUES } from '@stem-match/queue';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-harness.js';
import { ambassador, request, SCHOOL, serviceUnderTest, until } from './fixtures.js';
import { dumpKeys, findNeedles } from './scan.js';

// Known people's names, emails and phone numbers go in through every path — import, validation,
// the hub client, CSV submission, payloads straight onto the queues, matching, replies, reports and
// the CLI — and then every log line, every CLI output, every report, and every Redis key under the
// service's prefixes (job data, the dead-letter queue, the audit trail…) is searched for them. The
// only place they may be is the ambassadors' own records.

const PEOPLE = [
  { name: 'Priya Shah', email: 'priya.shah@example.org', phone: '07700 900123' },
  { name: 'Tomasz Nowak', email: 't.nowak@mail.example.com', phone: '+44 7700 900456' },
  { name: 'Grace O’Connor', email: 'grace.oconnor@school.example.co.uk', phone: '(01632) 960001' },
] as const;
const [P1, P2, P3] = PEOPLE;
const NEEDLES = PEOPLE.flatMap((p) => [p.name, p.email, p.phone, p.phone.replace(/\D/g, '')]);

const root = resolve(import.meta.dirname, '../..');
const { dir, prefix, queuePrefix, redis, hub, cleanup } = serviceUnderTest('personal', {
  LOG_LEVEL: 'trace',
});
process.env.STEM_REPORTS_DIR = join(dir, 'reports');
const env = { ...process.env };

/** Everything anyone could read: CLI output, hub client answers, worker logs. */
const seen = new Map<string, string>();
const note = (where: string, text: string) => seen.set(`${where} #${seen.size}`, text);
const run = async (...argv: string[]) => {
  const result = await cli(...argv);
  note(`stem-match ${argv.join(' ')}`, `${result.out}\n${result.err}`);
  return result;
};
let workers: ChildProcess;
let workerLog = '';

beforeAll(async () => {
  // The services in a process of their own, at the most talkative log level.
  workers = spawn(
    join(root, 'node_modules/.bin/tsx'),
    ['packages/cli/src/bin.ts', 'worker', 'all', '--no-schedule'],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  workers.stdout!.on('data', (c) => {
    workerLog += String(c);
  });
  workers.stderr!.on('data', (c) => {
    workerLog += String(c);
  });
  await until(async () => workerLog.includes('workers started'), 30_000);
});
afterAll(async () => {
  if (workers.exitCode === null) {
    const exited = new Promise((r) => workers.once('exit', r));
    workers.kill('SIGTERM');
    await exited;
  }
  await cleanup();
});

const people = [
  ambassador('A1', { ...P1, employer: 'Example Engineering Ltd' }),
  ambassador('A2', { ...P2, lat: 50.8 }),
];

describe('personal data stays where it belongs', { timeout: 120_000 }, () => {
  it('goes in through every path', async () => {
    const data = join(dir, 'data');
    await writeDataset(data, {
      hubs: [{ id: 'se', name: 'South East', regions: [] }],
      organisations: [SCHOOL],
      ambassadors: people,
      requests: [request('R1'), request('R2', { window_start: '2027-03-08', window_end: '2027-03-12' })],
      history: [],
    });
    // A second copy with personal values in the wrong columns and the wrong rows.
    const bad = join(dir, 'bad');
    await writeDataset(bad, {
      hubs: [{ id: 'se', name: 'South East', regions: [] }],
      organisations: [SCHOOL],
      ambassadors: people,
      requests: [request('R1')],
      history: [],
    });
    const lines = readFileSync(join(bad, 'ambassadors.csv'), 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const row = (values: Record<string, string>) =>
      lines[1]!
        .split(',')
        .map((cell, i) => values[header[i]!] ?? cell)
        .join(',');
    writeFileSync(
      join(bad, 'ambassadors.csv'),
      [
        ...lines,
        row({ id: 'A3', dbs_status: P3.email, availability: P3.name, max_per_month: P3.phone }),
        row({ id: P3.email, phone: `${P3.phone} ext ${'9'.repeat(40)}` }),
      ].join('\n'),
    );
    const requestLines = readFileSync(join(bad, 'requests.csv'), 'utf8').trimEnd().split('\n');
    const requestHeader = requestLines[0]!.split(',');
    const badRequest = requestLines[1]!
      .split(',')
      .map(
        (cell, i) =>
          ({ id: P3.email, organisation_id: P3.name, key_stage: P3.phone })[requestHeader[i]!] ?? cell,
      )
      .join(',');
    writeFileSync(join(bad, 'requests.csv'), [...requestLines, badRequest].join('\n'));

    expect((await run('validate', '--data', bad)).code).not.toBe(4);
    expect((await run('import', '--data', data)).code).toBe(0);
    expect((await run('import', '--data', bad)).code).not.toBe(4);
    expect((await run('import', '--data', data)).code).toBe(0);

    // The hub client, with personal-looking values where they do not belong.
    const results = await hub.submitRequests([
      { ...request('R9'), id: P1.email },
      { ...request('R10'), organisation_id: P1.name },
      { ...request('R11'), contact_name: P2.name, teacher_email: P2.email, phone: P2.phone },
      { ...request('R12'), key_stage: P2.phone, times: P1.name },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    note('hub client results', JSON.stringify(results));
    const thrown = await hub.submitRequest({ ...request('R13'), id: P2.email }).catch((e: unknown) => e);
    note('hub client error', `${(thrown as Error).message}\n${JSON.stringify(thrown)}`);
    expect(thrown).toBeInstanceOf(Error);

    // A CSV with good rows and a bad one.
    const submitted = await run('submit', join(bad, 'requests.csv'));
    expect(submitted.out).toMatch(/accepted \(queued for intake\)\s+1\b/);
    expect((await run('submit', join(data, 'requests.csv'))).code).toBe(0);

    // Straight onto the queues, bypassing the client.
    for (const name of [hubQueue(QUEUES.intake, 'se'), QUEUES.intake]) {
      const q = new Queue(name, { connection: redis, prefix: queuePrefix });
      await q.add('submit', {
        kind: 'submit',
        hub: 'se',
        request: { ...request('R14'), key_stage: 'KS9', id: P3.email },
        contact: { name: P3.name, email: P3.email, phone: P3.phone },
        note: `call ${P3.name} on ${P3.phone} or ${P3.email}`,
      });
      await q.close();
    }
    const replies = new Queue(hubQueue(QUEUES.offers, 'se'), { connection: redis, prefix: queuePrefix });
    await replies.add('respond', {
      kind: 'respond',
      hub: 'se',
      request_id: 'R1',
      ambassador_id: 'A1',
      response: P1.name,
    });
    await replies.close();
    const dlq = new Queue(QUEUES.deadLetter, { connection: redis, prefix: queuePrefix });
    await until(async () => ((await dlq.getJobCounts('waiting')).waiting ?? 0) >= 2);

    // Matching, replies and completions.
    await until(async () => JSON.parse((await cli('status', '--json')).out).requests.total === 2);
    expect((await run('run-match', '--wait', '--today', '2027-02-20')).code).toBe(0);
    const r1 = (await hub.getRequest('R1'))!;
    expect(r1.status).toBe('offered');
    for (const o of r1.offers)
      await hub.respondToOffer({ request_id: 'R1', ambassador_id: o.ambassador_id, response: 'accept' });
    await until(async () => (await hub.getRequest('R1'))?.status === 'confirmed');
    await hub.completeActivity({
      request_id: 'R1',
      ambassador_id: r1.offers[0]!.ambassador_id,
      volunteer_hours: 2,
      participants: 30,
    });
    const r2 = (await hub.getRequest('R2'))!;
    for (const o of r2.offers)
      await hub.respondToOffer({ request_id: 'R2', ambassador_id: o.ambassador_id, response: 'decline' });

    // Reports, here and through the reporter worker, and every reading command.
    for (const [name, format] of [
      ['unmet', 'md'],
      ['volunteering', 'json'],
      ['dbs', 'csv'],
      ['supply', 'html'],
      ['sustained', 'json'],
    ] as const)
      expect(
        (await run('report', name, '--format', format, '--out', join(dir, 'out', `${name}.${format}`))).code,
      ).toBe(0);
    expect((await run('report', 'monthly', '--queue', '--format', 'md')).code).toBe(0);
    await until(async () => workerLog.includes('report written') || workerLog.includes('"report"'), 30_000);
    const dead = await dlq.getJobs(['waiting']);
    await dlq.close();
    await run('dlq', 'list');
    for (const job of dead) await run('dlq', 'show', job.id!);
    await run('history', 'A1');
    await run('history', 'A2');
    await run('history', 'R1');
    await run('status');
    await run('export', '--out', join(dir, 'export'));
  });

  it('and comes out nowhere but the ambassadors’ own records', async () => {
    const stopped = new Promise((r) => workers.once('exit', r));
    workers.kill('SIGTERM');
    await stopped;
    note('worker process output', workerLog);
    // The workers really did log (at trace level): intake, matcher, offers, the dead letters, reports.
    for (const msg of [
      'request stored',
      'match run finished',
      'offer answered',
      'dead-letter',
      'report written',
    ])
      expect(workerLog).toContain(msg);

    const files = new Map<string, string>();
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (!p.startsWith(join(dir, 'data')) && !p.startsWith(join(dir, 'bad')))
          files.set(p, readFileSync(p, 'utf8'));
      }
    };
    walk(dir);
    expect([...files.keys()].some((f) => f.includes('reports'))).toBe(true);

    const keys = await dumpKeys(redis, [prefix, queuePrefix]);
    const records = [`${prefix}:amb:A1`, `${prefix}:amb:A2`];
    // The scan can see them: the records hold them, as they should.
    expect(findNeedles(new Map(records.map((k) => [k, keys.get(k)!])), NEEDLES)).toHaveLength(6);
    for (const k of records) keys.delete(k);
    expect(keys.size).toBeGreaterThan(30);

    expect(findNeedles(seen, NEEDLES)).toEqual([]);
    expect(findNeedles(files, NEEDLES)).toEqual([]);
    expect(findNeedles(keys, NEEDLES)).toEqual([]);
  });
});
