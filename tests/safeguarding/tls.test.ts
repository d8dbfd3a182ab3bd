import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkers } from '@stem-match/cli';
import { writeDataset } from '@stem-match/dataset';
import { type RedisServer, startRedisServer } from '@stem-match/store';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-harness.js';
import { makeCertificates } from './certificates.js';
import { ambassador, request, SCHOOL, until } from './fixtures.js';

// A redis-server of the test's own that speaks only TLS, with a certificate from a throwaway CA:
// the CLI and the workers work through a rediss:// URL and REDIS_TLS_CA, and nothing else gets in.

const certs = mkdtempSync(join(tmpdir(), 'stem-match-tls-'));
const { ca, cert, key } = makeCertificates(certs);
let server: RedisServer;
let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
const tag = randomUUID().slice(0, 8);

beforeAll(async () => {
  server = await startRedisServer({
    args: (_dir, port) => [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--tls-cert-file',
      cert,
      '--tls-key-file',
      key,
      '--tls-ca-cert-file',
      ca,
      '--tls-auth-clients',
      'no',
    ],
    tls: { ca: readFileSync(ca) },
  });
  process.env.REDIS_URL = `rediss://127.0.0.1:${server.port}`;
  process.env.REDIS_TLS_CA = ca;
  process.env.STEM_PREFIX = `stem:{tls-${tag}}`;
  process.env.STEM_QUEUE_PREFIX = `{tls-q-${tag}}`;
  process.env.LOG_LEVEL = 'silent';
});
afterAll(async () => {
  await workers?.close();
  delete process.env.REDIS_TLS_CA;
  await server?.stop();
  rmSync(certs, { recursive: true, force: true });
});

describe('rediss:// (TLS)', { timeout: 60_000 }, () => {
  it('imports, submits through the hub client, stores and matches over TLS', async () => {
    workers = await startWorkers('all', { schedule: false });
    const data = join(certs, 'data');
    await writeDataset(data, {
      hubs: [{ id: 'se', name: 'South East', regions: [] }],
      organisations: [SCHOOL],
      ambassadors: [ambassador('A1')],
      requests: [request('R1'), request('R2', { window_start: '2027-03-08', window_end: '2027-03-12' })],
      history: [],
    });
    expect((await cli('import', '--data', data)).code).toBe(0);
    const submitted = await cli('submit', join(data, 'requests.csv'));
    expect(submitted.out).toMatch(/accepted \(queued for intake\)\s+2\b/);
    await until(async () => JSON.parse((await cli('status', '--json')).out).requests.total === 2);
    const matched = await cli('run-match', '--wait', '--today', '2027-02-20');
    expect(matched.out).toMatch(/status\s+finished/);
    expect(JSON.parse((await cli('status', '--json')).out).requests.by_status.offered).toBe(2);
  });

  it('refuses a server whose certificate it cannot verify, and plain text on the TLS port', async () => {
    delete process.env.REDIS_TLS_CA;
    const unverified = await cli('status');
    process.env.REDIS_TLS_CA = ca;
    expect(unverified.code).toBe(4);
    expect(unverified.err).toContain('cannot reach Redis');
    const plain = new Redis(`redis://127.0.0.1:${server.port}`, {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 1000,
    });
    plain.on('error', () => undefined);
    await expect(plain.ping()).rejects.toThrow();
    plain.disconnect();
  });
});
