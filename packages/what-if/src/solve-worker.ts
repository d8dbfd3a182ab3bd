import { parentPort, workerData } from 'node:worker_threads';
import type { MatchSnapshot } from '@stem-match/matching';
import { type ResolveJob, type SolveSettings, solveJob } from './solver.js';

// A thread of a pool (threads.ts): holds its own copy of the snapshot, re-runs the jobs it is sent.
const { snapshot, settings } = workerData as { snapshot: MatchSnapshot; settings: SolveSettings };
parentPort!.on('message', async ({ id, job }: { id: number; job: ResolveJob }) => {
  try {
    parentPort!.postMessage({ id, assignments: await solveJob(snapshot, settings, job) });
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
