import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkers } from '@stem-match/cli';
import { type Connection, createConnection } from '@stem-match/queue';
import {
  deleteByPrefix,
  type RedisCluster,
  type RedisServer,
  redisServerOnPath,
  redisSettingWarnings,
  Store,
  scanPrefix,
  startRedisCluster,
  startRedisServer,
} from '@stem-match/store';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliPrefixes } from './cli-harness.js';
import { type ScenarioResult, serviceScenario } from './service-scenario.js';

// The service on a real 3-master Redis Cluster passes the same end-to-end scenario as on a single
// Redis, and gives the same answers: same data, same run, same export.
const dir = mkdtempSync(join(tmpdir(), 'stem-match-cluster-'));
const prefixes = cliPrefixes('cluster');
let cluster: RedisCluster;
let single: RedisServer;
const savedUrl = process.env.REDIS_URL;

async function scenarioOn(url: string, name: string): Promise<ScenarioResult> {
  process.env.REDIS_URL = url;
  const workers = await startWorkers('all', { schedule: false, rematchDelayMs: 200 });
  try {
    return await serviceScenario(join(dir, name));
  } finally {
    await workers.close();
  }
}

beforeAll(async () => {
  [cluster, single] = await Promise.all([startRedisCluster(), startRedisServer({ appendfsync: 'everysec' })]);
});
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedUrl;
  await Promise.all([cluster?.stop(), single?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(redisServerOnPath())('stem-match on a Redis Cluster', { timeout: 180_000 }, () => {
  let onCluster: ScenarioResult;
  let redis: Connection;

  it('imports, submits, matches, exports and reports on a 3-master cluster', async () => {
    onCluster = await scenarioOn(cluster.url, 'cluster');
    redis = createConnection(cluster.url, 'worker');
    expect(redis).toBeInstanceOf(Cluster);
  });

  it('keeps the store in one slot and the queues in another, as their hash tags say', async () => {
    const slotOf = async (key: string) => Number(await redis.call('CLUSTER', 'KEYSLOT', key));
    for (const [prefix, tag] of [
      [prefixes.prefix, /\{([^}]+)\}/.exec(prefixes.prefix)![1]!],
      [prefixes.queuePrefix, /\{([^}]+)\}/.exec(prefixes.queuePrefix)![1]!],
    ] as const) {
      const slots = new Set<number>();
      let keys = 0;
      for await (const batch of scanPrefix(redis, prefix)) {
        keys += batch.length;
        for (const key of batch) slots.add(await slotOf(key));
      }
      expect(keys).toBeGreaterThan(10);
      expect([...slots]).toEqual([await slotOf(tag)]);
    }
  });

  it("erases an ambassador's personal data from keys on every master", async () => {
    const store = new Store(redis, prefixes.prefix);
    const id = onCluster.exported['assignments.csv']!.split('\n')[1]!.split(',')[2]!;
    const before = await store.getAmbassador(id);
    expect(before?.name).toBeTruthy();
    const erased = await cli('erase', 'ambassador', id);
    expect(erased.code).toBe(0);
    expect(erased.out).toMatch(new RegExp(`Erased ambassador ${id}: .*name`));
    const after = await store.getAmbassador(id);
    expect(after?.name).toBeUndefined();
    // Nothing under either prefix, on any master, still holds the name.
    for (const prefix of [prefixes.prefix, prefixes.queuePrefix])
      for await (const keys of scanPrefix(redis, prefix))
        for (const key of keys)
          if ((await redis.type(key)) === 'string') expect(await redis.get(key)).not.toContain(before!.name);
  });

  it('gives the same answers as a single Redis on the same data', async () => {
    const onSingle = await scenarioOn(single.url, 'single');
    expect(onCluster.requests).toEqual(onSingle.requests);
    expect(Object.keys(onCluster.exported).length).toBeGreaterThan(0);
    expect(onCluster.exported).toEqual(onSingle.exported);
    expect(onCluster.unmet).toEqual(onSingle.unmet);
  });

  it('checks AOF and the eviction policy on every master', async () => {
    expect(await redisSettingWarnings(redis)).toEqual([]);
    const third = cluster.nodes[2]!;
    const node = new Redis(third.url);
    try {
      await node.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect(await redisSettingWarnings(redis)).toEqual([
        `Redis maxmemory-policy is allkeys-lru (cluster node 127.0.0.1:${third.port}): keys may be evicted; set noeviction`,
      ]);
    } finally {
      await node.config('SET', 'maxmemory-policy', 'noeviction');
      node.disconnect();
    }
  });

  it('deletes its keys from every master', async () => {
    await deleteByPrefix(redis, prefixes.prefix);
    await deleteByPrefix(redis, prefixes.queuePrefix);
    const left: string[] = [];
    for await (const batch of scanPrefix(redis, 'test')) left.push(...batch);
    expect(left).toEqual([]);
    redis.disconnect();
  });
});
