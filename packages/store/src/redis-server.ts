import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';

/** Whether something answers PING at the URL within `ms` (and has finished loading its data). */
export async function redisAnswers(url: string, ms = 1500, options: RedisOptions = {}): Promise<boolean> {
  const redis = new Redis(url, {
    ...options,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: ms,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    if ((await redis.ping()) !== 'PONG') return false;
    // A server replaying its AOF answers PING but refuses data commands until it is done.
    return !/loading:1/.test(await redis.info('persistence'));
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** True if a `redis-server` can be started from PATH. */
export const redisServerOnPath = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

export interface RedisServerOptions {
  /** AOF fsync policy. `always` (the default) makes every acknowledged write survive a kill. */
  appendfsync?: 'always' | 'everysec' | 'no';
  /**
   * Further `redis-server` arguments, e.g. `['--aclfile', path]`, or a function of the server's
   * directory and port (to write a file there first, or to move the port to `--tls-port`).
   */
  args?: readonly string[] | ((dir: string, port: number) => readonly string[]);
  /** TLS options for a server that listens only with TLS: its URL is then `rediss://`. */
  tls?: RedisOptions['tls'];
  /** How long start-up (including an AOF replay) may take. */
  startMs?: number;
}

/** A private `redis-server` on a loopback port, with its data in a temporary directory. */
export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** SIGKILL: no shutdown, no final save; only what AOF already holds survives. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory; it replays its AOF first. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts a private redis-server from PATH on a free port, AOF on (`appendfsync always` unless told
 * otherwise), `maxmemory-policy noeviction`, no RDB snapshots. For tests that restart or kill
 * Redis, or need settings the shared server must not have; and for the demo when nothing answers.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'stem-match-redis-'));
  const url = `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`;
  const probe: RedisOptions = options.tls ? { tls: options.tls } : {};
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    options.appendfsync ?? 'always',
    '--maxmemory-policy',
    'noeviction',
    ...(typeof options.args === 'function' ? options.args(dir, port) : (options.args ?? [])),
  ];
  let child: ChildProcess | undefined;

  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => c.once('exit', () => r()));

  const server: RedisServer = {
    url,
    port,
    dir,
    async start() {
      if (child) throw new Error(`redis-server on port ${port} is already running`);
      const started = spawn('redis-server', args, { stdio: 'ignore' });
      child = started;
      started.once('exit', () => {
        if (child === started) child = undefined;
      });
      const deadline = Date.now() + (options.startMs ?? 10_000);
      while (!(await redisAnswers(url, 200, probe))) {
        if (!child) throw new Error(`redis-server on port ${port} exited during start-up`);
        if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start in time`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill() {
      const c = child;
      if (!c) return;
      c.kill('SIGKILL');
      await exited(c);
      child = undefined;
    },
    async stop() {
      const c = child;
      if (c) {
        c.kill('SIGTERM');
        await exited(c);
        child = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
