import {
  type Connection,
  createConnection,
  createHubClient,
  type HubClient,
  jobIdFor,
  QUEUES,
} from '@stem-match/queue';
import { generateDataset } from '@stem-match/scripts';
import { getRun, type RedisServer, recentRuns, Store, startRedisServer } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { requestRun, startMatcher } from '@stem-match/worker-matcher';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from './support/invariants.js';
import { silentLog as log } from './support/log.js';
import { validRequest } from './support/requests.js';
import { until } from './support/wait.js';
import { spawnWorker } from './support/worker-process.js';

const TODAY = '2026-11-24';
const data = generateDataset({ scale: 'small', seed: 5, today: TODAY });

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer({ appendfsync: 'no' });
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

async function seeded(prefix: string): Promise<Store> {
  const store = new Store(redis, prefix);
  await store.putOrganisations(data.organisations);
  await store.putAmbassadors(data.ambassadors);
  await store.putHistory(data.history);
  return store;
}

const ended = (store: Store, runId: string) =>
  until(
    `run ${runId} to end`,
    async () => {
      const run = await getRun(store, runId);
      return run !== undefined && run.status !== 'running' && run;
    },
    60_000,
  );

describe('the same request sent many times at once', () => {
  it('is one record, however it arrives', async () => {
    const prefix = 'dup:{stem}';
    const queuePrefix = '{dup-q}';
    const store = await seeded(prefix);
    const intake = startIntakeWorker({ connection: redis, prefix, queuePrefix, log, concurrency: 8 });
    const connections = [createConnection(server.url, 'producer'), createConnection(server.url, 'producer')];
    const clients: HubClient[] = connections.map((connection) =>
      createHubClient({ hub: 'se', connection, prefix, queuePrefix }),
    );
    const raw = new Queue(QUEUES.intake, { connection: redis, prefix: queuePrefix });
    try {
      // Ten times from each of two clients, all at once.
      const request = validRequest('se', 'SAME-1', data.organisations[0]!.id);
      const outcomes = await Promise.all(
        clients.flatMap((c) => Array.from({ length: 10 }, () => c.submitRequest(request))),
      );
      expect(outcomes.every((o) => o.outcome === 'accepted' || o.outcome === 'duplicate')).toBe(true);
      // And ten copies straight onto the queue, each with its own job id, so BullMQ de-duplicates nothing.
      const copy = validRequest('se', 'SAME-2', data.organisations[0]!.id);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          raw.add('submit', { kind: 'submit', hub: 'se', request: copy }, { jobId: `copy|${i}` }),
        ),
      );
      await until('both requests stored and the queue drained', async () => {
        const counts = await raw.getJobCounts('wait', 'active', 'delayed');
        return (await redis.scard(store.keys.requests)) === 2 && Object.values(counts).every((n) => n === 0);
      });
      expect(await store.requestRefs('open', 'se')).toEqual(['se:SAME-1', 'se:SAME-2']);
      for (const id of ['SAME-1', 'SAME-2']) {
        const trail = await store.auditTrail({ request: `se:${id}` });
        expect(trail.filter((e) => e.event === 'submitted')).toHaveLength(1);
      }
      expect(await consistencyProblems(store)).toEqual([]);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      for (const c of connections) c.disconnect();
      await raw.close();
      await intake.close();
    }
  });
});

describe('two matcher processes and many run-match triggers at once', () => {
  it('run one at a time and book nobody twice', { timeout: 180_000 }, async () => {
    const prefix = 'runs:{stem}';
    const queuePrefix = '{runs-q}';
    const store = await seeded(prefix);
    for (const r of data.requests) await store.createRequest(r, 'hub:test');
    const settings = { url: server.url, prefix, queuePrefix, workers: ['matcher'] as const, lockMs: 30_000 };
    const matchers = await Promise.all([spawnWorker(settings), spawnWorker(settings)]);
    try {
      const ids = await Promise.all(
        Array.from({ length: 6 }, () => requestRun(redis, queuePrefix, 'system:test', TODAY)),
      );
      const runs = await Promise.all(ids.map((id) => ended(store, id)));
      expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'finished'));
      // Each run holds the lock from before its start to after its finish: no two may overlap.
      const spans = runs
        .map((r) => [Date.parse(r.started_at), Date.parse(r.finished_at!)] as const)
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
      expect((await recentRuns(store, 10)).length).toBe(6);
      expect(await consistencyProblems(store)).toEqual([]);
      // The first run filled what it could; later ones found those taken and offered them to nobody else.
      expect(runs.reduce((n, r) => n + (r.outcome?.filled ?? 0), 0)).toBe(
        (await store.requestRefs('offered')).length,
      );
    } finally {
      await Promise.all(matchers.map((m) => m.stop()));
    }
  });
});

