import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, type RedisServer, startRedisServer } from './redis-server.js';

/** A private Redis Cluster of `masters` redis-servers on loopback ports (no replicas). */
export interface RedisCluster {
  /** `redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…`: what REDIS_URL takes to use it. */
  url: string;
  nodes: RedisServer[];
  /** Stops every node and deletes their directories. */
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Masters (at least 3, as Redis Cluster requires); 3 unless told. */
  masters?: number;
  /** AOF fsync policy on every node (see startRedisServer); `everysec` unless told. */
  appendfsync?: 'always' | 'everysec' | 'no';
  /** How long the cluster may take to agree that every slot is served. */
  startMs?: number;
}

/**
 * Starts a real Redis Cluster for tests, benches and `stem-match cluster-demo`: each node a
 * `redis-server --cluster-enabled yes` (AOF on, noeviction, as startRedisServer), its cluster bus on
 * a port of its own (`--cluster-port`, as free ports may sit too high for the default port + 10000),
 * joined with `redis-cli --cluster create`, which spreads the 16384 slots evenly over the masters.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  if (masters < 3) throw new Error(`a Redis Cluster needs at least 3 masters, not ${masters}`);
  const nodes: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) {
      const bus = await freePort();
      nodes.push(
        await startRedisServer({
          appendfsync: options.appendfsync ?? 'everysec',
          args: (dir) => [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dir, 'nodes.conf'),
            '--cluster-port',
            String(bus),
            '--cluster-node-timeout',
            '5000',
          ],
        }),
      );
    }
    const seeds = nodes.map((n) => `127.0.0.1:${n.port}`);
    await redisCli(['--cluster', 'create', ...seeds, '--cluster-replicas', '0', '--cluster-yes']);
    await untilServed(nodes, options.startMs ?? 20_000);
    return { url: `redis-cluster://${seeds.join(',')}`, nodes, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function redisCli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`redis-cli ${args.join(' ')} failed (exit ${code}): ${output}`)),
    );
  });
}

/** Waits until every node reports `cluster_state:ok` (all slots assigned and agreed on). */
async function untilServed(nodes: readonly RedisServer[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  const clients = nodes.map((n) => new Redis(n.url, { maxRetriesPerRequest: 1 }));
  try {
    for (;;) {
      const infos = await Promise.all(clients.map((c) => c.call('CLUSTER', 'INFO') as Promise<string>));
      if (infos.every((i) => /cluster_state:ok/.test(i))) return;
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not reach cluster_state:ok in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    for (const c of clients) c.disconnect();
  }
}
