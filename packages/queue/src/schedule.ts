import type { RedisClient } from '@stem-match/store';
import { Queue } from 'bullmq';
import type { QueueName } from './names.js';

/**
 * Registers (or updates) a repeating job: a cron pattern read in Europe/London, so a job set for
 * 02:00 runs at 02:00 UK time in winter and in summer. Call once at boot, from one process.
 */
export async function upsertSchedule(
  connection: RedisClient,
  queuePrefix: string,
  queue: QueueName,
  schedulerId: string,
  pattern: string,
  job: { name: string; data: unknown },
): Promise<void> {
  const q = new Queue(queue, { connection, prefix: queuePrefix });
  try {
    await q.upsertJobScheduler(schedulerId, { pattern, tz: 'Europe/London' }, job);
  } finally {
    await q.close();
  }
}
