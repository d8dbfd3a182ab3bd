import type { Ambassador, PolicyInput } from '@stem-match/domain';
import {
  type MatchOptions,
  type MatchSnapshot,
  match,
  type ProposedAssignment,
  subSnapshot,
} from '@stem-match/matching';

/** One re-run: some of the snapshot's requests and ambassadors (indices), with recruits after them. */
export interface ResolveJob {
  requests: number[];
  ambassadors: number[];
  recruits: Ambassador[];
}

/** Runs re-runs; `concurrency` of them may be in flight at once. */
export interface Solver {
  concurrency: number;
  solve(job: ResolveJob): Promise<ProposedAssignment[]>;
  close(): Promise<void>;
}

export interface SolveSettings {
  policy?: PolicyInput;
  options: Pick<MatchOptions, 'seed' | 'timeLimitMs'>;
}

/** A re-run as the engine does it, on the snapshot the job points into. */
export async function solveJob(
  snapshot: MatchSnapshot,
  settings: SolveSettings,
  job: ResolveJob,
): Promise<ProposedAssignment[]> {
  const sub = subSnapshot(snapshot, { requests: job.requests, ambassadors: job.ambassadors });
  const result = await match(
    { ...sub, ambassadors: [...sub.ambassadors, ...job.recruits] },
    settings.policy,
    settings.options,
  );
  return result.assignments;
}

/** Re-runs one at a time in this thread: the default, and pure. */
export function inThisThread(snapshot: MatchSnapshot, settings: SolveSettings): Solver {
  return {
    concurrency: 1,
    solve: (job) => solveJob(snapshot, settings, job),
    close: async () => undefined,
  };
}
