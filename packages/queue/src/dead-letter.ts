import { withholdInText, withholdPersonal } from '@stem-match/domain';
import type { RedisClient } from '@stem-match/store';
import { type Job, Queue, UnrecoverableError } from 'bullmq';
import { QUEUES } from './names.js';
import { type DeadLetter, jsonBytes, MAX_JOB_BYTES } from './payloads.js';

/** The dead-letter queue, opened once per worker. */
export const openDeadLetters = (connection: RedisClient, queuePrefix: string): Queue<DeadLetter> =>
  new Queue<DeadLetter>(QUEUES.deadLetter, { connection, prefix: queuePrefix });

/** What a dead letter keeps of the payload: all of it, unless it is over the size limit. */
function kept(data: unknown): unknown {
  const bytes = jsonBytes(data);
  if (bytes !== undefined && bytes <= MAX_JOB_BYTES) return data;
  // Kept whole, an oversized payload would cost its size twice over; its head says what it was.
  return {
    withheld: bytes === undefined ? 'not JSON' : `${bytes.toLocaleString('en-GB')} bytes, over the limit`,
    head: bytes === undefined ? '' : JSON.stringify(data).slice(0, 512),
  };
}

/**
 * Records a job in the dead-letter queue: where it came from, why (readably) and its data. A bad
 * payload may carry personal data (a name in a wrong field): it is kept without it, here and in the
 * failed job itself. Returns the reason as recorded.
 */
export async function recordDeadLetter(dlq: Queue<DeadLetter>, job: Job, reason: string): Promise<string> {
  const payload = withholdPersonal(kept(job.data));
  const readable = withholdInText(reason);
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
  return readable;
}

/**
 * Sends a payload that can never be processed to the dead-letter queue, then fails the job without
 * retries. Recording first means a crash in between can only leave the job to be retried, never lost.
 */
export async function deadLetter(dlq: Queue<DeadLetter>, job: Job, reason: string): Promise<never> {
  throw new UnrecoverableError(await recordDeadLetter(dlq, job, reason));
}
