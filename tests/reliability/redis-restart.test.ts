import { ActivityRequest, UnavailableError } from '@stem-match/domain';
import { type Connection, createConnection, createHubClient, type HubClient } from '@stem-match/queue';
import { generateDataset } from '@stem-match/scripts';
import { freePort, getRun, type RedisServer, Store, startRedisServer } from '@stem-match/store';
import { requestRun } from '@stem-match/worker-matcher';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from './support/invariants.js';
import { validRequest } from './support/requests.js';
import { until } from './support/wait.js';
import { spawnWorker, type WorkerProcess } from './support/worker-process.js';

// Redis is SIGKILLed while three hubs submit and the workers (another process) take the requests in,
// then started again on the same AOF (appendfsync always). Nothing the clients were told had been
// accepted may be missing afterwards, and nobody is restarted by hand.
const prefix = 'restart:{stem}';
const queuePrefix = '{restart-q}';
const HUBS = ['se', 'nw', 'ee'];

let server: RedisServer;
let redis: Redis;
let store: Store;
let worker: WorkerProcess;
let organisations: string[];

beforeAll(async () => {
  server = await startRedisServer({ appendfsync: 'always' });
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  store = new Store(redis, prefix);
  const data = generateDataset({ scale: 'small', seed: 4, today: '2026-11-24' });
  await store.putOrganisations(data.organisations);
  await store.putAmbassadors(data.ambassadors);
  organisations = data.organisations.map((o) => o.id);
  // A job handed out as Redis died is lost to its worker and taken up again once its lock expires:
  // a short one for intake, so the test need not wait long; solves keep a long one (a solve may hold
  // the thread for longer than a short lock).
  worker = await spawnWorker({
    url: server.url,
    prefix,
    queuePrefix,
    workers: ['intake', 'matcher'],
    lockMs: 30_000,
    intakeLockMs: 2000,
  });
});
afterAll(async () => {
  await worker?.stop();
  redis?.disconnect();
  await server?.stop();
});

interface Attempt {
  ms: number;
  error?: unknown;
  down: boolean;
}

describe('Redis killed and restarted (AOF, appendfsync always)', () => {
  it('keeps every acknowledged submission; clients and workers reconnect by themselves', {
    timeout: 120_000,
  }, async () => {
    const clients: HubClient[] = [];
    const connections: Connection[] = [];
    for (const hub of HUBS) {
      const connection = createConnection(server.url, 'producer');
      connection.on('error', () => undefined);
      connections.push(connection);
      clients.push(createHubClient({ hub, connection, prefix, queuePrefix }));
    }
    const acknowledged = new Set<string>();
    const attempts: Attempt[] = [];
    let down = false;
    let stop = false;
    // Each hub submits one request after another; on an error it waits a little and sends it again.
    const producers = clients.map(async (client) => {
      for (let i = 0; !stop; ) {
        const request = validRequest(
          client.hub,
          `${client.hub}-${i}`,
          organisations[i % organisations.length],
        );
        const started = performance.now();
        const wasDown = down;
        try {
          await client.submitRequest(request);
          acknowledged.add(`${client.hub}:${request.id}`);
          attempts.push({ ms: performance.now() - started, down: wasDown });
          i++;
        } catch (error) {
          attempts.push({ ms: performance.now() - started, error, down: wasDown && down });
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    });

    await until('300 acknowledged submissions', async () => acknowledged.size >= 300);
    await server.kill();
    down = true;
    const beforeKill = acknowledged.size;
    await until(
      'submissions to be refused while Redis is down',
      async () => attempts.filter((a) => a.down && a.error).length >= 3 * HUBS.length,
    );
    await new Promise((r) => setTimeout(r, 1000));
    await server.start();
    down = false;
    await until('300 more acknowledged after the restart', async () => acknowledged.size >= beforeKill + 300);
    stop = true;
    await Promise.all(producers);

    // Refused at once and in words while Redis was down: no hanging, no bare socket error.
    const refused = attempts.filter((a) => a.down && a.error);
    for (const a of refused) {
      expect(a.error).toBeInstanceOf(UnavailableError);
      expect(String((a.error as Error).message)).toMatch(/Redis at 127\.0\.0\.1:\d+ .*not accepted/);
      expect(a.ms).toBeLessThan(1000);
    }

    // Every acknowledged submission was stored: the workers reconnected and went on by themselves.
    await until(
      `all ${acknowledged.size} acknowledged requests in the store`,
      async () => (await redis.scard(store.keys.requests)) >= acknowledged.size,
      60_000,
    );
    const stored = new Set(await redis.smembers(store.keys.requests));
    expect([...acknowledged].filter((ref) => !stored.has(ref))).toEqual([]);
    expect(await consistencyProblems(store)).toEqual([]);

    // And the matcher, in the same process that lived through the outage, still runs a match.
    const runId = await requestRun(redis, queuePrefix, 'system:test', '2026-11-24');
    const run = await until(
      'the match run after the restart',
      async () => {
        const r = await getRun(store, runId);
        return r?.status !== 'running' && r;
      },
      60_000,
    );
    expect(run).toMatchObject({ status: 'finished' });

    await Promise.all(clients.map((c) => c.close()));
    for (const c of connections) c.disconnect();
  });

  it('a match run under way when Redis dies finishes after the restart, nothing half-committed', {
    timeout: 120_000,
  }, async () => {
    for (let i = 0; i < 300; i++)
      await store.createRequest(
        ActivityRequest.parse(validRequest('se', `RUN-${i}`, organisations[(i * 31) % organisations.length])),
        'hub:test',
      );
    const runId = await requestRun(redis, queuePrefix, 'system:test', '2026-11-24');
    // Planned, its flow added, its parts being solved and committed: now Redis dies.
    await until(
      'the run to be planned',
      async () => (await getRun(store, runId))?.status === 'running',
      30_000,
    );
    await server.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await server.start();
    const run = await until(
      'the run to finish after the restart',
      async () => {
        const r = await getRun(store, runId);
        return r?.status !== 'running' && r;
      },
      90_000,
    );
    expect(run).toMatchObject({ status: 'finished', failed_components: [] });
    expect(await consistencyProblems(store)).toEqual([]);
    // Each of the run's parts was committed exactly once: its components are all on record.
    const committed = await redis.smembers(store.keys.runCommitted(runId));
    expect(committed.length).toBe(run.components);
  });

  it('refuses at once, in words, when Redis has never been reachable', async () => {
    const connection = createConnection(`redis://127.0.0.1:${await freePort()}`, 'producer');
    connection.on('error', () => undefined);
    const client = createHubClient({ hub: 'se', connection, prefix, queuePrefix });
    const started = performance.now();
    const error = await client.submitRequest(validRequest('se', 'R1')).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(/request R1 \(hub se\) not accepted; try again later/);
    // An invalid request is refused for what is wrong with it, Redis or no Redis.
    await expect(client.submitRequest({ ...validRequest('se', 'R2'), needed: 0 })).rejects.toThrow(/needed/);
    await client.close();
    connection.disconnect();
  });
});
