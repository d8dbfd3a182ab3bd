import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './store.js';

/**
 * Warnings about Redis settings that put data at risk: without AOF a restart loses acknowledged
 * requests, and any eviction policy but noeviction silently drops keys under memory pressure. On a
 * cluster every master is asked (each holds its own slots' keys and its own settings).
 */
export async function redisSettingWarnings(redis: RedisClient): Promise<string[]> {
  if (!(redis instanceof Cluster)) return nodeWarnings(redis, '');
  const warnings = await Promise.all(
    redis
      .nodes('master')
      .map((node) => nodeWarnings(node, ` (cluster node ${node.options.host}:${node.options.port})`)),
  );
  return [...new Set(warnings.flat())];
}

async function nodeWarnings(redis: Redis, where: string): Promise<string[]> {
  const read = async (name: string): Promise<string | undefined> => {
    try {
      const reply = (await redis.call('CONFIG', 'GET', name)) as string[];
      return reply[1];
    } catch {
      return undefined;
    }
  };
  const [aof, policy] = await Promise.all([read('appendonly'), read('maxmemory-policy')]);
  const warnings: string[] = [];
  if (aof === undefined || policy === undefined) {
    warnings.push(
      `could not read the Redis configuration${where} (CONFIG GET refused); make sure AOF is on and maxmemory-policy is noeviction`,
    );
    return warnings;
  }
  if (aof !== 'yes')
    warnings.push(
      `Redis has AOF off (appendonly no)${where}: a restart would lose acknowledged requests; set appendonly yes`,
    );
  if (policy !== 'noeviction')
    warnings.push(`Redis maxmemory-policy is ${policy}${where}: keys may be evicted; set noeviction`);
  return warnings;
}
