import { Writable } from 'node:stream';
import { createLogger } from '@stem-match/log';
import { currentRun, getRun, testRedis } from '@stem-match/store';
import { afterAll, describe, expect, it } from 'vitest';
import { requestRun, startMatcher } from '../src/index.js';

const { redis, prefix, queuePrefix, cleanup } = testRedis('run-failure');
const log = createLogger({
  name: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const matcher = startMatcher({ connection: redis, prefix, queuePrefix, log, offerDays: 7 });
const store = matcher.store;
afterAll(async () => {
  await matcher.close();
  await cleanup();
});

async function ended(runId: string) {
  for (let i = 0; i < 300; i++) {
    const run = await getRun(store, runId);
    if (run && run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

describe('a match run that cannot be planned', () => {
  it('is retried, then recorded failed with its reason, and the lock goes back for the next run', async () => {
    // A record no run can read: every attempt to plan fails.
    await redis.set(store.keys.ambassador('BROKEN'), '{"id": "BROKEN", ');
    await redis.sadd(store.keys.ambassadors, 'BROKEN');
    const failed = await ended(await requestRun(redis, queuePrefix, 'system:test', '2026-11-24'));
    expect(failed.status).toBe('failed');
    expect(failed.failed_components.join()).toMatch(/^run: .*JSON/);
    expect(await currentRun(store)).toBeUndefined();

    await redis.del(store.keys.ambassador('BROKEN'));
    await redis.srem(store.keys.ambassadors, 'BROKEN');
    const next = await ended(await requestRun(redis, queuePrefix, 'system:test', '2026-11-24'));
    expect(next.status).toBe('finished');
  });
});
