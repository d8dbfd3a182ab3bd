import { connect, loadConfig, type ServiceConfig, whenReady } from '@stem-match/queue';
import type { RedisClient } from '@stem-match/store';
import { Store } from '@stem-match/store';
import { CliError, EXIT } from './exit-codes.js';

export interface Service {
  config: ServiceConfig;
  redis: RedisClient;
  store: Store;
}

/**
 * Connects to Redis for one command (REDIS_URL, STEM_PREFIX, STEM_QUEUE_PREFIX), failing fast with a
 * clear message when nothing answers, and always disconnects afterwards.
 */
export async function withService<T>(
  role: 'producer' | 'worker',
  fn: (s: Service) => Promise<T>,
): Promise<T> {
  let config: ServiceConfig;
  try {
    config = loadConfig();
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), EXIT.usage);
  }
  const redis = connect(config, role, role === 'producer' ? {} : { lazyConnect: false });
  redis.on('error', () => undefined); // reported below, once, in words
  try {
    await whenReady(redis, 3000);
  } catch {
    redis.disconnect();
    throw new CliError(
      `cannot reach Redis at ${redactUrl(config.REDIS_URL)}: is it running? Set REDIS_URL to point at it.`,
      EXIT.internal,
    );
  }
  try {
    return await fn({ config, redis, store: new Store(redis, config.STEM_PREFIX) });
  } finally {
    redis.disconnect();
  }
}

/** A Redis URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}
