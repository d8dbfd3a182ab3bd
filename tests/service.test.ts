import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkers } from '@stem-match/cli';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliPrefixes } from './cli-harness.js';
import { serviceScenario } from './service-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'stem-match-svc-'));
const prefixes = cliPrefixes('e2e');
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let workers: Awaited<ReturnType<typeof startWorkers>>;

beforeAll(async () => {
  workers = await startWorkers('all', { schedule: false, rematchDelayMs: 200 });
});
afterAll(async () => {
  await workers.close();
  await prefixes.clear(redis);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('stem-match (service)', () => {
  it('imports, submits, matches and reports status', async () => {
    await serviceScenario(dir);
  });

  it('fails fast with a clear message when Redis is unreachable', async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    const started = Date.now();
    const result = await cli('status');
    process.env.REDIS_URL = saved;
    if (saved === undefined) delete process.env.REDIS_URL;
    expect(result.code).toBe(4);
    expect(result.err).toContain('cannot reach Redis');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
