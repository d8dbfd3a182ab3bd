import { Writable } from 'node:stream';
import { DEFAULT_POLICY } from '@stem-match/domain';
import { createLogger } from '@stem-match/log';
import { type MatchSnapshot, match, partition, subSnapshot } from '@stem-match/matching';
import { getRunInputs, putRun, Store, testRedis } from '@stem-match/store';
import { bundleComponents, type RunPart, recordReplay, replayRun } from '@stem-match/worker-matcher';
import { generateDataset } from '../generate/index.js';
import { markdownTable, writeSection } from './markdown.js';
import { round } from './numbers.js';

const silent = createLogger({
  name: 'bench',
  level: 'warn',
  destination: new Writable({ write: (_c, _e, d) => d() }),
});
const PARTS = 4;
const ROUNDS = 3;

/**
 * `pnpm bench replay`: what keeping a national run replayable costs. The national instance is split
 * as the matcher splits it (4 parts, the default on this 2-core machine); each part is solved (the
 * baseline), then recorded as a solve job records it (canonical JSON, sha256, brotli, Redis), and the
 * whole run is replayed (`replayRun`: read, verify, re-solve, compare, runner-ups).
 */
export async function benchReplay(docs: string): Promise<void> {
  const today = '2026-11-24';
  const d = generateDataset({ scale: 'national', seed: 1, today });
  const snapshot: MatchSnapshot = {
    today,
    organisations: d.organisations,
    ambassadors: d.ambassadors,
    requests: d.requests,
    history: d.history,
  };
  const components = partition(snapshot, DEFAULT_POLICY);
  const bundles = bundleComponents(
    components.map((c) => c.requests.length),
    PARTS,
  );
  const { redis, prefix, cleanup } = testRedis('bench-replay');
  const store = new Store(redis, prefix);
  const partsOf = (runId: string): RunPart[] =>
    bundles.map((members, i) => {
      const requests = [...new Set(members.flatMap((c) => components[c]!.requests))].sort((a, b) => a - b);
      const ambassadors = [...new Set(members.flatMap((c) => components[c]!.ambassadors))].sort(
        (a, b) => a - b,
      );
      return {
        run_id: runId,
        part: i,
        components: members,
        seed: 1,
        policy: DEFAULT_POLICY,
        offer_days: 7,
        snapshot: subSnapshot(snapshot, { requests, ambassadors }),
        requests: {},
      };
    });
  // The machine is shared: each measure is taken ROUNDS times, taking turns, and the median kept.
  const samples = {
    solve: [] as number[],
    record: [] as number[],
    replay: [] as number[],
    resolve: [] as number[],
  };
  let last: { runId: string; ok: boolean } | undefined;
  for (let turn = 0; turn < ROUNDS; turn++) {
    const runId = `run-bench-replay-${turn}`;
    await putRun(store, {
      id: runId,
      started_at: new Date().toISOString(),
      solver: 'engine',
      policy_version: DEFAULT_POLICY.version,
      status: 'finished',
      inputs: { organisations: 0, ambassadors: 0, requests: 0, history: 0 },
      failed_components: [],
    });
    let solveS = 0;
    let recordS = 0;
    for (const part of partsOf(runId)) {
      const t0 = performance.now();
      const result = await match(part.snapshot, part.policy, { seed: part.seed });
      const t1 = performance.now();
      await recordReplay(store, part, result, silent);
      const t2 = performance.now();
      solveS += (t1 - t0) / 1000;
      recordS += (t2 - t1) / 1000;
    }
    const t3 = performance.now();
    const report = await replayRun(store, runId);
    samples.replay.push((performance.now() - t3) / 1000);
    samples.resolve.push(report.parts.reduce((t, p) => t + (p.seconds ?? 0), 0));
    samples.solve.push(solveS);
    samples.record.push(recordS);
    last = { runId, ok: report.ok && (last?.ok ?? true) };
    console.log(
      JSON.stringify({
        bench: 'replay',
        turn,
        solveS,
        recordS,
        replay: samples.replay.at(-1),
        ok: report.ok,
      }),
    );
  }
  const parts = await getRunInputs(store, last!.runId);
  await cleanup();
  const solveS = median(samples.solve);
  const recordS = median(samples.record);
  const replayS = median(samples.replay);
  const mb = (n: number) => round(n / 1024 / 1024, 2);
  const json = parts.reduce((s, p) => s + p.record.json_bytes, 0);
  const stored = parts.reduce((s, p) => s + p.record.bytes, 0);
  const figures = {
    requests: d.requests.length,
    ambassadors: d.ambassadors.length,
    parts: parts.length,
    solve_s: round(solveS, 2),
    record_s: round(recordS, 2),
    replay_s: round(replayS, 2),
    resolve_s: round(median(samples.resolve), 2),
    json_mb: mb(json),
    stored_mb: mb(stored),
    identical: last!.ok,
  };
  console.log(JSON.stringify({ bench: 'replay', ...figures }));
  await writeSection(
    docs,
    'replay',
    `## Replayable runs (\`pnpm bench replay\`)

The national instance (\`generate --scale national\`, seed 1) split as the matcher splits it (at most
${PARTS} parts, the default on this 2-core machine; bundling made ${figures.parts}). Baseline: solving every part. Recording: what each solve job adds — the part's inputs and
per-request result as canonical JSON, two sha256 digests, brotli (quality 5), written to Redis.
Replay: \`replayRun\` over the whole run — read, check digests, solve again, compare, runner-ups.
Each is measured ${ROUNDS} times, taking turns (solve and record each part, then replay the run); the
medians (the machine is shared). \`identical\`: every replay reproduced its run bit for bit.

${markdownTable(
  [
    'requests',
    'ambassadors',
    'parts',
    'solve s',
    'record s',
    'replay s',
    'of which re-solving s',
    'JSON MB',
    'stored MB',
    'identical',
  ],
  [
    [
      figures.requests,
      figures.ambassadors,
      figures.parts,
      figures.solve_s,
      figures.record_s,
      figures.replay_s,
      figures.resolve_s,
      figures.json_mb,
      figures.stored_mb,
      figures.identical ? 'yes' : 'NO',
    ],
  ],
)}

**Recording / solving: ${((recordS / solveS) * 100).toFixed(0)}%. Replay / solving: ${(replayS / solveS).toFixed(2)}×.
Stored: ${((stored / json) * 100).toFixed(1)}% of the JSON.** Kept 30 days by default: about
${Math.round(mb(stored) * 30)} MB of Redis for a month of nightly runs, and each re-match run (a national run
too) adds ${mb(stored)} MB. The rest of a replay is reading, checking and comparing the records.`,
  );
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
