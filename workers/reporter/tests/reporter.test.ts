import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TZDate } from '@date-fns/tz';
import { createLogger } from '@stem-match/log';
import { MONTHLY_REPORTS, QUEUES } from '@stem-match/queue';
import { fileSource, REPORTS, runReport } from '@stem-match/reports';
import { generateDataset } from '@stem-match/scripts';
import { Store, testRedis } from '@stem-match/store';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestReport, scheduleMonthlyReports, startReporter, storeReportSource } from '../src/index.js';

const { redis, prefix, queuePrefix, cleanup } = testRedis('reporter');
const log = createLogger({
  name: 'test',
  level: 'warn',
  destination: new Writable({ write: (_c, _e, d) => d() }),
});
const store = new Store(redis, prefix);
const dataset = generateDataset({ scale: 'small', seed: 3, today: '2026-11-24' });
let outDir = '';
let reporter: ReturnType<typeof startReporter>;
const queue = new Queue(QUEUES.reports, { connection: redis, prefix: queuePrefix });
const events = new QueueEvents(QUEUES.reports, { connection: redis.duplicate(), prefix: queuePrefix });

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'reporter-'));
  await store.putHubs(dataset.hubs);
  await store.putOrganisations(dataset.organisations);
  await store.putAmbassadors(dataset.ambassadors);
  await store.putHistory(dataset.history);
  for (const r of dataset.requests) await store.submitRequest(r, 'hub:test');
  reporter = startReporter({ connection: redis, prefix, queuePrefix, log, outDir });
  await events.waitUntilReady();
});

afterAll(async () => {
  await reporter.close();
  await events.close();
  await queue.close();
  await cleanup();
  await rm(outDir, { recursive: true, force: true });
});

describe('reporter', () => {
  it('reports the same from the store as from the dataset it was imported from', async () => {
    const options = { as_of: '2026-11-24' };
    const now = new Date('2026-11-24T12:00:00Z');
    const fromStore = await runReport(REPORTS, 'reach', storeReportSource(store), options, { now });
    const fromFiles = await runReport(
      REPORTS,
      'reach',
      fileSource(dataset, undefined, { describe: 'files', asOf: '2026-11-24' }),
      options,
      { now },
    );
    expect(fromStore.sections).toEqual(fromFiles.sections);
    const engaged = fromStore.sections[0]!.tables[0]!.rows.reduce((n, r) => n + (r[3] as number), 0);
    expect(engaged).toBeGreaterThan(0);
  });

  it('runs a report on demand through the queue and writes each format', async () => {
    const id = await requestReport(redis, queuePrefix, {
      kind: 'report',
      report: 'unmet',
      formats: ['html', 'csv'],
      requested_by: 'system:test',
    });
    const job = (await queue.getJob(id))!;
    const result = (await job.waitUntilFinished(events, 30_000)) as { files: string[] };
    expect(result.files.some((f) => f.endsWith('.html'))).toBe(true);
    for (const f of result.files) expect(existsSync(f)).toBe(true);
    const csv = readFileSync(result.files.find((f) => f.endsWith('.csv'))!, 'utf8');
    // Every request is open and not yet through a match run: that is the only reason.
    expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^not_yet_matched,.*,${dataset.requests.length},`));
  });

  it('writes the monthly summaries for the month just ended, nationally and for every hub', async () => {
    const job = await queue.add('monthly-all', { kind: 'monthly-all', today: '2026-12-01' });
    const result = (await job.waitUntilFinished(events, 30_000)) as { files: string[] };
    expect(result.files).toHaveLength(2 * (dataset.hubs.length + 1));
    const national = result.files.find((f) => /monthly-national-.*\.md$/.test(f))!;
    expect(readFileSync(national, 'utf8')).toContain('# Monthly summary, 2026-11: all hubs');
  });

  it('fails a malformed job at once, with the reason, into the dead-letter queue', async () => {
    const job = await queue.add('report', { kind: 'report', report: 'everything' }, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/invalid report job.*report/s);
    expect((await queue.getJob(job.id!))!.attemptsMade).toBe(1);
    const dlq = new Queue(QUEUES.deadLetter, { connection: redis, prefix: queuePrefix });
    try {
      const [dead] = await dlq.getJobs(['waiting']);
      expect(dead!.data).toMatchObject({
        queue: QUEUES.reports,
        job_id: job.id,
        payload: { kind: 'report', report: 'everything' },
      });
      expect(dead!.data.error).toMatch(/invalid report job.*report/s);
    } finally {
      await dlq.close();
    }
  });

  it('schedules the monthly reports at 06:00 on the 1st, UK time', async () => {
    await scheduleMonthlyReports(redis, queuePrefix, '0 6 1 * *');
    const scheduler = await queue.getJobScheduler(MONTHLY_REPORTS);
    expect(scheduler).toMatchObject({ pattern: '0 6 1 * *', tz: 'Europe/London' });
    const next = new TZDate(scheduler!.next!, 'Europe/London');
    expect([next.getDate(), next.getHours(), next.getMinutes()]).toEqual([1, 6, 0]);
    await queue.removeJobScheduler(MONTHLY_REPORTS);
  });
});
