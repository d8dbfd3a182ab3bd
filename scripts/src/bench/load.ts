import type { ActivityRequest } from '@stem-match/domain';
import { createConnection, createHubClient, jobIdFor, QUEUES } from '@stem-match/queue';
import { Store, testRedis } from '@stem-match/store';
import { requestRun } from '@stem-match/worker-matcher';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { generateDataset, HUBS } from '../generate/index.js';
import { loadIntoStore, runEnded, startServiceProcess } from './bench-store.js';
import { markdownTable, writeSection } from './markdown.js';
import { round } from './numbers.js';

const CLIENTS = 20;
const TOTAL = 100_000;
const TODAY = '2026-11-24';
const URL_ = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Client c's n-th request of a phase (`tag`): a generated request under a new id, hub c's own. */
const requestFor = (tag: string, c: number, n: number, pool: readonly ActivityRequest[]) => ({
  ...pool[(c * 7919 + n) % pool.length]!,
  id: `${tag}${c}-${n}`,
  hub: HUBS[c % HUBS.length]!.id,
});

interface Measured {
  seconds: number;
  per_second: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

/** `CLIENTS` producers at once, each sending its share one call after another; every call timed. */
async function measure(send: (c: number, n: number) => Promise<void>): Promise<Measured> {
  const latencies = new Float64Array(TOTAL);
  const share = TOTAL / CLIENTS;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let n = 0; n < share; n++) {
        const t = performance.now();
        await send(c, n);
        latencies[c * share + n] = performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort();
  const at = (q: number) => round(latencies[Math.min(TOTAL - 1, Math.floor(q * TOTAL))]!, 2);
  return {
    seconds: round(seconds, 2),
    per_second: Math.round(TOTAL / seconds),
    p50_ms: at(0.5),
    p99_ms: at(0.99),
    max_ms: round(latencies[TOTAL - 1]!, 1),
  };
}

/** How many `submitted` entries the audit trail holds per request: every one must be exactly 1. */
async function submittedCounts(redis: Redis, store: Store): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let from = '-';
  for (;;) {
    const batch = await redis.xrange(store.keys.audit, from, '+', 'COUNT', 10_000);
    for (const [, fields] of batch) {
      const f: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
      if (f.event === 'submitted' && f.request) counts.set(f.request, (counts.get(f.request) ?? 0) + 1);
    }
    if (batch.length < 10_000) return counts;
    from = `(${batch.at(-1)![0]}`;
  }
}

/**
 * `pnpm bench load`: 20 hub clients submit 100,000 requests between them, one call at a time each,
 * while a national match run is going; then checks that every one was stored exactly once. The
 * baseline, in the same run: the same 20 producers adding the same jobs to a BullMQ queue directly
 * (no validation, no idempotency check, no workers, no match run).
 */
