import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createConnection, QUEUES } from '@stem-match/queue';
import { deleteByPrefix, type RedisClient, Store, startRedisServer } from '@stem-match/store';
import { type PartOutcome, requestRun } from '@stem-match/worker-matcher';
import { Queue } from 'bullmq';
import { generateDataset } from '../generate/index.js';
import { loadIntoStore, runEnded, startServiceProcess } from './bench-store.js';
import { markdownTable, writeSection } from './markdown.js';
import { round } from './numbers.js';

const TODAY = '2026-11-24';

interface ProcessShare {
  process: string;
  parts: number;
  requests: number;
  busy_seconds: number;
}

interface WorkersResult {
  processes: number;
  run_seconds: number;
  plan_seconds: number;
  solve_phase_seconds: number;
  /** The longest single solve job: no number of processes makes the run shorter than plan + this. */
  largest_part_seconds: number;
  /** Requests in the largest part (one solve job). */
  largest_part_requests: number;
  parts: number;
  requests: number;
  filled: number;
  status: string;
  shares: ProcessShare[];
}

/** One run of the national dataset with `n` matcher processes sharing its solve jobs. */
async function runWith(n: number, url: string, redis: RedisClient, load: (s: Store) => Promise<void>) {
  const tag = randomUUID().slice(0, 8);
  const env = {
    REDIS_URL: url,
    STEM_PREFIX: `bench:workers:{${tag}}`,
    STEM_QUEUE_PREFIX: `{bench-wq-${tag}}`,
  };
  const store = new Store(redis, env.STEM_PREFIX);
  await load(store);
  const processes = await Promise.all(Array.from({ length: n }, () => startServiceProcess('matcher', env)));
  const solveQueue = new Queue(QUEUES.solve, { connection: redis, prefix: env.STEM_QUEUE_PREFIX });
  try {
    const began = performance.now();
    const runId = await requestRun(redis, env.STEM_QUEUE_PREFIX, 'system:bench', TODAY);
    const run = await runEnded(store, runId);
    const runSeconds = (performance.now() - began) / 1000;
    const jobs = (await solveQueue.getJobs(['completed'], 0, -1)).filter(
      (j) => (j.data as { run_id?: string }).run_id === runId,
    );
    const byProcess = new Map<string, ProcessShare>();
    // Every process is listed, also one that took no part.
    for (const p of processes)
      byProcess.set(`pid ${p.pid}`, { process: `pid ${p.pid}`, parts: 0, requests: 0, busy_seconds: 0 });
    for (const job of jobs) {
      const pid = String(job.processedBy ?? '')
        .split(':')
        .pop();
      const key = `pid ${pid}`;
      const share = byProcess.get(key) ?? { process: key, parts: 0, requests: 0, busy_seconds: 0 };
      share.parts += 1;
      share.requests += (job.returnvalue as PartOutcome).requests;
      share.busy_seconds += ((job.finishedOn ?? 0) - (job.processedOn ?? 0)) / 1000;
      byProcess.set(key, share);
    }
    const planned = processes.flatMap((p) => p.lines).find((l) => l.msg === 'match run planned');
    const firstSolve = Math.min(...jobs.map((j) => j.processedOn ?? Number.POSITIVE_INFINITY));
    const lastSolve = Math.max(...jobs.map((j) => j.finishedOn ?? 0));
    const result: WorkersResult = {
      processes: n,
      run_seconds: round(runSeconds, 2),
      plan_seconds: round(
        Number(planned?.load_s ?? 0) + Number(planned?.partition_s ?? 0) + Number(planned?.write_s ?? 0),
        2,
      ),
      solve_phase_seconds: round((lastSolve - firstSolve) / 1000, 2),
      largest_part_seconds: round(
        Math.max(...jobs.map((j) => ((j.finishedOn ?? 0) - (j.processedOn ?? 0)) / 1000)),
        2,
      ),
      largest_part_requests: Math.max(...jobs.map((j) => (j.returnvalue as PartOutcome).requests)),
      parts: jobs.length,
      requests: run.inputs.requests,
      filled: run.outcome?.filled ?? 0,
      status: run.status,
      shares: [...byProcess.values()].map((s) => ({ ...s, busy_seconds: round(s.busy_seconds, 2) })),
    };
    console.log(JSON.stringify({ bench: 'workers', ...result }));
    return result;
  } finally {
    await solveQueue.close();
    await Promise.all(processes.map((p) => p.stop()));
    await deleteByPrefix(redis, env.STEM_PREFIX);
    await deleteByPrefix(redis, env.STEM_QUEUE_PREFIX);
  }
}

/**
 * `pnpm bench workers [counts]`: the national nightly run with 1, 2 and 4 matcher processes
 * (`stem-match worker matcher`, as deployed) sharing its solve jobs, on a private redis-server; the
 * speed-up against one process measured in the same bench run, and each process's share.
 */
