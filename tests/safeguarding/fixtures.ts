import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ActivityRequest,
  ActivityRequest as ActivityRequestSchema,
  type Ambassador,
  type Organisation,
  weeklyPattern,
} from '@stem-match/domain';
import { hastingsSchool, physicsAmbassador } from '@stem-match/domain/testing';
import { createConnection, createHubClient } from '@stem-match/queue';
import { deleteByPrefix, Store } from '@stem-match/store';
import { Redis } from 'ioredis';

// Small, real places for the safeguarding tests: a school in Hastings and ambassadors nearby.

export const SCHOOL: Organisation = hastingsSchool('100001');

export const ambassador: (id: string, over?: Partial<Ambassador>) => Ambassador = physicsAmbassador;

export function request(id: string, over: Partial<ActivityRequest> = {}): ActivityRequest {
  return ActivityRequestSchema.parse({
    id,
    organisation_id: SCHOOL.id,
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2027-03-01',
    window_end: '2027-03-05',
    times: weeklyPattern('Mon-Fri 09:00-15:00'),
    duration_min: 60,
    created_at: '2026-11-20T10:00:00+00:00',
    ...over,
  });
}

/** Polls until `read` gives a value (not undefined or false). */
export async function until<T>(read: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A service of the test's own on the shared Redis: key prefixes unique to it (set in the
 * environment, for the CLI and workers run in-process), a temp dir, a store and hub se's client.
 * `cleanup` deletes only its own keys and files.
 */
export function serviceUnderTest(label: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), `stem-match-${label}-`));
  const tag = randomUUID().slice(0, 8);
  const prefix = `test:${label}:{${tag}}`;
  const queuePrefix = `test-q:${label}:{${tag}}`;
  Object.assign(process.env, {
    STEM_PREFIX: prefix,
    STEM_QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url);
  const producer = createConnection(url, 'producer');
  const hub = createHubClient({ hub: 'se', connection: producer, prefix, queuePrefix });
  return {
    dir,
    prefix,
    queuePrefix,
    redis,
    store: new Store(redis, prefix),
    hub,
    async cleanup() {
      await hub.close();
      producer.disconnect();
      await deleteByPrefix(redis, prefix);
      await deleteByPrefix(redis, queuePrefix);
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
