// One stage of `pnpm bench scaling` in a process of its own, so its peak memory is its own:
//   snapshot — the store read into a snapshot, as a run's planning reads it;
//   plan  — a run's planning: the snapshot load again, the partition, the parts written back;
//   solve — every part solved and committed, as solve jobs do it.
// Reads REDIS_URL, STEM_PREFIX, BENCH_RUN, BENCH_TODAY; prints one JSON line with the stage's
// log records (their timings) and the process's peak RSS.
import { Writable } from 'node:stream';
import { createLogger } from '@stem-match/log';
import { createConnection } from '@stem-match/queue';
import { readSnapshot, Store } from '@stem-match/store';
import { planRun, solvePart } from '@stem-match/worker-matcher';

const records: Array<Record<string, unknown>> = [];
const log = createLogger({
  name: 'bench-scaling',
  level: 'info',
  destination: new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) records.push(JSON.parse(line));
      done();
    },
  }),
});
const env = process.env;
const redis = createConnection(env.REDIS_URL!, 'worker');
const store = new Store(redis, env.STEM_PREFIX!);
const stage = process.argv[2];
const began = performance.now();
let parts: string[] = [];
let counts: Record<string, number> = {};
if (stage === 'snapshot') {
  const snapshot = await readSnapshot(store);
  counts = {
    organisations: snapshot.organisations.length,
    ambassadors: snapshot.ambassadors.length,
    open: snapshot.open.length,
    history: snapshot.history.length,
  };
} else if (stage === 'plan') {
  const planned = await planRun(
    store,
    { run_id: env.BENCH_RUN!, today: env.BENCH_TODAY!, seed: 1, offer_days: 7 },
    log,
  );
  parts = planned.parts.map((p) => p.key);
} else if (stage === 'solve') {
  for (const key of JSON.parse(env.BENCH_PARTS!) as string[]) await solvePart(store, key, log);
} else {
  throw new Error(`unknown stage "${stage}" (snapshot | plan | solve)`);
}
const seconds = (performance.now() - began) / 1000;
redis.disconnect();
console.log(
  JSON.stringify({
    stage,
    seconds,
    parts,
    counts,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    records: records.map(
      ({ msg, load_s, partition_s, write_s, solve_s, commit_s, requests, components }) => ({
        msg,
        load_s,
        partition_s,
        write_s,
        solve_s,
        commit_s,
        requests,
        components,
      }),
    ),
  }),
);
