import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@stem-match/store';
import { Redis, type RedisOptions } from 'ioredis';

/** A redis-server of the test's own: its own loopback port and temp dir, stopped by the test. */
export interface PrivateRedis {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** Starts redis-server with `args` (plus a port, the temp dir, no persistence) and waits for `ready`. */
export async function startRedis(
  args: (dir: string, port: number) => string[],
  ready: (port: number, dir: string) => { url: string; options?: RedisOptions },
): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'stem-match-safeguard-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...args(dir, port)],
    { stdio: 'ignore' },
  );
  const { url, options } = ready(port, dir);
  for (let i = 0; ; i++) {
    const probe = new Redis(url, {
      ...options,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') break;
    } catch (err) {
      if (i > 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      probe.disconnect();
    }
  }
  return {
    port,
    dir,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A throwaway CA and a server certificate for 127.0.0.1 / localhost, made with openssl in `dir`. */
export function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const at = (f: string) => join(dir, f);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
    '-days',
    '1',
    '-subj',
    '/CN=stem-match test CA',
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
    '-subj',
    '/CN=localhost',
  );
  writeFileSync(at('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.crt'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('server.crt'),
    '-days',
    '1',
    '-extfile',
    at('ext.cnf'),
  );
  return { ca: at('ca.crt'), cert: at('server.crt'), key: at('server.key') };
}
