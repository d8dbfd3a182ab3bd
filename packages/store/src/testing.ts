import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { scanPrefix, unlinkKeys } from './scan.js';
import type { RedisClient } from './store.js';

/**
 * For tests against a real Redis (REDIS_URL, default redis://127.0.0.1:6379): a client and a key
 * prefix unique to the caller, and a cleanup that deletes only keys under that prefix — never a
 * flush of a database the test did not create.
 */
export function testRedis(label: string): {
  redis: Redis;
  url: string;
  prefix: string;
  queuePrefix: string;
  cleanup: () => Promise<void>;
} {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const tag = randomUUID().slice(0, 8);
  const prefix = `test:${label}:{${tag}}`;
  const queuePrefix = `test-q:${label}:{${tag}}`;
  return {
    redis,
    url,
    prefix,
    queuePrefix,
    cleanup: async () => {
      await deleteByPrefix(redis, prefix);
      await deleteByPrefix(redis, queuePrefix);
      redis.disconnect();
    },
  };
}

/** Deletes every key under `prefix`, on one Redis or on every master of a cluster. */
export async function deleteByPrefix(redis: RedisClient, prefix: string): Promise<void> {
  // A shared test server may hold a million keys of others: large steps keep the walk short.
  for await (const keys of scanPrefix(redis, prefix, 20_000)) await unlinkKeys(redis, keys);
}
