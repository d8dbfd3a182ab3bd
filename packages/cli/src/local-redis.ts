import { redisServerOnPath, startRedisServer } from '@stem-match/store';

export { redisAnswers } from '@stem-match/store';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a private redis-server from PATH on a free loopback port, in a temporary directory, with
 * AOF on. Returns undefined when there is no redis-server to start.
 */
export async function startLocalRedis(): Promise<LocalRedis | undefined> {
  if (!redisServerOnPath()) return undefined;
  // everysec: the demo wants AOF on, not a disk flush per write.
  return startRedisServer({ appendfsync: 'everysec' });
}
