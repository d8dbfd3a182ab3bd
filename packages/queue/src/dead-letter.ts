import { withholdInText, withholdPersonal } from '@stem-match/domain';
import { type Job, Queue, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from './names.js';
import type { DeadLetter } from './payloads.js';

/**
 * Sends a payload that can never be processed to the dead-letter queue, with a readable reason and
 * the original data, then fails the job without retries. Recording first means a crash in between
 * can only leave the job to be retried, never lost.
 */
export async function deadLetter(
  connection: Redis,
  queuePrefix: string,
  job: Job,
  reason: string,
): Promise<never> {
  const dlq = new Queue<DeadLetter>(QUEUES.deadLetter, { connection, prefix: queuePrefix });
  // A bad payload may carry personal data (a name in a wrong field): it is kept without it, here
  // and in the failed job itself.
  const payload = withholdPersonal(job.data);
  const readable = withholdInText(reason);
  try {
    await dlq.add(
      'dead-letter',
      {
        queue: job.queueName,
        job_id: job.id ?? '',
        job_name: job.name,
        error: readable,
        failed_at: new Date().toISOString(),
        payload,
      },
      { jobId: `${job.queueName}|${job.id}` },
    );
    await job.updateData(payload);
  } finally {
    await dlq.close();
  }
  throw new UnrecoverableError(readable);
}
