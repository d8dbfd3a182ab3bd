import { Redis, type RedisOptions } from 'ioredis';

/**
 * Workers wait for Redis as long as it takes (BullMQ needs maxRetriesPerRequest: null); producers —
 * the hub client, the CLI — fail fast instead of hanging when Redis is down, so a hub hears "not
 * accepted" at once. Both reconnect by themselves with capped exponential backoff. rediss:// URLs use TLS.
 */
export type Role = 'worker' | 'producer';

const backoff = (attempt: number): number => Math.min(100 * 2 ** attempt, 5000);

export function createConnection(url: string, role: Role, extra: RedisOptions = {}): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: backoff }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000, retryStrategy: backoff };
  return new Redis(url, { ...options, ...extra });
}

/** Resolves once the connection is ready, or rejects with a clear error after `ms`. */
export async function whenReady(redis: Redis, ms = 3000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not answer within ${ms} ms (${redis.options.host}:${redis.options.port})`));
    }, ms);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}