export async function benchWorkers(docs: string, only?: string): Promise<void> {
  const counts = only ? only.split(',').map(Number) : [1, 2, 4];
  const server = await startRedisServer({ appendfsync: 'everysec' });
  const redis = createConnection(server.url, 'worker');
  const d = generateDataset({ scale: 'national', seed: 1, today: TODAY });
  // Each count runs `repeat` times, the order reversed on every pass (1,2,4 then 4,2,1) so a machine
  // that slows down or speeds up part-way does not favour one count; the fastest run of each counts
  // (other work on a shared machine only ever adds time).
  const repeat = Number(process.env.BENCH_WORKERS_REPEAT ?? 2);
  const all: WorkersResult[] = [];
  try {
    for (let pass = 0; pass < repeat; pass++)
      for (const n of pass % 2 === 0 ? counts : [...counts].reverse())
        all.push(await runWith(n, server.url, redis, (s) => loadIntoStore(s, d)));
  } finally {
    redis.disconnect();
    await server.stop();
  }
  const results = counts.map((n) =>
    all.filter((r) => r.processes === n).reduce((best, r) => (r.run_seconds < best.run_seconds ? r : best)),
  );
  const base = results.find((r) => r.processes === 1) ?? results[0]!;
  const speedup = (r: WorkersResult) => round(base.run_seconds / r.run_seconds, 2);
  const solveSpeedup = (r: WorkersResult) => round(base.solve_phase_seconds / r.solve_phase_seconds, 2);
  const largest = Math.max(...results.map((r) => r.largest_part_requests));
  // Amdahl's bound from the one-process run's own shape: with every part on a process of its own the
  // run still takes planning plus its longest part.
  const bound = round(base.run_seconds / (base.plan_seconds + base.largest_part_seconds), 2);
  // The page on deployment quotes the same run's table.
  await writeSection(
    join(dirname(docs), 'deployment.md'),
    'workers',
    `Many matcher processes on one run (\`pnpm bench workers\`, national data, fastest of ${repeat} runs each):

${markdownTable(
  ['processes', 'run s', 'speed-up', 'plan s', 'solve phase s', 'longest part s'],
  results.map((r) => [
    r.processes,
    r.run_seconds,
    `${speedup(r)}×`,
    r.plan_seconds,
    r.solve_phase_seconds,
    r.largest_part_seconds,
  ]),
)}

The run's shape bounds the speed-up at ${bound}× however many processes or hosts: planning is one
process's work and the largest part (${largest.toLocaleString('en-GB')} of ${base.requests.toLocaleString('en-GB')} requests) is one solve job.`,
  );
  await writeSection(
    docs,
    'workers',
    `## Many matcher processes (\`pnpm bench workers\`)

The national nightly run (\`generate --scale national\`, seed 1: ${base.requests.toLocaleString('en-GB')} open requests) with
1, 2 and 4 \`stem-match worker matcher\` processes on one private redis-server, each run on a fresh copy
of the data; each count was run ${repeat} time(s), in alternating order, and its fastest run is shown
(every run is in the JSON below). One process plans the run (snapshot load, partition, parts written); the run's solve
jobs (${base.parts} parts) go to whichever process is free. Speed-ups are against one process, measured in
this bench run, on this ${availableParallelism()}-core machine.

${markdownTable(
  [
    'processes',
    'run s',
    'speed-up',
    'plan s',
    'solve phase s',
    'longest part s',
    'solve speed-up',
    'filled',
    'status',
  ],
  results.map((r) => [
    r.processes,
    r.run_seconds,
    `${speedup(r)}×`,
    r.plan_seconds,
    r.solve_phase_seconds,
    r.largest_part_seconds,
    `${solveSpeedup(r)}×`,
    r.filled,
    r.status,
  ]),
)}

Share of the work each process took (parts, requests, seconds busy solving and committing):

${markdownTable(
  ['processes', 'process', 'parts', 'requests', 'share of requests', 'busy s'],
  results.flatMap((r) =>
    r.shares.map((s) => [
      r.processes,
      s.process,
      s.parts,
      s.requests,
      `${Math.round((100 * s.requests) / Math.max(1, r.requests))}%`,
      s.busy_seconds,
    ]),
  ),
)}

What bounds the speed-up: a part is solved by one process, so the run can go no faster than
planning plus its largest part (here ${largest.toLocaleString('en-GB')} requests, whose requests share ambassadors and
cannot be split without losing the optimum): from the one-process run's own timings, at most
${bound}× with any number of processes. Planning runs once, in one process. Beyond ${availableParallelism()} processes
this machine has no more cores to give. On more hosts the same holds: each host runs
\`stem-match worker matcher\` against the same Redis, BullMQ hands each free process the next part,
and the run finishes when the largest part does.

\`\`\`json
${all.map((r) => JSON.stringify(r)).join('\n')}
\`\`\``,
  );
}
