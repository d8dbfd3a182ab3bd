import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/**
 * Workers wait for Redis as long as it takes (BullMQ needs maxRetriesPerRequest: null); producers —
 * the hub client, the CLI — fail fast instead of hanging when Redis is down, so a hub hears "not
 * accepted" at once. Both reconnect by themselves with capped exponential backoff. rediss:// URLs use TLS.
 */
export type Role = 'worker' | 'producer';

/** A connection to one Redis or to a Redis Cluster: the store, BullMQ and the workers take either. */
export type Connection = Redis | Cluster;

const backoff = (attempt: number): number => Math.min(100 * 2 ** attempt, 5000);

/** A cluster's seed nodes and credentials, from `redis-cluster://[user:pass@]host:port,host:port`. */
export interface ClusterUrl {
  nodes: Array<{ host: string; port: number }>;
  username?: string;
  password?: string;
  tls: boolean;
}

const CLUSTER_SCHEME = /^(rediss?)-cluster:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)\/?$/;

/** True for `redis-cluster://` and `rediss-cluster://` URLs. */
export const isClusterUrl = (url: string): boolean => /^rediss?-cluster:\/\//.test(url);

/**
 * Parses a cluster URL: any reachable master or replica serves as a seed (ioredis learns the rest of
 * the cluster from it), so listing two or three is enough. Throws naming what is wrong.
 */
export function parseClusterUrl(url: string): ClusterUrl {
  const m = CLUSTER_SCHEME.exec(url);
  if (!m)
    throw new Error(
      'expected a cluster URL such as redis-cluster://host1:6379,host2:6379 (or rediss-cluster:// for TLS)',
    );
  const nodes = m[4]!.split(',').map((seed) => {
    const at = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(seed.trim());
    const port = at ? Number(at[2]) : Number.NaN;
    if (!at || port < 1 || port > 65535)
      throw new Error(`cluster seed "${seed}" in the Redis URL is not host:port (e.g. 10.0.0.5:6379)`);
    return { host: at[1]!.replace(/^\[|\]$/g, ''), port };
  });
  return {
    nodes,
    ...(m[2] ? { username: decodeURIComponent(m[2]) } : {}),
    ...(m[3] !== undefined ? { password: decodeURIComponent(m[3]) } : {}),
    tls: m[1] === 'rediss',
  };
}

/**
 * A connection for `role`: a `Redis` for redis:// and rediss:// URLs, an ioredis `Cluster` for
 * redis-cluster:// and rediss-cluster:// (the same role settings apply to every node's connection).
 */
export function createConnection(url: string, role: Role, extra: RedisOptions = {}): Connection {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: backoff }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000, retryStrategy: backoff };
  if (!isClusterUrl(url)) return new Redis(url, { ...options, ...extra });
  const seeds = parseClusterUrl(url);
  // The cluster keeps its offline queue even for producers: BullMQ counts a cluster as connected at
  // status `connect`, before slots are known, and sends INFO at once, which a cluster without the
  // queue refuses. Producers still fail fast: the hub client checks the connection before each call
  // and waits at most 3 s, and each node's connection gives a command up after one retry.
  const {
    retryStrategy: _r,
    enableOfflineQueue: _q,
    tls,
    ...node
  } = {
    ...options,
    ...extra,
  };
  const clusterOptions: ClusterOptions = {
    clusterRetryStrategy: backoff,
    enableReadyCheck: true,
    redisOptions: {
      ...node,
      ...(seeds.username ? { username: seeds.username } : {}),
      ...(seeds.password !== undefined ? { password: seeds.password } : {}),
      ...(seeds.tls || tls ? { tls: tls ?? {} } : {}),
    },
    // Managed clusters behind TLS present certificates for their DNS names: keep names, not addresses.
    ...(seeds.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
  const cluster = new Cluster(seeds.nodes, clusterOptions);
  seedsOf.set(cluster, seeds.nodes.map((n) => `${n.host}:${n.port}`).join(','));
  return cluster;
}

const seedsOf = new WeakMap<Cluster, string>();

/** Where a connection points, for messages (never its password). */
export function describeConnection(redis: Connection): string {
  if (redis instanceof Cluster) return `cluster ${seedsOf.get(redis) ?? '(seeds unknown)'}`;
  return `${redis.options.host}:${redis.options.port}`;
}

/**
 * Resolves once the connection is ready; rejects with a clear error after `ms`, or at once when a
 * connection attempt fails (refused, dropped): ioredis goes on retrying with backoff in the
 * background, and a caller is better told now than after the wait.
 */
export async function whenReady(redis: Connection, ms = 3000): Promise<void> {
  if (redis.status === 'ready') return;
  const where = describeConnection(redis);
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
