import type { Logger } from '@stem-match/log';
import { QUEUES } from '@stem-match/queue';
import { Store } from '@stem-match/store';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { deadLetter, openDeadLetters, recordDeadLetter } from './dead-letter.js';
import { type IntakeResult, processIntake } from './processor.js';

export { deadLetter, openDeadLetters } from './dead-letter.js';
export { type IntakeResult, processIntake } from './processor.js';

export interface IntakeWorkerOptions {
  /** A worker connection (maxRetriesPerRequest: null). */
  connection: Redis;
  prefix: string;
  queuePrefix: string;
  log: Logger;
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (default 10 s; a job takes milliseconds). A job whose
   * worker lost it — the process died, or Redis went down as it was handed out — is taken up again
   * within about twice this.
   */
  lockDurationMs?: number;
}

/** The intake worker: a thin adapter from the intake queue to the store. */
export function startIntakeWorker(options: IntakeWorkerOptions): Worker {
  const store = new Store(options.connection, options.prefix);
  const dlq = openDeadLetters(options.connection, options.queuePrefix);
  const worker = new Worker<unknown, IntakeResult>(
    QUEUES.intake,
    async (job) => {
      const log = options.log.child({ queue: QUEUES.intake, jobId: job.id });
      const outcome = await processIntake(store, job, log);
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
      lockDuration: options.lockDurationMs ?? 10_000,
      stalledInterval: options.lockDurationMs ?? 10_000,
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
  worker.on('error', (err) => options.log.warn({ err }, 'intake worker error'));
  worker.on('closed', () => void dlq.close());
  return worker;
}
