import type { RedisClient } from './store.js';

/**
 * Warnings about Redis settings that put data at risk: without AOF a restart loses acknowledged
 * requests, and any eviction policy but noeviction silently drops keys under memory pressure.
 */
export async function redisSettingWarnings(redis: RedisClient): Promise<string[]> {
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
      'could not read the Redis configuration (CONFIG GET refused); make sure AOF is on and maxmemory-policy is noeviction',
    );
    return warnings;
  }
  if (aof !== 'yes')
    warnings.push(
      'Redis has AOF off (appendonly no): a restart would lose acknowledged requests; set appendonly yes',
    );
  if (policy !== 'noeviction')
    warnings.push(`Redis maxmemory-policy is ${policy}: keys may be evicted; set noeviction`);
  return warnings;
}
