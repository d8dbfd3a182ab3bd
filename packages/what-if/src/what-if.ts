import { StemMatchError } from '@stem-match/domain';
import type { MatchSnapshot } from '@stem-match/matching';
import { type Baseline, type EngineSettings, runBaseline, solveSettings } from './baseline.js';
import { type Batch, type BatchDescription, describeBatch, planBatch } from './batch.js';
import { WhatIfInputError } from './errors.js';
import { evaluateScenarios, type Outcome } from './evaluate.js';
import { Places } from './place.js';
import type { RecruitSpec } from './recruit-text.js';
import { Neighbourhood } from './recruits.js';
import { onThreads } from './threads.js';
import { type RankedPlace, rankPlaces, type TopOptions } from './top.js';

export interface WhatIfQuestion {
  /** Recruits added together (`--add`, each with a place). */
  add: RecruitSpec[];
  /** Rank the best places for a standard batch (`--top`). */
  top?: TopOptions;
  /** The supply report's grid square size (km), for "in E 530 N 110" and the candidate places. */
  cellKm?: number;
}

export interface WhatIfReport {
  today: string;
  seed: number;
  policy_version: string;
  baseline: {
    requests: number;
    filled: number;
    priority_requests: number;
    priority_filled: number;
    parts: number;
    seconds: number;
  };
  added?: { batches: BatchDescription[]; outcome: Outcome; seconds: number };
  top?: { batch: string; candidates: number; ranking: RankedPlace[]; seconds: number };
}

export const DEFAULT_CELL_KM = 10;
/** From this many requests, `--top` shares its re-runs out to worker threads (`settings.threads`). */
export const THREADS_FROM = 2000;

/**
 * Answers "what if we recruited these ambassadors there?" and "where would recruits fill most?" with
 * engine re-runs against a baseline run of the same data and seed. No I/O; with `settings.threads`
 * the re-runs of a ranking may run on worker threads, with the same results.
 */
export async function whatIf(
  snapshot: MatchSnapshot,
  question: WhatIfQuestion,
  settings: EngineSettings = {},
): Promise<WhatIfReport> {
  const places = new Places(snapshot.organisations, question.cellKm ?? DEFAULT_CELL_KM);
  // Place every --add before the long baseline run, so a bad place fails at once.
  const located = question.add.map((spec) => ({ spec, place: locate(places, spec) }));
  const baseline = await runBaseline(snapshot, settings);
  const ctx = { baseline, places, neighbourhood: new Neighbourhood(snapshot.ambassadors, snapshot.today) };
  const report: WhatIfReport = {
    today: snapshot.today,
    seed: baseline.seed,
    policy_version: baseline.result.policy.version,
    baseline: summary(baseline),
  };
  // Re-runs go to worker threads only when there is enough to share out: starting them costs seconds.
  const solver =
    (settings.threads ?? 1) > 1 && question.top && snapshot.requests.length >= THREADS_FROM
      ? onThreads(snapshot, solveSettings(settings), settings.threads)
      : undefined;
  const run = {
    ...(settings.onProgress ? { onProgress: settings.onProgress } : {}),
    ...(solver ? { solver } : {}),
  };
  try {
    if (located.length > 0) {
      const started = performance.now();
      const batches: Batch[] = located.map(({ spec, place }, i) =>
        planBatch(ctx, spec, place, `what-if-${i + 1}`),
      );
      const [evaluation] = await evaluateScenarios(
        baseline,
        [{ key: 'added', recruits: batches.flatMap((b) => b.recruits) }],
        run,
      );
      report.added = {
        batches: batches.map(describeBatch),
        outcome: evaluation!.outcome,
        seconds: secondsSince(started),
      };
    }
    if (question.top) {
      const started = performance.now();
      const { candidates, ranking } = await rankPlaces(ctx, question.top, run);
      report.top = { batch: question.top.batch.text, candidates, ranking, seconds: secondsSince(started) };
    }
  } finally {
    await solver?.close();
  }
  return report;
}

function locate(places: Places, spec: RecruitSpec) {
  if (!spec.place) throw new WhatIfInputError(`--add "${spec.text}" does not say where the recruits are`);
  try {
    return places.locate(spec.place);
  } catch (err) {
    if (err instanceof StemMatchError)
      throw new WhatIfInputError(`--add "${spec.text}": ${err.message}`, { cause: err });
    throw err;
  }
}

function summary(b: Baseline): WhatIfReport['baseline'] {
  return {
    requests: b.result.stats.requests,
    filled: b.result.objective.filled,
    priority_requests: b.result.stats.priority_requests,
    priority_filled: b.result.objective.priority_filled,
    parts: b.parts.length,
    seconds: Math.round(b.seconds * 1000) / 1000,
  };
}

const secondsSince = (t: number): number => Math.round(performance.now() - t) / 1000;
