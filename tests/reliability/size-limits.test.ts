import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_BYTES } from '@stem-match/dataset';
import { ValidationError, weeklyPattern } from '@stem-match/domain';
import { createConnection, createHubClient, type DeadLetter, MAX_JOB_BYTES, QUEUES } from '@stem-match/queue';
import { Store, testRedis } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliPrefixes } from '../cli-harness.js';
import { silentLog as log } from './support/log.js';
import { validRequest } from './support/requests.js';
import { until } from './support/wait.js';

const { redis, url, prefix, queuePrefix, cleanup } = testRedis('limits');
const store = new Store(redis, prefix);
const intake = startIntakeWorker({ connection: redis, prefix, queuePrefix, log });
const producer = createConnection(url, 'producer');
const hub = createHubClient({ hub: 'se', connection: producer, prefix, queuePrefix });
const raw = new Queue(QUEUES.intake, { connection: redis, prefix: queuePrefix });
const dlq = new Queue<DeadLetter>(QUEUES.deadLetter, { connection: redis, prefix: queuePrefix });
const dir = mkdtempSync(join(tmpdir(), 'stem-match-limits-'));
afterAll(async () => {
  await hub.close();
  await raw.close();
  await dlq.close();
  await intake.close();
  producer.disconnect();
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A valid request whose JSON is about `bytes` long: many (allowed) hosting times. */
function requestOfSize(id: string, bytes: number) {
  const base = validRequest('se', id);
  const one = JSON.stringify(weeklyPattern('Mon 09:00-10:00')[0]).length + 1;
  const times = Array.from(
    { length: Math.ceil((bytes - JSON.stringify(base).length) / one) },
    () => weeklyPattern('Mon 09:00-10:00')[0]!,
  );
  return { ...base, times };
}

const deadLetterOf = (jobId: string) =>
  until(`a dead letter for ${jobId}`, async () => (await dlq.getJob(`intake|${jobId}`))?.data);

describe('size limits', () => {
  it(`the hub client refuses a request over ${MAX_JOB_BYTES - 1024} bytes and queues nothing; one under it goes through`, async () => {
    const big = requestOfSize('BIG', MAX_JOB_BYTES);
    const error = await hub.submitRequest(big).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      {
        field: '(request)',
        given: expect.stringMatching(/^6\d,\d{3} bytes$/),
        expected: `a request of at most ${(MAX_JOB_BYTES - 1024).toLocaleString('en-GB')} bytes of JSON`,
      },
    ]);
    expect(await raw.count()).toBe(0);

    const large = requestOfSize('LARGE', MAX_JOB_BYTES - 2048);
    expect((await hub.submitRequest(large)).outcome).toBe('accepted');
    const stored = await until('the large request stored', () => hub.getRequest('LARGE'));
    expect(stored.request.times).toHaveLength(large.times.length);
  });

  it('intake dead-letters job data over the limit without keeping it whole', async () => {
    const huge = {
      kind: 'submit',
      hub: 'se',
      request: { ...validRequest('se', 'HUGE'), note: 'x'.repeat(1_000_000) },
    };
    await raw.add('submit', huge, { jobId: 'huge' });
    const letter = await deadLetterOf('huge');
    expect(letter.error).toMatch(/^the job data is 1,000,\d{3} bytes, over the limit of 65,536$/);
    expect(letter.payload).toEqual({
      withheld: expect.stringMatching(/over the limit$/),
      head: expect.any(String),
    });
    expect(JSON.stringify(letter).length).toBeLessThan(2000);
    expect(await store.getRequest('se', 'HUGE')).toBeUndefined();
  });

  it('a job that fails every attempt for another reason is dead-lettered with the last error', async () => {
    // A cancellation of a request whose record is not a hash: the store's script fails every time.
    await redis.set(store.keys.request('se:WRONG'), 'not a hash');
    await raw.add(
      'cancel',
      { kind: 'cancel', hub: 'se', request_id: 'WRONG' },
      { jobId: 'wrong', attempts: 2, backoff: { type: 'fixed', delay: 10 } },
    );
    const letter = await deadLetterOf('wrong');
    expect(letter.error).toMatch(/^failed 2 time\(s\), the last with: .*WRONGTYPE/);
    expect(letter.payload).toEqual({ kind: 'cancel', hub: 'se', request_id: 'WRONG' });
  });

  it(`a CSV file over ${DEFAULT_MAX_BYTES.toLocaleString('en-GB')} bytes is refused, not read`, async () => {
    const file = join(dir, 'requests.csv');
    writeFileSync(file, 'id,organisation_id,hub\n');
    truncateSync(file, DEFAULT_MAX_BYTES + 1); // sparse: no time or disk spent writing it
    const prefixes = cliPrefixes('limits-cli');
    const started = Date.now();
    const result = await cli('submit', file);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(3);
    expect(result.err).toContain(
      `requests.csv is ${(DEFAULT_MAX_BYTES + 1).toLocaleString('en-GB')} bytes, over the limit of ${DEFAULT_MAX_BYTES.toLocaleString('en-GB')}`,
    );
    expect(result.err).not.toMatch(/unexpected error|\n\s+at /);
    await prefixes.clear(redis);
  });
});
