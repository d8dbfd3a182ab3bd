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

/**
 * Resolves once the connection is ready; rejects with a clear error after `ms`, or at once when a
 * connection attempt fails (refused, dropped): ioredis goes on retrying with backoff in the
 * background, and a caller is better told now than after the wait.
 */
export async function whenReady(redis: Redis, ms = 3000): Promise<void> {
  if (redis.status === 'ready') return;
  const where = `${redis.options.host}:${redis.options.port}`;
  await new Promise<void>((resolve, reject) => {
    let lastError = '';
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`Redis at ${where} ${why}`));
    };
    const timer = setTimeout(() => fail(`did not answer within ${ms} ms`), ms);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => {
      lastError = err.message;
    };
    const onRetry = () => fail(`cannot be reached${lastError ? ` (${lastError})` : ''}`);
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      redis.off('reconnecting', onRetry);
      redis.off('end', onRetry);
    };
    redis.on('ready', onReady);
    redis.on('error', onError);
    redis.on('reconnecting', onRetry);
    redis.on('end', onRetry);
  });
}
