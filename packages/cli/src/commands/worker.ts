import { hostname } from 'node:os';
import { createLogger } from '@stem-match/log';
import { connect, loadConfig, whenReady } from '@stem-match/queue';
import { redisSettingWarnings, Store } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import {
  scheduleDbsSweep,
  scheduleNightlyMatch,
  startMatcher,
  webhookDelivery,
} from '@stem-match/worker-matcher';
import { scheduleMonthlyReports, startReporter } from '@stem-match/worker-reporter';
import { Argument, type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { integer } from '../options.js';
import { redactUrl } from '../service.js';

/** How long running jobs get to finish on SIGTERM/SIGINT before they are handed back to the queue. */
const GRACE_MS = 30_000;

const KINDS = ['intake', 'matcher', 'reporter', 'all'] as const;
type WorkerKind = (typeof KINDS)[number];

export interface RunningWorkers {
  close(): Promise<void>;
}

/** Starts the chosen workers in this process (also used by the demo). */
export async function startWorkers(
  kind: WorkerKind,
  options: { concurrency?: number; schedule?: boolean; rematchDelayMs?: number; reportsDir?: string } = {},
): Promise<RunningWorkers> {
  const config = loadConfig();
  const log = createLogger({ name: `worker-${kind}`, level: config.LOG_LEVEL });
  const connection = connect(config, 'worker');
  connection.on('error', (err) => log.warn({ err: err.message }, 'Redis connection error; reconnecting'));
  try {
    await whenReady(connection, 5000);
  } catch {
    connection.disconnect();
    throw new CliError(`cannot reach Redis at ${redactUrl(config.REDIS_URL)}`, EXIT.internal);
  }
  for (const w of await redisSettingWarnings(new Store(connection, config.STEM_PREFIX).client)) log.warn(w);
  const closers: Array<() => Promise<void>> = [];
  const common = { connection, prefix: config.STEM_PREFIX, queuePrefix: config.STEM_QUEUE_PREFIX, log };
  if (kind === 'intake' || kind === 'all') {
    const intake = startIntakeWorker({
      ...common,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
    closers.push(() => intake.close());
  }
  if (kind === 'matcher' || kind === 'all') {
    const matcher = startMatcher({
      ...common,
      // Solve jobs record who took them (BullMQ's processedBy): which host and process solved which part.
      name: `${hostname()}:${process.pid}`,
      offerDays: config.STEM_OFFER_DAYS,
      policy: { replan: { change_offers: config.STEM_REPLAN_CHANGE_OFFERS === 'true' } },
      substitutes: config.STEM_SUBSTITUTES,
      cascadeReplyHours: config.STEM_CASCADE_REPLY_HOURS,
      ...(config.STEM_REMINDER_WEBHOOK
        ? { reminderDelivery: webhookDelivery({ url: config.STEM_REMINDER_WEBHOOK }) }
        : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.rematchDelayMs !== undefined ? { rematchDelayMs: options.rematchDelayMs } : {}),
    });
    closers.push(() => matcher.close());
    if (options.schedule !== false) {
      await scheduleNightlyMatch(connection, config.STEM_QUEUE_PREFIX, config.STEM_MATCH_CRON);
      log.info({ cron: config.STEM_MATCH_CRON, tz: 'Europe/London' }, 'nightly match scheduled');
      await scheduleDbsSweep(connection, config.STEM_QUEUE_PREFIX, config.STEM_DBS_SWEEP_CRON);
      log.info({ cron: config.STEM_DBS_SWEEP_CRON, tz: 'Europe/London' }, 'daily DBS sweep scheduled');
    }
  }
  if (kind === 'reporter' || kind === 'all') {
    const reporter = startReporter({ ...common, outDir: options.reportsDir ?? config.STEM_REPORTS_DIR });
    closers.push(() => reporter.close());
    if (options.schedule !== false) {
      await scheduleMonthlyReports(connection, config.STEM_QUEUE_PREFIX, config.STEM_REPORTS_CRON);
      log.info({ cron: config.STEM_REPORTS_CRON, tz: 'Europe/London' }, 'monthly reports scheduled');
    }
  }
  log.info({ kind }, 'workers started');
  return {
    async close() {
      const all = Promise.all(closers.map((c) => c()));
      const timedOut = await Promise.race([
        all.then(() => false),
        // Unref'd: once everything has closed, the grace timer must not keep the process alive.
        new Promise<boolean>((r) => setTimeout(() => r(true), GRACE_MS).unref()),
      ]);
      if (timedOut)
        log.warn('jobs still running after the grace period; they will be retried by another worker');
      connection.disconnect();
      log.info('workers stopped');
    },
  };
}

export function registerWorker(program: Command, _ctx: CommandContext): void {
  program
    .command('worker')
    .description('Run workers in this process until SIGTERM/SIGINT (running jobs finish or are handed back)')
    .addArgument(new Argument('<kind>', 'which workers').choices(KINDS))
    .addOption(new Option('--concurrency <n>', 'jobs at once per worker').argParser(integer(1, 64)))
    .option('--no-schedule', 'do not register the nightly match and monthly report schedulers')
    .action(async (kind: WorkerKind, opts: { concurrency?: number; schedule: boolean }) => {
      const running = await startWorkers(kind, opts);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          void running.close().then(resolve);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
    });
}
