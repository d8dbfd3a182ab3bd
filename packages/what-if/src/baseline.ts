import type { ActivityRequest, Organisation, PolicyInput } from '@stem-match/domain';
import { PointIndex } from '@stem-match/geo';
import {
  type MatchResult,
  type MatchSnapshot,
  match,
  type ProposedAssignment,
  requestParts,
} from '@stem-match/matching';
import type { SolveSettings } from './solver.js';

export type Progress = (stage: string, done: number, total: number) => void;

export interface EngineSettings {
  policy?: PolicyInput;
  /** The engine's seed, for the baseline and every re-run (and the recruits' draws). */
  seed?: number;
  timeLimitMs?: number;
  onProgress?: Progress;
  /** Worker threads for the re-runs (1: all in this thread, the default). */
  threads?: number;
}

/**
 * The run every what-if is compared with: the engine on the data as it is, and the independent
 * parts it splits into (so a what-if re-solves only the parts its recruits can touch).
 */
export interface Baseline {
  snapshot: MatchSnapshot;
  settings: EngineSettings;
  seed: number;
  /** The engine's independent parts (request indices). */
  parts: number[][];
  /** Request index → its part. */
  partOf: Int32Array;
  result: MatchResult;
  /** Ids of the requests the baseline fills. */
  filled: Set<string>;
  organisationOf: Map<string, Organisation>;
  requestOf: Map<string, ActivityRequest>;
  ambassadorIds: Set<string>;
  /** Organisations of requests that may be met in person, for "which requests are near here". */
  inPersonRequests: number[];
  inPersonIndex: PointIndex;
  /** Ambassadors who deliver in person, indexed, and the longest travel radius among them. */
  inPersonAmbassadors: number[];
  ambassadorIndex: PointIndex;
  maxTravelKm: number;
  online: number[];
  seconds: number;
}

export async function runBaseline(snapshot: MatchSnapshot, settings: EngineSettings = {}): Promise<Baseline> {
  const started = performance.now();
  const seed = settings.seed ?? 1;
  const progress = settings.onProgress;
  const parts = requestParts(snapshot, settings.policy, {
    ...(progress ? { onProgress: (_, done, total) => progress('splitting into parts', done, total) } : {}),
  });
  const result = await match(snapshot, settings.policy, engineOptions(settings, progress));
  const partOf = new Int32Array(snapshot.requests.length);
  parts.forEach((p, k) => {
    for (const r of p) partOf[r] = k;
  });
  const organisationOf = new Map(snapshot.organisations.map((o) => [o.id, o]));
  const inPersonRequests = snapshot.requests.flatMap((r, i) => (r.mode === 'online' ? [] : [i]));
  const inPersonAmbassadors = snapshot.ambassadors.flatMap((a, i) => (a.in_person ? [i] : []));
  return {
    snapshot,
    settings,
    seed,
    parts,
    partOf,
    result,
    filled: filledIn(result.assignments),
    organisationOf,
    requestOf: new Map(snapshot.requests.map((r) => [r.id, r])),
    ambassadorIds: new Set(snapshot.ambassadors.map((a) => a.id)),
    inPersonRequests,
    inPersonIndex: new PointIndex(
      inPersonRequests.map((i) => organisationOf.get(snapshot.requests[i]!.organisation_id)!),
    ),
    inPersonAmbassadors,
    ambassadorIndex: new PointIndex(inPersonAmbassadors.map((i) => snapshot.ambassadors[i]!)),
    maxTravelKm: inPersonAmbassadors.reduce((m, i) => Math.max(m, snapshot.ambassadors[i]!.travel_km), 0),
    online: snapshot.ambassadors.flatMap((a, i) => (a.online ? [i] : [])),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The engine's options for the baseline and every re-run: one seed, one time limit. */
export function engineOptions(settings: EngineSettings, progress?: Progress) {
  return {
    seed: settings.seed ?? 1,
    ...(settings.timeLimitMs === undefined ? {} : { timeLimitMs: settings.timeLimitMs }),
    ...(progress
      ? {
          onProgress: (stage: string, done: number, total: number) =>
            progress(`baseline ${stage}`, done, total),
        }
      : {}),
  };
}

/** What a re-run needs to run as the baseline did: the policy, seed and time limit. */
export function solveSettings(settings: EngineSettings): SolveSettings {
  const { onProgress: _, ...options } = engineOptions(settings);
  return { ...(settings.policy ? { policy: settings.policy } : {}), options };
}

/** Ids of the requests a run fills (all-or-nothing, so any assignment means filled). */
export function filledIn(assignments: readonly ProposedAssignment[]): Set<string> {
  return new Set(assignments.map((a) => a.request_id));
}
