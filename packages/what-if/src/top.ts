import type { GridCell } from '@stem-match/geo';
import type { Progress } from './baseline.js';
import { type Batch, type BatchContext, type BatchDescription, describeBatch, planBatch } from './batch.js';
import { evaluateScenarios, type Outcome } from './evaluate.js';
import type { RecruitSpec } from './recruit-text.js';
import type { Solver } from './solver.js';

export interface TopOptions {
  /** How many places to rank. */
  n: number;
  /** The standard batch placed at each candidate (no place of its own). */
  batch: RecruitSpec;
  /** How many candidate places to evaluate (default `defaultCandidates(n)`). */
  candidates?: number;
}

export interface RankedPlace {
  rank: number;
  cell: string;
  /** Unfilled requests there that could be met in person, and of those from Priority Schools. */
  unmet: number;
  unmet_priority: number;
  batch: BatchDescription;
  outcome: Outcome;
}

/** Enough candidates that a place outside the top few by unmet demand can still make the ranking. */
export const defaultCandidates = (n: number): number => Math.max(2 * n, 10);

/**
 * The best places to recruit: the grid squares with the most unfilled requests that could be met in
 * person (Priority School requests first), each evaluated by an engine re-run with the standard batch
 * based there, ranked by Priority School requests gained, then requests gained, then unmet demand.
 */
export async function rankPlaces(
  ctx: BatchContext,
  options: TopOptions,
  run: { onProgress?: Progress; solver?: Solver } = {},
): Promise<{
  candidates: number;
  ranking: RankedPlace[];
  /** Every candidate, ranked, with its recruits (for checking a ranking against full re-runs). */
  evaluated: Array<RankedPlace & { recruits: Batch['recruits'] }>;
}> {
  const { baseline, places } = ctx;
  const unmet = new Map<string, { cell: GridCell; requests: number; priority: number }>();
  for (const u of baseline.result.unfilled) {
    const r = baseline.requestOf.get(u.request_id)!;
    if (r.mode === 'online') continue;
    const org = baseline.organisationOf.get(r.organisation_id)!;
    const cell = places.cellOfOrganisation(org);
    const entry = unmet.get(cell.key) ?? { cell, requests: 0, priority: 0 };
    entry.requests++;
    if (org.priority) entry.priority++;
    unmet.set(cell.key, entry);
  }
  const candidates = [...unmet.values()]
    .sort(
      (a, b) => b.priority - a.priority || b.requests - a.requests || a.cell.key.localeCompare(b.cell.key),
    )
    .slice(0, options.candidates ?? defaultCandidates(options.n));
  const batches = candidates.map((c) =>
    planBatch(ctx, options.batch, places.cellPlace(c.cell), `what-if-top-${c.cell.key}`),
  );
  const evaluations = await evaluateScenarios(
    baseline,
    batches.map((b) => ({ key: b.key, recruits: b.recruits })),
    { ...run, stage: 'ranking places' },
  );
  const evaluated = candidates
    .map((c, i) => ({ c, batch: batches[i]!, outcome: evaluations[i]!.outcome, order: i }))
    .sort(
      (a, b) =>
        b.outcome.priority_more - a.outcome.priority_more ||
        b.outcome.requests_more - a.outcome.requests_more ||
        a.order - b.order,
    )
    .map(({ c, batch, outcome }, i): RankedPlace & { recruits: Batch['recruits'] } => ({
      rank: i + 1,
      cell: c.cell.key,
      unmet: c.requests,
      unmet_priority: c.priority,
      batch: describeBatch(batch),
      outcome,
      recruits: batch.recruits,
    }));
  const ranking = evaluated.slice(0, options.n).map(({ recruits: _, ...place }) => place);
  return { candidates: candidates.length, ranking, evaluated };
}
