import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from '@stem-match/queue';
import { Store, startRedisServer } from '@stem-match/store';
import { generateDataset } from '../generate/index.js';
import { loadIntoStore } from './bench-store.js';
import { powerLawExponent } from './fit.js';
import { markdownTable, writeSection } from './markdown.js';
import { round } from './numbers.js';

const TODAY = '2026-11-24';
const STAGE = fileURLToPath(new URL('./scaling-stage.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** A stage that takes longer than this is stopped and reported as not finished. */
const STAGE_LIMIT_MS = Number(process.env.BENCH_SCALING_STAGE_LIMIT_S ?? 3600) * 1000;

interface StageOutput {
  stage: string;
  seconds: number;
  parts: string[];
  peak_rss_mb: number;
  records: Array<{
    msg: string;
    load_s?: number;
    partition_s?: number;
    write_s?: number;
    solve_s?: number;
    commit_s?: number;
  }>;
}

interface ScaleRow {
  factor: number;
  ambassadors: number;
  requests: number;
  store_load_s: number;
  /** Each stage's figures, once that stage has finished (a stage stopped at the limit leaves them out). */
  snapshot_load_s?: number;
  snapshot_peak_mb?: number;
  partition_s?: number;
  parts_write_s?: number;
  plan_peak_mb?: number;
  solve_s?: number;
  commit_s?: number;
  solve_peak_mb?: number;
  redis_used_mb?: number;
  redis_peak_mb?: number;
  parts?: number;
  /** Why the scale stopped short, if it did. */
  stopped?: string;
}

/** What a stopped bench must not leave behind: the running stage's process and the private Redis. */
const live: { child?: ReturnType<typeof spawn>; server?: Awaited<ReturnType<typeof startRedisServer>> } = {};
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => {
    live.child?.kill('SIGKILL');
    void (live.server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });

function runStage(stage: 'snapshot' | 'plan' | 'solve', env: Record<string, string>): Promise<StageOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', STAGE, stage], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    live.child = child;
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), STAGE_LIMIT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as StageOutput);
      else
        reject(
          new Error(
            signal === 'SIGKILL'
              ? `stage ${stage} did not finish within ${STAGE_LIMIT_MS / 1000} s`
              : `stage ${stage} failed (exit ${code}): ${err}`,
          ),
        );
    });
  });
}

const sum = (records: StageOutput['records'], field: 'solve_s' | 'commit_s') =>
  records.reduce((s, r) => s + (r[field] ?? 0), 0);

