import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkers } from '@stem-match/cli';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliPrefixes } from './cli-harness.js';

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
  const data = join(dir, 'data');

  it('imports, submits, matches and reports status', async () => {
    expect(
      (await cli('generate', '--scale', 'small', '--seed', '5', '--today', '2026-11-24', '--out', data)).code,
    ).toBe(0);
    expect((await cli('import', '--data', data)).code).toBe(0);
    const submitted = await cli('submit', join(data, 'requests.csv'));
    expect(submitted.code).toBe(0);
    expect(submitted.out).toMatch(/accepted \(queued for intake\)\s+\d+/);
    const accepted = Number(/accepted \(queued for intake\)\s+(\d+)/.exec(submitted.out)![1]);
    // Once intake has stored them, resubmitting the file adds nothing: every row is a duplicate.
    for (let i = 0; i < 200; i++) {
      if (JSON.parse((await cli('status', '--json')).out).requests.total === accepted) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const again = await cli('submit', join(data, 'requests.csv'));
    expect(again.out).toMatch(/accepted \(queued for intake\)\s+0\b/);
    expect(again.out).toMatch(new RegExp(`duplicate \\(already stored\\)\\s+${accepted}\\b`));
    const matched = await cli('run-match', '--wait', '--today', '2026-11-24');
    expect(matched.code).toBe(0);
    expect(matched.out).toMatch(/status\s+finished/);
    // Stable re-planning: the run's churn of offers already sent (none were, on a first run).
    expect(matched.out).toMatch(/sent offers withdrawn\s+0\b/);
    expect(matched.out).toMatch(/sent offers changed\s+0\b/);
    const status = await cli('status', '--json');
    const parsed = JSON.parse(status.out);
    expect(parsed.requests.total).toBeGreaterThan(0);
    expect(parsed.requests.by_status.offered).toBeGreaterThan(0);
    expect(parsed.last_run.status).toBe('finished');
    expect(parsed.last_run.churn).toEqual({ offers_withdrawn: 0, offers_changed: 0 });
    expect((await cli('status')).out).toMatch(/churn: 0 sent offers withdrawn, 0 changed/);
    const exported = await cli('export', '--out', join(dir, 'export'));
    expect(exported.code).toBe(0);
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