export async function benchLoad(docs: string): Promise<void> {
  const { redis, prefix, queuePrefix, cleanup } = testRedis('bench-load');
  const store = new Store(redis, prefix);
  const data = generateDataset({ scale: 'national', seed: 1, today: TODAY });
  try {
    // Baseline: BullMQ alone.
    const baseQueue = new Queue(QUEUES.intake, { connection: redis, prefix: `${queuePrefix}-base` });
    const baseline = await measure(async (c, n) => {
      const request = requestFor('B', c, n, data.requests);
      await baseQueue.add(
        'submit',
        { kind: 'submit', hub: request.hub, request },
        { jobId: jobIdFor('submit', request.hub, request.id) },
      );
    });
    await baseQueue.obliterate({ force: true });
    await baseQueue.close();
    console.log(JSON.stringify({ bench: 'load', baseline }));

    // The service: a national store, intake and matcher in their own processes, a run under way.
    await loadIntoStore(store, data);
    const env = { REDIS_URL: URL_, STEM_PREFIX: prefix, STEM_QUEUE_PREFIX: queuePrefix };
    const workers = [await startServiceProcess('intake', env), await startServiceProcess('matcher', env)];
    try {
      const clients = Array.from({ length: CLIENTS }, (_, c) => {
        const connection = createConnection(URL_, 'producer');
        return {
          connection,
          client: createHubClient({ hub: HUBS[c % HUBS.length]!.id, connection, prefix, queuePrefix }),
        };
      });
      let refused = 0;
      const submit = (tag: string) => async (c: number, n: number) => {
        const result = await clients[c]!.client.submitRequest(requestFor(tag, c, n, data.requests));
        if (result.outcome !== 'accepted') refused++;
      };
      const drained = async () => {
        const intakeQueue = new Queue(QUEUES.intake, { connection: redis, prefix: queuePrefix });
        for (;;) {
          const counts = await intakeQueue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
          if (Object.values(counts).every((x) => x === 0)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await intakeQueue.close();
      };
      // Submissions start with the run: its snapshot, its solves and its commits all overlap them.
      const runId = await requestRun(redis, queuePrefix, 'system:bench', TODAY);
      const submitted = performance.now();
      const hubClients = await measure(submit('L'));
      const submittedFor = (performance.now() - submitted) / 1000;
      const run = await runEnded(store, runId);
      await drained();
      console.log(JSON.stringify({ bench: 'load', hub_clients: hubClients }));
      // The same again once the run is over, only intake at work: the run's cost, told from the service's.
      const idle = await measure(submit('I'));
      await drained();
      console.log(JSON.stringify({ bench: 'load', hub_clients_no_run: idle }));
      for (const { client, connection } of clients) {
        await client.close();
        connection.disconnect();
      }
      const runOverlap = Math.min(
        1,
        (Date.parse(run.finished_at!) - Date.parse(run.started_at)) / 1000 / submittedFor,
      );
      const counts = await submittedCounts(redis, store);
      const expected = ['I', 'L'].flatMap((tag) =>
        Array.from({ length: TOTAL }, (_, i) => {
          const c = Math.floor(i / (TOTAL / CLIENTS));
          const r = requestFor(tag, c, i % (TOTAL / CLIENTS), data.requests);
          return `${r.hub}:${r.id}`;
        }),
      );
      const missing = expected.filter((ref) => !counts.has(ref)).length;
      const twice = expected.filter((ref) => (counts.get(ref) ?? 0) > 1).length;
      const stored = await redis.scard(store.keys.requests);
      const check = {
        acknowledged: 2 * TOTAL - refused,
        refused,
        stored: stored - data.requests.length,
        missing,
        submitted_twice: twice,
        run_status: run.status,
        run_seconds: round((Date.parse(run.finished_at!) - Date.parse(run.started_at)) / 1000, 1),
        run_share_of_submission: round(runOverlap, 2),
      };
      console.log(JSON.stringify({ bench: 'load', check }));
      if (missing > 0 || twice > 0 || refused > 0 || check.stored !== 2 * TOTAL)
        throw new Error(`not every request stored exactly once: ${JSON.stringify(check)}`);

      await writeSection(
        docs,
        'load',
        `## Load (\`pnpm bench load\`)

${CLIENTS} hub clients at once submit ${TOTAL.toLocaleString('en-GB')} requests between them, each one
\`submitRequest\` after another (validate, look up, queue; acknowledged once Redis holds the job), while
a national match run is going (\`generate --scale national\`, seed 1: ${data.requests.length.toLocaleString('en-GB')} open requests,
${data.ambassadors.length.toLocaleString('en-GB')} ambassadors), with intake and the matcher as \`stem-match worker\` processes. In the
same run: the baseline, the same ${CLIENTS} producers adding the same jobs straight to a BullMQ queue
(no validation, no look-up, no workers, no run); and the hub clients again after the run, with only
intake at work. Latency is each call's, from call to acknowledgement. One 2-core machine, shared with
other work, holds Redis, the clients and both workers.

${markdownTable(
  ['producers', 'requests', 'seconds', 'acknowledged/s', 'p50 ms', 'p99 ms', 'max ms'],
  (
    [
      ['BullMQ `Queue.add` (baseline)', baseline],
      ['hub clients, match run going', hubClients],
      ['hub clients, no match run', idle],
    ] as const
  ).map(([label, m]) => [label, TOTAL, m.seconds, m.per_second, m.p50_ms, m.p99_ms, m.max_ms]),
)}

**During the run: ${hubClients.per_second.toLocaleString('en-GB')} requests acknowledged a second, p99 ${hubClients.p99_ms} ms — ${pct(hubClients.per_second, baseline.per_second)} of the
baseline's throughput; without a run ${pct(idle.per_second, baseline.per_second)}.** The run took ${check.run_seconds} s, sharing the two cores with
intake, the clients and Redis, and was going for ${pct(check.run_share_of_submission, 1)} of the submission window.

Exactly once, checked from the audit trail after intake drained, over both hub-client phases:
${check.acknowledged.toLocaleString('en-GB')} acknowledged as accepted, ${check.stored.toLocaleString('en-GB')} stored, ${missing} missing, ${twice} with more than one
\`submitted\` entry.`,
      );
    } finally {
      for (const w of workers) await w.stop();
    }
  } finally {
    await cleanup();
  }
}

const pct = (part: number, whole: number): string => `${Math.round((part / whole) * 100)}%`;
