import type { Logger } from '@stem-match/log';
import { deadLetter, type HubQueueWatch, QUEUES, watchHubQueues } from '@stem-match/queue';
import { Store } from '@stem-match/store';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type IntakeResult, processIntake } from './processor.js';

export { type IntakeResult, processIntake } from './processor.js';

export interface IntakeWorkerOptions {
  /** A worker connection (maxRetriesPerRequest: null). */
  connection: Redis;
  prefix: string;
  queuePrefix: string;
  log: Logger;
  /** Jobs at once per queue (the shared one and each hub's). */
  concurrency?: number;
}

/**
 * The intake worker: a thin adapter from the intake queues to the store. It works the shared
 * `intake` queue and every hub's own (`intake.<hub>`, see watchHubQueues); a job on a hub's queue
 * may only speak for that hub.
 */
export function startIntakeWorker(options: IntakeWorkerOptions): HubQueueWatch {
  const store = new Store(options.connection, options.prefix);
  return watchHubQueues({
    connection: options.connection,
    prefix: options.prefix,
    queuePrefix: options.queuePrefix,
    kind: QUEUES.intake,
    start: (queue, hub) =>
      new Worker<unknown, IntakeResult>(
        queue,
        async (job) => {
          const log = options.log.child({ queue, jobId: job.id });
          const outcome = await processIntake(store, job, log, hub);
          if ('invalid' in outcome) {
            log.warn({ reason: outcome.invalid }, 'invalid payload sent to the dead-letter queue');
            return deadLetter(options.connection, options.queuePrefix, job, outcome.invalid);
          }
          return outcome.ok;
        },
        {
          connection: options.connection,
          prefix: options.queuePrefix,
          concurrency: options.concurrency ?? 8,
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      ),
  });
}