/** One scale end to end on its own private redis-server: load, plan (snapshot load), solve and commit. */
async function measure(factor: number): Promise<ScaleRow> {
  const server = await startRedisServer({ appendfsync: 'everysec' });
  live.server = server;
  const redis = createConnection(server.url, 'worker');
  try {
    const prefix = `bench:scaling:{${randomUUID().slice(0, 8)}}`;
    const store = new Store(redis, prefix);
    let d: ReturnType<typeof generateDataset> | undefined = generateDataset({
      scale: 'national',
      seed: 1,
      today: TODAY,
      factor,
    });
    const counts = { ambassadors: d.ambassadors.length, requests: d.requests.length };
    const loading = performance.now();
    await loadIntoStore(store, d);
    const storeLoad = (performance.now() - loading) / 1000;
    d = undefined;
    console.error(
      `×${factor}: ${counts.requests} requests, ${counts.ambassadors} ambassadors stored in ${storeLoad.toFixed(1)} s`,
    );
    const env = {
      REDIS_URL: server.url,
      STEM_PREFIX: prefix,
      BENCH_RUN: `bench-x${factor}`,
      BENCH_TODAY: TODAY,
    };
    const row: ScaleRow = { factor, ...counts, store_load_s: round(storeLoad) };
    try {
      const snapshot = await runStage('snapshot', env);
      row.snapshot_load_s = round(snapshot.seconds);
      row.snapshot_peak_mb = snapshot.peak_rss_mb;
      const plan = await runStage('plan', env);
      const planned = plan.records.find((r) => r.msg === 'match run planned');
      row.partition_s = round(planned?.partition_s ?? 0);
      row.parts_write_s = round(planned?.write_s ?? 0);
      row.plan_peak_mb = plan.peak_rss_mb;
      row.parts = plan.parts.length;
      console.error(`×${factor}: planned ${plan.parts.length} parts in ${plan.seconds.toFixed(1)} s`);
      const solve = await runStage('solve', { ...env, BENCH_PARTS: JSON.stringify(plan.parts) });
      row.solve_s = round(sum(solve.records, 'solve_s'));
      row.commit_s = round(sum(solve.records, 'commit_s'));
      row.solve_peak_mb = solve.peak_rss_mb;
      const memory = await redis.info('memory');
      const mb = (field: string) =>
        Math.round(Number(new RegExp(`${field}:(\\d+)`).exec(memory)?.[1] ?? 0) / 2 ** 20);
      row.redis_used_mb = mb('used_memory');
      row.redis_peak_mb = mb('used_memory_peak');
    } catch (err) {
      row.stopped = err instanceof Error ? err.message : String(err);
      console.error(`×${factor}: ${row.stopped}`);
    }
    console.log(JSON.stringify({ bench: 'scaling', ...row }));
    return row;
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

/** An exponent above this is reported as faster than linear (measurement noise stays below it). */
const SUPERLINEAR = 1.25;

/** The stages whose growth is fitted, and how each is read off a row. */
const STAGES: Array<[string, (r: ScaleRow) => number | undefined]> = [
  ['store load (import + submit)', (r) => r.store_load_s],
  ['snapshot load', (r) => r.snapshot_load_s],
  ['partition', (r) => r.partition_s],
  ['solve', (r) => r.solve_s],
  ['commit', (r) => r.commit_s],
  ['peak memory, snapshot load', (r) => r.snapshot_peak_mb],
  ['peak memory, planning process', (r) => r.plan_peak_mb],
  ['peak memory, solving process', (r) => r.solve_peak_mb],
  ['Redis memory used', (r) => r.redis_used_mb],
];

/**
 * `pnpm bench scaling [factors]`: the national dataset ×1, ×3 and ×10 end to end on a private
 * redis-server each — store load, snapshot load (with partition), solve, commit — time and peak
 * memory per stage, and the log-log exponent of each stage's growth.
 */
export async function benchScaling(docs: string, only?: string): Promise<void> {
  const factors = only ? only.split(',').map(Number) : [1, 3, 10];
  const rows: ScaleRow[] = [];
  const failures: string[] = [];
  // The section is rewritten after every scale, saying which is under way, so a bench stopped part-way
  // (×10 can take long on this machine) still leaves true figures for the scales it finished.
  for (const [i, factor] of factors.entries()) {
    await writeScaling(
      docs,
      factors,
      rows,
      failures,
      factors.slice(i).map((f) => `×${f}`),
    );
    try {
      rows.push(await measure(factor));
    } catch (err) {
      failures.push(`×${factor}: ${err instanceof Error ? err.message : String(err)}`);
      console.error(failures.at(-1));
    }
  }
  await writeScaling(docs, factors, rows, failures, []);
}

async function writeScaling(
  docs: string,
  factors: readonly number[],
  rows: readonly ScaleRow[],
  failures: readonly string[],
  pending: readonly string[],
): Promise<void> {
  const fits =
    rows.length >= 2
      ? STAGES.flatMap(([name, read]) => {
          const points = rows.flatMap((r) => {
            const y = read(r);
            return y === undefined ? [] : [{ x: r.requests, y: Math.max(y, 0.001) }];
          });
          if (new Set(points.map((p) => p.x)).size < 2) return [];
          const { exponent, r2 } = powerLawExponent(points);
          if (pending.length === 0)
            console.log(`${name}: time/memory ∝ n^${exponent.toFixed(2)} (r² ${r2.toFixed(3)})`);
          return [{ name, exponent: round(exponent, 2), r2: round(r2, 3), scales: points.length }];
        })
      : [];
  await writeSection(
    join(dirname(docs), 'deployment.md'),
    'scaling',
    `The national data ×1, ×3, ×10 (\`pnpm bench scaling\`; seconds, peak MB of the process, Redis MB):

${scaleTable(rows, DEPLOYMENT_COLUMNS)}
${stoppedNote(rows)}
${failures.length > 0 ? `\nNot measured: ${failures.join('; ')}.\n` : ''}${pending.length > 0 ? `\nStill being measured: ${pending.join(', ')}.\n` : ''}
${fits.length > 0 ? `Growth exponents (cost ∝ requests^k): ${fits.map((f) => `${f.name} ${f.exponent}`).join('; ')}.` : ''}`,
  );
  await writeSection(
    docs,
    'scaling',
    `## Scaling curve (\`pnpm bench scaling\`)

The national dataset (\`generate --scale national\`, seed 1) ×${factors.join(', ×')} end to end, each on a private
redis-server: the store loaded (organisations, ambassadors, history imported; requests through the
submit script), then the nightly run's stages, each in a process of its own so its peak memory is its
own: **snapshot load** (the store read into a snapshot, as a run reads it), **planning** (the
snapshot read again, the partition into independent components, the parts written back), and
**solve** and **commit** (every part solved and committed as the solve jobs do, commits in bounded
scripts). Peak memory is the process's maximum resident set; Redis's is its \`used_memory\` after the
run. A stage is stopped after ${STAGE_LIMIT_MS / 1000} s (\`BENCH_SCALING_STAGE_LIMIT_S\`). The machine has 2 cores
shared with other work, so single figures of a few seconds are noisy.

${scaleTable(rows)}
${stoppedNote(rows)}
${failures.length > 0 ? `\nNot measured: ${failures.join('; ')}.\n` : ''}${pending.length > 0 ? `\nStill being measured when this was written: ${pending.join(', ')} (a bench stopped here measured only the scales above).\n` : ''}
Growth against the number of requests (least-squares slope of log cost on log size; 1 is linear;
with only two scales the line passes through both and r² is 1 by construction):

${markdownTable(
  ['stage', 'exponent', 'r²', 'scales'],
  fits.map((f) => [f.name, f.exponent, f.r2, f.scales]),
)}

Growing faster than linear here (exponent above ${SUPERLINEAR}): ${
      fits
        .filter((f) => f.exponent > SUPERLINEAR)
        .map((f) => `${f.name} (${f.exponent})`)
        .join(', ') || 'none'
    }.

What each stage is, and where its limit lies:
- **store load** and **snapshot load** write and read the store in batches (pipelines of 1,000,
  history in chunks, requests by a Lua script per 2,000 on reading): each batch costs the same
  whatever the size, so their work is linear in what is stored; the process holding the whole
  dataset (several GB at ×10) also pays for garbage collection over it, which grows faster.
- **partition** is the engine's candidate search over the whole snapshot (\`partition\` →
  \`buildModel\` in \`packages/matching\`), run once to find the independent components; it costs what
  the engine's candidate stage costs, and the solve repeats that search per part. Its growth is
  faster than linear on this data for a reason of the data's shape: \`generate --factor N\` puts N
  times the ambassadors in the same places, so every request has N times as many ambassadors in
  reach, and two things look at all of them — the scope of a part (every ambassador in reach, for
  the funnel counts of the explanations) and the candidate search of a request with fewer than 20
  qualifying ambassadors (about half of them, which must check everyone in reach). Per request that
  is ∝ N, in all ∝ N². Growth that adds places as well as people (new hubs, new towns) keeps the
  density and grows linearly. The fix, left for later: count the funnels once while planning and
  give parts only each request's candidates, and index ambassadors by weekday availability as well
  as subject, so a request rarely meets anyone who cannot take it.
- **solve** is the engine on each part. Its cost is set by the largest component: the national data
  has one component holding most requests (joined by online requests, which any online ambassador
  can take, and by ambassadors who travel far), and it grows with the data, so a solve more than
  linear in a component's size is more than linear in the data. More processes do not help here:
  one part is solved by one process (see "Many matcher processes").
- **commit** writes each part in scripts of whole components of at most about 2,000 requests, so its
  cost is linear; a component larger than that is one script (it must commit all or nothing), which
  is the largest single hold on Redis.

\`\`\`json
${rows.map((r) => JSON.stringify(r)).join('\n')}
\`\`\``,
  );
}

/** A table cell: a stage that did not finish shows a dash. */
/** The table's columns: heading, and the figure of a scale (a dash where it has none). */
const COLUMNS: Array<[string, (r: ScaleRow) => string | number | undefined]> = [
  ['scale', (r) => `×${r.factor}`],
  ['ambassadors', (r) => r.ambassadors],
  ['requests', (r) => r.requests],
  ['store load s', (r) => r.store_load_s],
  ['snapshot load s', (r) => r.snapshot_load_s],
  ['snapshot peak MB', (r) => r.snapshot_peak_mb],
  ['partition s', (r) => r.partition_s],
  ['parts write s', (r) => r.parts_write_s],
  ['plan peak MB', (r) => r.plan_peak_mb],
  ['solve s', (r) => r.solve_s],
  ['commit s', (r) => r.commit_s],
  ['solve peak MB', (r) => r.solve_peak_mb],
  ['Redis MB', (r) => r.redis_used_mb],
];
/** What docs/deployment.md shows of them: the run's stages, not the bench's loading. */
const DEPLOYMENT_COLUMNS = COLUMNS.map(([heading]) => heading).filter(
  (h) => !['ambassadors', 'store load s', 'parts write s'].includes(h),
);

function scaleTable(rows: readonly ScaleRow[], headings = COLUMNS.map(([h]) => h)): string {
  const columns = COLUMNS.filter(([h]) => headings.includes(h));
  return markdownTable(
    columns.map(([h]) => h),
    rows.map((r) => columns.map(([, figure]) => figure(r) ?? '—')),
  );
}

const stoppedNote = (rows: readonly ScaleRow[]): string =>
  rows
    .filter((r) => r.stopped)
    .map((r) => `\n×${r.factor} stopped short (a dash marks what it did not reach): ${r.stopped}.\n`)
    .join('');