describe('an offer answered and withdrawn at the same moment', () => {
  const prefix = 'answer:{stem}';
  const queuePrefix = '{answer-q}';
  let store: Store;
  let matcher: ReturnType<typeof startMatcher>;
  let intake: ReturnType<typeof startIntakeWorker>;
  let connection: Connection;
  let hub: HubClient;
  let offersQueue: Queue;
  beforeAll(async () => {
    store = await seeded(prefix);
    for (const r of data.requests) await store.createRequest(r, 'hub:test');
    matcher = startMatcher({
      connection: redis,
      prefix,
      queuePrefix,
      log,
      offerDays: 7,
      rematchDelayMs: 600_000,
    });
    intake = startIntakeWorker({ connection: redis, prefix, queuePrefix, log });
    connection = createConnection(server.url, 'producer');
    hub = createHubClient({ hub: data.requests[0]!.hub, connection, prefix, queuePrefix });
    offersQueue = new Queue(QUEUES.offers, { connection: redis, prefix: queuePrefix });
    await ended(store, await requestRun(redis, queuePrefix, 'system:test', TODAY));
  });
  afterAll(async () => {
    await hub.close();
    connection.disconnect();
    await offersQueue.close();
    await matcher.close();
    await intake.close();
  });

  const offered = async () => store.getRequests(await store.requestRefs('offered'));

  it('accepted as the hub cancels: cancelled, with every offer withdrawn and the time released', async () => {
    const targets = (await offered()).filter((s) => s.request.hub === hub.hub).slice(0, 15);
    expect(targets.length).toBeGreaterThan(5);
    await Promise.all(
      targets.flatMap((s) => [
        hub.respondToOffer({
          request_id: s.request.id,
          ambassador_id: s.offers[0]!.ambassador_id,
          response: 'accept',
        }),
        hub.cancelRequest(s.request.id),
      ]),
    );
    await until('every target cancelled', async () => {
      const now = await store.getRequests(targets.map((s) => `${s.request.hub}:${s.request.id}`));
      return now.every((s) => s.status === 'cancelled');
    });
    await until(
      'the offers queue drained',
      async () => (await offersQueue.getJobCounts('wait', 'active')).wait === 0,
    );
    for (const s of await store.getRequests(targets.map((t) => `${t.request.hub}:${t.request.id}`))) {
      expect(s.offers.every((o) => o.status === 'cancelled')).toBe(true);
      for (const o of s.offers)
        expect(
          await redis.zscore(
            store.keys.ambassadorBookings(o.ambassador_id),
            `${s.request.hub}:${s.request.id}`,
          ),
        ).toBeNull();
    }
    expect(await consistencyProblems(store)).toEqual([]);
  });

  it('accepted as it lapses: confirmed, or lapsed (cascaded or reopened), never both, and the trail says which', async () => {
    const targets = (await offered()).filter((s) => s.offers.length === 1).slice(0, 15);
    expect(targets.length).toBeGreaterThan(5);
    await Promise.all(
      targets.flatMap((s, i): Promise<unknown>[] => {
        const o = s.offers[0]!;
        const ref = { hub: s.request.hub, request_id: s.request.id, ambassador_id: o.ambassador_id };
        const both = [
          () => offersQueue.add('respond', { kind: 'respond', ...ref, response: 'accept' }),
          () =>
            offersQueue.add(
              'lapse',
              { kind: 'lapse', ...ref, run_id: o.run_id },
              { jobId: jobIdFor('lapse-now', ref.hub, ref.request_id) },
            ),
        ];
        // Either may reach the workers first. The lapse reads the offer before its script runs, so
        // sent together the acceptance nearly always wins; for the first two targets the lapse goes
        // first (the acceptance is sent once the lapse has been processed), so that the lapse-first
        // order is always among the outcomes too.
        if (i < 2)
          return [
            (async () => {
              const [lapse, accept] = both.reverse();
              const job = await lapse!();
              await until('the lapse processed', async () =>
                ['completed', 'failed', 'unknown'].includes(await job.getState()),
              );
              await accept!();
            })(),
          ];
        return (i % 2 === 0 ? both : both.reverse()).map((add) => add());
      }),
    );
    await until('both answers processed', async () => {
      const c = await offersQueue.getJobCounts('wait', 'active');
      return c.wait === 0 && c.active === 0;
    });
    const outcomes = new Set<string>();
    for (const s of await store.getRequests(targets.map((t) => `${t.request.hub}:${t.request.id}`))) {
      outcomes.add(s.status);
      const events = (await store.auditTrail({ request: `${s.request.hub}:${s.request.id}` })).map(
        (e) => e.event,
      );
      if (s.status === 'confirmed') {
        expect(s.offers.map((o) => o.status)).toEqual(['accepted']);
        expect(events).not.toContain('lapsed');
      } else if (s.status === 'offered') {
        // The lapse won and a substitute was free: the offer cascaded to them at once.
        expect(events.slice(-3)).toEqual(['lapsed', 'cascaded', 'offered']);
        const original = targets.find((t) => t.request.id === s.request.id)!.offers[0]!.ambassador_id;
        expect(s.offers.find((o) => o.ambassador_id === original)!.status).toBe('declined');
        expect(s.offers.filter((o) => o.status === 'offered')).toHaveLength(1);
        expect(events).not.toContain('accepted');
      } else {
        expect(s.status).toBe('open');
        expect(events.slice(-2)).toEqual(['lapsed', 'reopened']);
        expect(events).not.toContain('accepted');
      }
    }
    // Both orders occur: the acceptance first (confirmed), the lapse first (cascaded, or reopened).
    expect(outcomes.has('confirmed')).toBe(true);
    expect(outcomes.has('offered') || outcomes.has('open')).toBe(true);
    expect(await consistencyProblems(store)).toEqual([]);
  });
});
