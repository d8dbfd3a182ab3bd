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

  it('"cannot attend" from the CLI ends the offer and the history shows what followed (cascade or re-match)', async () => {
    const { Store } = await import('@stem-match/store');
    const store = new Store(redis, prefixes.prefix);
    const [ref] = await store.requestRefs('offered');
    expect(ref).toBeDefined();
    const [hub, ...rest] = ref!.split(':');
    const id = rest.join(':');
    const offer = (await store.getRequest(hub!, id))!.offers.find((o) => o.status === 'offered')!;
    const sent = await cli('cannot-attend', '--hub', hub!, id, offer.ambassador_id);
    expect(sent.code).toBe(0);
    expect(sent.out).toContain(`can no longer attend ${ref}`);
    let history = '';
    for (let i = 0; i < 200; i++) {
      history = (await cli('history', ref!)).out;
      if (/cancelled\s+ambassador:/.test(history) && /cascaded|reopened/.test(history)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(history).toMatch(new RegExp(`cancelled\\s+ambassador:${offer.ambassador_id}`));
    expect(history).toMatch(/cascaded .*\(substitute 1 in place of|reopened/);
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
