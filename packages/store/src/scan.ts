import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './store.js';

/** A glob pattern matching every key that starts with `prefix` (its glob characters escaped). */
export const prefixPattern = (prefix: string): string =>
  `${prefix.replace(/[*?[\]\\{}]/g, (c) => `\\${c}`)}*`;

/**
 * The servers a SCAN must visit: the one Redis, or every master of a cluster (each master answers
 * only for its own slots, so a scan of one would miss the keys the others hold).
 */
export const scanTargets = (redis: RedisClient): Redis[] =>
  redis instanceof Cluster ? redis.nodes('master') : [redis];

/** Every key starting with `prefix`, in batches, over all the servers that hold keys. */
export async function* scanPrefix(redis: RedisClient, prefix: string, count = 1000): AsyncIterable<string[]> {
  const pattern = prefixPattern(prefix);
  for (const node of scanTargets(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      if (keys.length > 0) yield keys;
      cursor = next;
    } while (cursor !== '0');
  }
}

/**
 * Deletes keys one command each (pipelined on the server that holds them): a multi-key UNLINK is
 * refused on a cluster when the keys hash to different slots, even on one master.
 */
export async function unlinkKeys(redis: RedisClient, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  if (!(redis instanceof Cluster)) {
    await redis.unlink(...keys);
    return;
  }
  const pipe = redis.pipeline();
  for (const key of keys) pipe.unlink(key);
  await pipe.exec();
}
