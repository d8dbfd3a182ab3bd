import type { ActivityRequest, Offer } from '@stem-match/domain';
import { match } from '@stem-match/matching';
import { jobIdFor, QUEUES } from '@stem-match/queue';
import { generateDataset, Random } from '@stem-match/scripts';
import { getRun, getRunPart, type RedisServer, Store, startRedisServer } from '@stem-match/store';
import { type RunPart, requestRun } from '@stem-match/worker-matcher';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from './support/invariants.js';
import { type SeenCommand, sourceOf, watchCommands } from './support/monitor.js';
import { until } from './support/wait.js';
import { spawnWorker, type WorkerProcess } from './support/worker-process.js';

// The matcher runs in its own process and is SIGKILLed at seeded points of its runs: on the n-th
// command it sends, or as it sends a part's commit script (the reply never read). Each kill is
// followed by a fresh process that takes over the stalled jobs. STEM_FAULT_SEED and
// STEM_FAULT_KILLS reproduce or widen a run.
const SEED = Number(process.env.STEM_FAULT_SEED ?? 20261124);
const KILLS = Number(process.env.STEM_FAULT_KILLS ?? 12);
/** Runs the requests are spread over; runs go on (re-solving what is still open) until every kill has landed. */
const RUNS = 4;
const MAX_RUNS = 12;
const TODAY = '2026-11-24';
const prefix = 'crash:{stem}';
const queuePrefix = '{crash-q}';

let server: RedisServer;
let redis: Redis;
let store: Store;
const kills: string[] = [];
const runIds: string[] = [];
const requests: ActivityRequest[] = [];

/** Where a kill lands: the n-th command, a part's commit script, or the run's flow being added. */
const KINDS = {
  command: () => true,
  commit: (c: SeenCommand) => /^eval/i.test(c.args[0] ?? '') && c.args.some((a) => a.endsWith(':committed')),
  flow: (c: SeenCommand) => c.args.some((a) => a.includes('finish|run-')),
} as const;
const CYCLE = ['command', 'commit', 'flow'] as const;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  store = new Store(redis, prefix);
  const data = generateDataset({ scale: 'small', seed: 3, today: TODAY });
  await store.putOrganisations(data.organisations);
  await store.putAmbassadors(data.ambassadors);
  await store.putHistory(data.history);
  requests.push(...data.requests);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

/**
 * Drives one run to its end, killing worker processes at seeded points on the way (at most
 * `budget` kills), and returns how many kills landed.
 */
async function runWithKills(runId: string, budget: number, random: Random): Promise<number> {
  const watch = await watchCommands(server.url);
  watch.ignore(await sourceOf(redis));
  const finished = async () => {
    const run = await getRun(store, runId);
    return run !== undefined && run.status !== 'running';
  };
  let used = 0;
  try {
    while (used < budget && !(await finished().catch(() => false))) {
      const worker = await spawnWorker({
        url: server.url,
        prefix,
        queuePrefix,
        workers: ['matcher'],
      });
      const kind = CYCLE[kills.length % CYCLE.length]!;
      const n = kind === 'command' ? random.int(1, 250) : kind === 'commit' ? random.int(1, 2) : 1;
      const target = watch.nth(KINDS[kind], n);
      const outcome = await Promise.race([
        target.reached.then(() => 'kill' as const),
        until(`run ${runId} to finish`, finished, 60_000).then(() => 'finished' as const),
      ]);
      target.cancel();
      await worker.kill();
      if (outcome === 'kill') {
        used++;
        kills.push(`${runId}: on ${kind} #${n}`);
      }
    }
  } finally {
    watch.close();
  }
  if (!(await finished())) {
    // The last process is left alone to finish what the killed ones started.
    const worker: WorkerProcess = await spawnWorker({
      url: server.url,
      prefix,
      queuePrefix,
      workers: ['matcher'],
    });
    try {
      await until(`run ${runId} to finish after ${used} kills`, finished, 60_000);
    } finally {
      await worker.stop();
    }
  }
  return used;
}

