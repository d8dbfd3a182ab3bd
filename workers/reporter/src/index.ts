import { join } from 'node:path';
import type { ReportName } from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import {
  deadLetter,
  MONTHLY_REPORTS,
  openDeadLetters,
  QUEUES,
  ReportJob,
  upsertSchedule,
} from '@stem-match/queue';
import {
  endOfPreviousMonth,
  REPORTS,
  type ReportFormat,
  runReport,
  todayInLondon,
  writeReport,
} from '@stem-match/reports';
import type { RedisClient } from '@stem-match/store';
import { Store } from '@stem-match/store';
import { Queue, Worker } from 'bullmq';
import * as z from 'zod';
import { storeReportSource } from './source.js';

export { storeReportSource } from './source.js';

export interface ReporterOptions {
  connection: RedisClient;
  prefix: string;
  queuePrefix: string;
  log: Logger;
  /** Reports are written under this directory, one folder per day. */
  outDir: string;
}

/** What a report job wrote. */
export interface ReportResult {
  files: string[];
}

/** `unmet-south-east-2026-11-24.html`: the report, whom it covers, and the day it was made. */
export function reportFileName(
  report: ReportName,
  hub: string | undefined,
  day: string,
  format: ReportFormat,
): string {
  return `${report}-${hub ?? 'national'}-${day}.${format}`;
}

/** The reporter: runs reports from the store on demand and for the monthly schedule. */
export function startReporter(options: ReporterOptions) {
  const { connection, queuePrefix, log, outDir } = options;
  const store = new Store(connection, options.prefix);
  const source = storeReportSource(store);

  async function one(
    report: ReportName,
    hub: string | undefined,
    range: { from?: string; to?: string },
    formats: readonly ReportFormat[],
  ): Promise<string[]> {
    const began = performance.now();
    const doc = await runReport(REPORTS, report, source, { ...(hub ? { hub } : {}), ...range });
    const day = todayInLondon();
    const files: string[] = [];
    for (const format of formats)
      files.push(
        ...(await writeReport(doc, format, join(outDir, day, reportFileName(report, hub, day, format)))),
      );
    log.info(
      { report, hub: hub ?? 'national', files, ms: Math.round(performance.now() - began) },
      'report written',
    );
    return files;
  }

  const deadLetters = openDeadLetters(connection, queuePrefix);
  const worker = new Worker<unknown, ReportResult>(
    QUEUES.reports,
    async (job) => {
      const parsed = ReportJob.safeParse(job.data);
      // A malformed job cannot succeed on retry: to the dead-letter queue with the reason, no retries.
      if (!parsed.success) {
        const reason = `invalid report job: ${z.prettifyError(parsed.error)}`;
        log.warn({ jobId: job.id, reason }, 'invalid report job sent to the dead-letter queue');
        return deadLetter(deadLetters, job, reason);
      }
      const data = parsed.data;
      if (data.kind === 'report') {
        const range = { ...(data.from ? { from: data.from } : {}), ...(data.to ? { to: data.to } : {}) };
        return { files: await one(data.report, data.hub, range, data.formats) };
      }
      // Scheduled on the 1st: the month just ended, nationally and for each hub.
      const to = endOfPreviousMonth(data.today ?? todayInLondon());
      const hubs = (await source.hubs()).map((h) => h.id).sort();
      const files: string[] = [];
      for (const hub of [undefined, ...hubs]) {
        files.push(...(await one('monthly', hub, { to }, ['md', 'html'])));
        await job.updateProgress(Math.round((100 * files.length) / (2 * (hubs.length + 1))));
      }
      return { files };
    },
    {
      connection,
      prefix: queuePrefix,
      concurrency: 1,
      removeOnComplete: { age: 30 * 24 * 3600, count: 1000 },
    },
  );
  worker.on('failed', (job, err) => log.error({ err, jobId: job?.id }, 'report job failed'));
  return {
    worker,
    async close() {
      await worker.close();
      await deadLetters.close();
    },
  };
}

/** Registers (or updates) the monthly reports: cron in Europe/London. Call once at boot. */
export const scheduleMonthlyReports = (
  connection: RedisClient,
  queuePrefix: string,
  pattern: string,
): Promise<void> =>
  upsertSchedule(connection, queuePrefix, QUEUES.reports, MONTHLY_REPORTS, pattern, {
    name: 'monthly-all',
    data: { kind: 'monthly-all' },
  });

/** Puts a report job on the queue (validated first); returns the job id. */
export async function requestReport(
  connection: RedisClient,
  queuePrefix: string,
  job: ReportJob,
): Promise<string> {
  const data = ReportJob.parse(job);
  const queue = new Queue(QUEUES.reports, { connection, prefix: queuePrefix });
  try {
    const added = await queue.add(data.kind, data);
    return added.id!;
  } finally {
    await queue.close();
  }
}
