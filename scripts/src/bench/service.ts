import { Writable } from 'node:stream';
import { ActivityRequest, weeklyPattern } from '@stem-match/domain';
import { createLogger } from '@stem-match/log';
import { createConnection, jobIdFor, QUEUES } from '@stem-match/queue';
import { deleteByPrefix, Store, testRedis } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { requestRun, startMatcher } from '@stem-match/worker-matcher';
import { Queue, Worker } from 'bullmq';
import { generateDataset } from '../generate/index.js';
import { loadIntoStore, runEnded } from './bench-store.js';
import { markdownTable, writeSection } from './markdown.js';
import { round } from './numbers.js';

const JOBS = 20_000;
const silent = createLogger({
  name: 'bench',
  level: 'warn',
  destination: new Writable({ write: (_c, _e, d) => d() }),
});

function requests(n: number): ActivityRequest[] {
  const times = weeklyPattern('Mon-Fri 09:00-15:00');
  return Array.from({ length: n }, (_, i) =>
    ActivityRequest.parse({
      id: `B${i}`,
      organisation_id: '100001',
      hub: 'bench',
      activity_type: 'hands_on_practical',
      subjects: ['physics'],
      key_stage: 'KS3',
      mode: 'in_person',
      needed: 1,
      window_start: '2026-12-07',
      window_end: '2026-12-18',
      times: times,
      duration_min: 60,
      created_at: '2026-11-20T10:00:00+00:00',
    }),
  );
}

/** Jobs per second a worker completes, from the first add to the last completion. */
async function throughput(
  label: string,
  start: (queuePrefix: string) => { close(): Promise<void> },
  data: unknown[],
) {
  const { redis, queuePrefix, cleanup } = testRedis(`bench-${label}`);
  const queue = new Queue(QUEUES.intake, { connection: redis, prefix: queuePrefix });
  const worker = start(queuePrefix);
  const began = performance.now();
  for (let i = 0; i < data.length; i += 1000) {
    await queue.addBulk(
      data
        .slice(i, i + 1000)
        .map((d, j) => ({ name: 'submit', data: d, opts: { jobId: jobIdFor('b', String(i + j)) } })),
    );
  }
  // Every job is added before we wait, so an empty queue means all done. (Completed counts would not
  // do: workers keep only the newest 10,000 completed jobs.)
  for (;;) {
    const c = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    if (Object.values(c).every((n) => n === 0)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - began) / 1000;
  await worker.close();
  await queue.close();
  await cleanup();
  return {
    label,
    jobs: data.length,
    seconds: round(seconds, 2),
    per_second: Math.round(data.length / seconds),
  };
}

/** `pnpm bench service`: BullMQ baseline vs intake, then the national nightly run through Redis. */
export async function benchService(docs: string): Promise<void> {
  const payloads = requests(JOBS).map((request) => ({ kind: 'submit', hub: 'bench', request }));
  const raw = await throughput(
    'bullmq no-op worker',
    (queuePrefix) => {
      const connection = createConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
      const w = new Worker(QUEUES.intake, async () => undefined, {
        connection,
        prefix: queuePrefix,
        concurrency: 8,
      });
      return {
        close: async () => {
          await w.close();
          connection.disconnect();
        },
      };
    },
    payloads,
  );
  console.log(JSON.stringify({ bench: 'service', ...raw }));
  let intakePrefix = '';
  const intake = await throughput(
    'intake (validate + persist)',
    (queuePrefix) => {
      const connection = createConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
      intakePrefix = `bench:intake:{${queuePrefix.slice(-9, -1)}}`;
      const w = startIntakeWorker({
        connection,
        prefix: intakePrefix,
        queuePrefix,
        log: silent,
        concurrency: 8,
      });
      return {
        close: async () => {
          await w.close();
          await deleteByPrefix(connection, intakePrefix);
          connection.disconnect();
        },
      };
    },
    payloads,
  );
  console.log(JSON.stringify({ bench: 'service', ...intake }));
  const ratio = intake.per_second / raw.per_second;

  // The national nightly run end to end: import, submit (straight into the store), then one run —
  // without the offer cascade's substitutes (the baseline) and with them, in the same process.
  const today = '2026-11-24';
  const d = generateDataset({ scale: 'national', seed: 1, today });
  const nationalRun = async (substitutes: number) => {
    const { redis, prefix, queuePrefix, cleanup } = testRedis('bench-national');
    const store = new Store(redis, prefix);
    await loadIntoStore(store, d);
    const matcher = startMatcher({
      connection: redis,
      prefix,
      queuePrefix,
      log: silent,
      offerDays: 7,
      substitutes,
    });
    const began = performance.now();
    const runId = await requestRun(redis, queuePrefix, 'system:bench', today);
    const run = await runEnded(store, runId);
    const seconds = (performance.now() - began) / 1000;
    await matcher.close();
    // Requests that got at least one substitute (each has a P:subs:hub:id key).
    let withSubstitutes = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${prefix.replace(/[{}]/g, (c) => `\\${c}`)}:subs:*`,
        'COUNT',
        20_000,
      );
      for (const key of keys) if ((await redis.get(key)) !== '[]') withSubstitutes++;
      cursor = next;
    } while (cursor !== '0');
    await cleanup();
    return {
      substitutes,
      requests: run.inputs.requests,
      ambassadors: run.inputs.ambassadors,
      components: run.components ?? 0,
      filled: run.outcome?.filled ?? 0,
      with_substitutes: withSubstitutes,
      seconds: round(seconds, 1),
      status: run.status,
    };
  };
  const baseline = await nationalRun(0);
  console.log(JSON.stringify({ bench: 'service', national_run: baseline }));
  const national = await nationalRun(3);
  console.log(JSON.stringify({ bench: 'service', national_run: national }));
  const overhead = national.seconds / baseline.seconds;

  await writeSection(
    docs,
    'service',
    `## Service (\`pnpm bench service\`)

Intake against a BullMQ worker that does nothing, in the same run (${JOBS.toLocaleString('en-GB')} jobs each,
concurrency 8, Redis on this machine). Target: intake ≥ 50% of the baseline.

${markdownTable(
  ['pipeline', 'jobs', 'seconds', 'jobs/s'],
  [raw, intake].map((r) => [r.label, r.jobs, r.seconds, r.per_second]),
)}

**Intake / baseline: ${(ratio * 100).toFixed(0)}%.**

The national nightly run end to end through Redis (\`generate --scale national\`, seed 1): from the
run request to its recorded finish — snapshot load, partition into independent components, bundled
into at most twice-the-CPUs parts (one solve job each), solves, commit scripts of whole components
(about 2,000 requests each; each component exactly once), lapse jobs. Target < 30 s. Run twice in the same process: without the offer
cascade's substitutes (baseline) and with 3 ranked per filled request (\`match({ substitutes })\` against each
part's solution, stored by the commit), the default.

${markdownTable(
  [
    'substitutes',
    'requests',
    'ambassadors',
    'components',
    'filled',
    'with a substitute',
    'seconds',
    'status',
  ],
  [baseline, national].map((n) => [
    n.substitutes,
    n.requests,
    n.ambassadors,
    n.components,
    n.filled,
    n.with_substitutes,
    n.seconds,
    n.status,
  ]),
)}

**With substitutes / baseline: ${overhead.toFixed(2)}× the time.**`,
  );
}
