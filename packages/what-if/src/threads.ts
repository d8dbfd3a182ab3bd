import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MatchSnapshot, ProposedAssignment } from '@stem-match/matching';
import type { ResolveJob, Solver, SolveSettings } from './solver.js';

type Reply = { id: number; assignments?: ProposedAssignment[]; error?: string };

/**
 * Re-runs on worker threads, one job per thread at a time: independent re-runs in parallel, each
 * exactly as in this thread. Each thread gets its own copy of the snapshot once, and runs the
 * TypeScript sources through tsx, as the CLI does (solve-worker.mjs).
 */
export function onThreads(
  snapshot: MatchSnapshot,
  settings: SolveSettings,
  threads = Math.min(availableParallelism(), 4),
): Solver {
  const workers = Array.from(
    { length: Math.max(1, threads) },
    () =>
      new Worker(new URL('./solve-worker.mjs', import.meta.url), {
        workerData: { snapshot, settings },
        execArgv: [],
      }),
  );
  const idle = [...workers];
  const waiting: Array<(w: Worker) => void> = [];
  const pending = new Map<
    number,
    { resolve: (a: ProposedAssignment[]) => void; reject: (e: Error) => void }
  >();
  let next = 0;
  const release = (w: Worker) => {
    const take = waiting.shift();
    if (take) take(w);
    else idle.push(w);
  };
  for (const w of workers) {
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      release(w);
      if (reply.error !== undefined)
        p?.reject(new Error(`a re-run failed in a worker thread: ${reply.error}`));
      else p?.resolve(reply.assignments ?? []);
    });
    w.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  const acquire = () =>
    new Promise<Worker>((resolve) => {
      const w = idle.pop();
      if (w) resolve(w);
      else waiting.push(resolve);
    });
  return {
    concurrency: workers.length,
    async solve(job: ResolveJob) {
      const w = await acquire();
      const id = next++;
      return new Promise<ProposedAssignment[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, job });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
