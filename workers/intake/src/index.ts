import type { Logger } from '@stem-match/log';
import {
  deadLetter,
  type HubQueueWatch,
  openDeadLetters,
  QUEUES,
  recordDeadLetter,
  watchHubQueues,
} from '@stem-match/queue';
import type { RedisClient } from '@stem-match/store';
import { Store } from '@stem-match/store';
import { Worker } from 'bullmq';
import { type IntakeResult, processIntake } from './processor.js';

export { type IntakeResult, processIntake } from './processor.js';

export interface IntakeWorkerOptions {
  /** A worker connection (maxRetriesPerRequest: null). */
  connection: RedisClient;
  prefix: string;
  queuePrefix: string;
  log: Logger;
  /** Jobs at once per queue (the shared one and each hub's). */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (default 10 s; a job takes milliseconds). A job whose
   * worker lost it — the process died, or Redis went down as it was handed out — is taken up again
   * within about twice this.
   */
  lockDurationMs?: number;
}

/**
 * The intake worker: a thin adapter from the intake queues to the store. It works the shared
 * `intake` queue and every hub's own (`intake.<hub>`, see watchHubQueues); a job on a hub's queue
 * may only speak for that hub.
 */
export function startIntakeWorker(options: IntakeWorkerOptions): HubQueueWatch {
  const store = new Store(options.connection, options.prefix);
  const dlq = openDeadLetters(options.connection, options.queuePrefix);
  const lock = options.lockDurationMs ?? 10_000;

  const start = (queue: string, hub: string | undefined): Worker => {
    const worker = new Worker<unknown, IntakeResult>(
      queue,
      async (job) => {
        const log = options.log.child({ queue, jobId: job.id });
        const outcome = await processIntake(store, job, log, hub);
        if ('invalid' in outcome) {
          log.warn({ reason: outcome.invalid }, 'invalid payload sent to the dead-letter queue');
          return deadLetter(dlq, job, outcome.invalid);
        }
        return outcome.ok;
      },
      {
        connection: options.connection,
        prefix: options.queuePrefix,
        concurrency: options.concurrency ?? 8,
        lockDuration: lock,
        stalledInterval: lock,
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
    // A valid job that failed its last attempt for another reason is dead-lettered too: nothing is
    // left only in BullMQ's failed set, where nobody looks.
    worker.on('failed', (job, err) => {
      if (!job || err.name === 'UnrecoverableError' || job.attemptsMade < (job.opts.attempts ?? 1)) return;
      const reason = `failed ${job.attemptsMade} time(s), the last with: ${err.message}`;
      recordDeadLetter(dlq, job, reason).catch((e: unknown) =>
        options.log.error(
          { err: e, jobId: job.id },
          'could not dead-letter a failed job; it stays in the failed set',
        ),
      );
    });
    worker.on('error', (err) => options.log.warn({ err, queue }, 'intake worker error'));
    return worker;
  };

  const watch = watchHubQueues({
    connection: options.connection,
    prefix: options.prefix,
    queuePrefix: options.queuePrefix,
    kind: QUEUES.intake,
    start,
  });
  return {
    ...watch,
    async close() {
      await watch.close();
      await dlq.close();
    },
  };
}
