import { createLogger } from '@stem-match/log';
import { createConnection } from '@stem-match/queue';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { startMatcher } from '@stem-match/worker-matcher';
import type { Worker } from 'bullmq';

// A worker process for the fault tests, which start, SIGKILL and restart it. It runs the workers
// named in STEM_TEST_WORKERS (intake, matcher) against REDIS_URL / STEM_PREFIX / STEM_QUEUE_PREFIX,
// prints "ready" once they listen, and stops cleanly on SIGTERM.

const env = process.env;
const kinds = (env.STEM_TEST_WORKERS ?? 'matcher').split(',');
const log = createLogger({ name: 'test-worker', level: 'warn', destination: process.stderr });
const connection = createConnection(env.REDIS_URL!, 'worker');
connection.on('error', () => undefined); // reconnects by itself; the test watches outcomes, not errors
const common = { connection, prefix: env.STEM_PREFIX!, queuePrefix: env.STEM_QUEUE_PREFIX!, log };
const lockDurationMs = Number(env.STEM_TEST_LOCK_MS ?? 1500);
const intakeLockMs = Number(env.STEM_TEST_INTAKE_LOCK_MS ?? lockDurationMs);

const workers: Worker[] = [];
const closers: Array<() => Promise<void>> = [];
if (kinds.includes('intake')) {
  const intake = startIntakeWorker({ ...common, lockDurationMs: intakeLockMs });
  await intake.ready;
  workers.push(...intake.workers());
  closers.push(() => intake.close());
}
if (kinds.includes('matcher')) {
  const matcher = startMatcher({
    ...common,
    offerDays: 7,
    seed: 7,
    parts: Number(env.STEM_TEST_PARTS ?? 4),
    lockDurationMs,
    maxStalledCount: Number(env.STEM_TEST_MAX_STALLED ?? 100),
    rematchDelayMs: 60_000,
  });
  workers.push(...matcher.workers());
  closers.push(() => matcher.close());
}
await Promise.all(workers.map((w) => w.waitUntilReady()));
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  void Promise.all(closers.map((c) => c())).then(() => {
    connection.disconnect();
    process.exit(0);
  });
});
