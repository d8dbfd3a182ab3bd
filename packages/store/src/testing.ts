import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

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

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  // SCAN MATCH treats braces literally only when escaped; glob-escape the prefix.
  const pattern = `${prefix.replace(/[*?[\]\\{}]/g, (c) => `\\${c}`)}*`;
  let cursor = '0';
  do {
    // A shared test server may hold a million keys of others: large steps keep the walk short.
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 20_000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