/** The offers one solve of a part gives each request, as `ambassador@start/end…` strings. */
async function expectedOffers(part: RunPart): Promise<Map<string, string[]>> {
  const result = await match(part.snapshot, part.policy, { seed: part.seed });
  const out = new Map<string, string[]>();
  for (const a of result.assignments) {
    const list = out.get(a.request_id) ?? [];
    list.push(`${a.ambassador_id}@${Date.parse(a.start)}/${Date.parse(a.end)}`);
    out.set(a.request_id, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

const describeOffers = (offers: readonly Offer[]): string[] =>
  offers
    .flatMap((o) => o.sessions.map((s) => `${o.ambassador_id}@${Date.parse(s.start)}/${Date.parse(s.end)}`))
    .sort();

describe(`matcher SIGKILLed mid-run (seed ${SEED}, ${KILLS} kills over ${RUNS} runs)`, () => {
  it('loses no request, books nobody twice, and commits each part exactly once', {
    timeout: 300_000,
  }, async () => {
    const random = new Random(SEED);
    const batch = Math.ceil(requests.length / RUNS);
    let left = KILLS;
    for (let r = 0; r < MAX_RUNS && (r < RUNS || left > 0); r++) {
      for (const request of requests.slice(r * batch, (r + 1) * batch))
        await store.createRequest(request, 'hub:test');
      const runId = await requestRun(redis, queuePrefix, 'system:test', TODAY);
      runIds.push(runId);
      left -= await runWithKills(runId, Math.ceil(left / Math.max(1, RUNS - r)), random);
    }
    console.log(`seed ${SEED}: ${kills.length} kills\n  ${kills.join('\n  ')}`);
    expect(kills.length).toBe(KILLS);
    for (const kind of CYCLE) expect(kills.some((k) => k.includes(`on ${kind}`))).toBe(true);

    for (const runId of runIds)
      expect(await getRun(store, runId)).toMatchObject({ status: 'finished', failed_components: [] });

    // Nothing lost, nothing half-written, nobody double-booked.
    expect(await consistencyProblems(store)).toEqual([]);
    expect(await redis.scard(store.keys.requests)).toBe(requests.length);

    // Every request holds exactly what one complete solve of its part gave it: a solve is pure, so
    // solving the stored part again must reproduce the committed offers, request by request.
    const stored = new Map(
      (await store.getRequests(requests.map((q) => `${q.hub}:${q.id}`))).map((s) => [
        `${s.request.hub}:${s.request.id}`,
        s,
      ]),
    );
    let compared = 0;
    for (const runId of runIds) {
      for (let n = 0; ; n++) {
        const part = await getRunPart<RunPart>(store, store.keys.runPart(runId, n));
        if (!part) break;
        const expected = await expectedOffers(part);
        for (const ref of Object.keys(part.requests)) {
          const s = stored.get(ref)!;
          const fromRun = s.offers.filter((o) => o.run_id === runId);
          expect(describeOffers(fromRun), `${ref} in ${runId}`).toEqual(expected.get(ref) ?? []);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(requests.length);
    // And one that none could fill says why, as the last run that tried explained it.
    for (const s of stored.values())
      if (s.status === 'open' || s.status === 'unfilled') expect(runIds).toContain(s.explanation?.run_id);

    // Every live offer can still lapse: its lapse job exists, even when the process died between
    // committing and scheduling.
    const offersQueue = new Queue(QUEUES.offers, { connection: redis, prefix: queuePrefix });
    try {
      for (const s of stored.values()) {
        for (const o of s.offers.filter((x) => x.status === 'offered')) {
          const job = await offersQueue.getJob(
            jobIdFor('lapse', o.hub, o.request_id, o.ambassador_id, o.run_id),
          );
          expect(job, `lapse job for ${o.hub}:${o.request_id} / ${o.ambassador_id}`).toBeDefined();
        }
      }
    } finally {
      await offersQueue.close();
    }
  });
});
