import type { Policy } from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import type { MatchResult, MatchSnapshot, ScoreComponents } from '@stem-match/matching';
import { canonicalDigest, putRunInputs, type RecordOptions, type Store } from '@stem-match/store';
import type { RunPart } from './part.js';

/**
 * What the engine was given for one part: exactly the arguments of `match(snapshot, policy, { solver,
 * seed })`. Ambassadors' employers are left out (the engine never reads them, and erasure removes them):
 * the replay shows the result does not depend on them.
 */
export interface ReplayInput {
  snapshot: MatchSnapshot;
  policy: Policy;
  seed: number;
  solver: 'engine';
}

/** One ambassador the engine assigned to a request, with the score that chose them. */
export interface ChosenAmbassador {
  ambassador_id: string;
  mode: 'in_person' | 'online';
  distance_km: number;
  score: ScoreComponents;
  sessions: Array<{ session: number; start: string; end: string }>;
}

/** The engine's result for one request: who was assigned and why, or why it went unfilled. */
export type RequestOutcome =
  | { filled: true; ambassadors: ChosenAmbassador[] }
  | {
      filled: false;
      reason: string;
      assigned: number;
      needed: number;
      nearest_km?: number;
      funnel: number[];
      taken_by: string[];
    };

/** The engine's result for one part, per request (`hub:id`), and its objective: what is digested. */
export interface ReplayOutput {
  objective: MatchResult['objective'];
  requests: Record<string, RequestOutcome>;
}

/** The part as the engine reads it, without what it does not read (and erasure would remove). */
export function replayInput(part: Pick<RunPart, 'snapshot' | 'policy' | 'seed'>): ReplayInput {
  return {
    snapshot: {
      ...part.snapshot,
      ambassadors: part.snapshot.ambassadors.map(({ employer: _, ...a }) => a),
    },
    policy: part.policy,
    seed: part.seed,
    solver: 'engine',
  };
}

/** A result in the form that is recorded and compared: timing left out, every request by its id. */
export function replayOutput(result: MatchResult): ReplayOutput {
  const requests: Record<string, RequestOutcome> = {};
  const chosen = new Map<string, Map<string, ChosenAmbassador>>();
  for (const a of result.assignments) {
    const byAmbassador = chosen.get(a.request_id) ?? new Map<string, ChosenAmbassador>();
    chosen.set(a.request_id, byAmbassador);
    const held = byAmbassador.get(a.ambassador_id) ?? {
      ambassador_id: a.ambassador_id,
      mode: a.mode,
      distance_km: a.distance_km,
      score: a.score,
      sessions: [],
    };
    held.sessions.push({ session: a.session, start: a.start, end: a.end });
    byAmbassador.set(a.ambassador_id, held);
  }
  for (const [ref, byAmbassador] of chosen) {
    const ambassadors = [...byAmbassador.values()].sort((x, y) =>
      x.ambassador_id < y.ambassador_id ? -1 : x.ambassador_id > y.ambassador_id ? 1 : 0,
    );
    for (const a of ambassadors) a.sessions.sort((x, y) => x.session - y.session);
    requests[ref] = { filled: true, ambassadors };
  }
  for (const u of result.unfilled) {
    requests[u.request_id] = {
      filled: false,
      reason: u.reason,
      assigned: u.filled,
      needed: u.needed,
      ...(u.nearest_km === undefined ? {} : { nearest_km: u.nearest_km }),
      funnel: u.funnel,
      taken_by: [...u.taken_by],
    };
  }
  return { objective: result.objective, requests };
}

/**
 * Records a solved part for replay; a failure to write is logged, never fails the solve. A part recorded before (a retried or duplicated solve job) keeps
 * its first record; a different result for the same inputs is logged as an error — the engine is meant
 * to be deterministic, and a replay of that run will show the difference.
 */
export async function recordReplay(
  store: Store,
  part: RunPart,
  result: MatchResult,
  log: Logger,
  options: RecordOptions = {},
): Promise<void> {
  const input = replayInput(part);
  const output = replayOutput(result);
  let written: Awaited<ReturnType<typeof putRunInputs>>;
  try {
    written = await putRunInputs(
      store,
      part.run_id,
      part.part,
      { input, output, policy_version: part.policy.version, seed: part.seed },
      options,
    );
  } catch (err) {
    // Matching goes on without it (a replay then names the part as having no record): requests
    // must not wait on an audit record, and Redis refusing a write (out of memory) is logged loud.
    log.error({ err, run: part.run_id, part: part.part }, 'run part replay record not written');
    return;
  }
  const { recorded, part: record } = written;
  if (!record.stored)
    log.warn(
      { run: part.run_id, part: part.part, bytes: record.bytes },
      'run part inputs over the size limit: digests kept, not replayable',
    );
  if (!recorded && canonicalDigest(output).digest !== record.output_digest)
    log.error(
      { run: part.run_id, part: part.part },
      'a re-solved part gave a different result from the one recorded: the engine was not deterministic',
    );
}
