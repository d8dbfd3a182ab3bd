import { Writable } from 'node:stream';
import { ActivityRequest, ValidationError, weeklyPattern } from '@stem-match/domain';
import { createLogger } from '@stem-match/log';
import { createConnection, createHubClient, QUEUES } from '@stem-match/queue';
import { Store, testRedis } from '@stem-match/store';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { startIntakeWorker } from '../src/index.js';

const { redis, url, prefix, queuePrefix, cleanup } = testRedis('intake');
const logLines: string[] = [];
const log = createLogger({
  name: 'intake',
  destination: new Writable({
    write(chunk, _e, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
});
const worker = startIntakeWorker({ connection: redis, prefix, queuePrefix, log });
const producer = createConnection(url, 'producer');
const client = createHubClient({ hub: 'se', connection: producer, prefix, queuePrefix });
const store = new Store(redis, prefix);
const raw = new Queue(QUEUES.intake, { connection: redis, prefix: queuePrefix });
const dlq = new Queue(QUEUES.deadLetter, { connection: redis, prefix: queuePrefix });

afterAll(async () => {
  await worker.close();
  await client.close();
  await raw.close();
  await dlq.close();
  producer.disconnect();
  await cleanup();
});

const times = weeklyPattern('Mon-Fri 09:00-15:00');
const valid = (id: string) => ({
  id,
  organisation_id: '100001',
  hub: 'se',
  activity_type: 'careers_talk',
  subjects: ['engineering'],
  key_stage: 'KS4',
  mode: 'either',
  needed: 1,
  window_start: '2026-12-07',
  window_end: '2026-12-18',
  times,
  duration_min: 60,
  created_at: '2026-11-20T10:00:00+00:00',
});

async function until<T>(read: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('intake', () => {
  it('stores a submitted request, once, however often it is resubmitted', async () => {
    expect(await client.submitRequest(valid('R1'))).toEqual({ request_id: 'R1', outcome: 'accepted' });
    const stored = await until(() => client.getRequest('R1'));
    expect(stored.status).toBe('open');
    expect(ActivityRequest.parse(stored.request).id).toBe('R1');
    expect(await client.submitRequest(valid('R1'))).toEqual({
      request_id: 'R1',
      outcome: 'duplicate',
      status: 'open',
    });
    expect(await store.requestRefs('open', 'se')).toEqual(['se:R1']);
  });

  it('refuses an invalid request at the client with every wrong field named', async () => {
    const bad = { ...valid('R2'), activity_type: 'other', window_end: '2026-12-01', needed: 0 };
    const error = await client.submitRequest(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).problems.map((p) => p.field).sort();
    expect(fields).toEqual(['activity_type', 'needed']);
    expect((error as ValidationError).message).toContain('request R2 (hub se)');
  });

  it('keeps the good part of a bulk submission and reports the bad', async () => {
    const results = await client.submitRequests([valid('R3'), { ...valid('R4'), hub: 'nw' }, valid('R5')]);
    expect(results.map((r) => r.outcome)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(results[1]!.problems![0]).toMatchObject({ field: 'hub' });
    await until(async () => ((await store.requestRefs('open', 'se')).length === 3 ? true : undefined));
  });

  it('sends a bad payload that bypassed the client to the dead-letter queue with a readable reason', async () => {
    await raw.add('submit', {
      kind: 'submit',
      hub: 'se',
      request: { ...valid('R6'), key_stage: 'KS9' },
      __proto__x: 1,
    });
    const [dead] = await until(async () => {
      const jobs = await dlq.getJobs(['waiting']);
      return jobs.length > 0 ? jobs : undefined;
    });
    expect(dead!.data.queue).toBe('intake');
    expect(dead!.data.error).toContain('key_stage');
    expect(dead!.data.payload.request.id).toBe('R6');
    expect(await client.getRequest('R6')).toBeUndefined();
  });

  it('cancels a request through the queue', async () => {
    await client.cancelRequest('R3');
    await until(async () => ((await client.getRequest('R3'))?.status === 'cancelled' ? true : undefined));
  });

  it('writes no log line per stored request at info level (they are debug)', async () => {
    await client.submitRequest(valid('R10'));
    await until(() => client.getRequest('R10'));
    const lines = logLines.map((l) => JSON.parse(l) as { level: number; msg: string; request?: string });
    expect(lines.filter((l) => l.request === 'se:R10')).toEqual([]);
  });
});
