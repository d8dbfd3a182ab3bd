import { type MatchRun, NotFoundError, Policy } from '@stem-match/domain';
import { match, type ScoreComponents, type Substitute } from '@stem-match/matching';
import {
  canonicalDigest,
  getRun,
  getRunInputs,
  getRunInputsPlan,
  type RecordedPart,
  type Store,
} from '@stem-match/store';
import {
  type ChosenAmbassador,
  type ReplayInput,
  type ReplayOutput,
  type RequestOutcome,
  replayOutput,
} from './replay-record.js';

/** How one part fared: its inputs checked against their digest, then matched again and compared. */
export interface ReplayedPart {
  part: number;
  policy_version: string;
  seed: number;
  requests: number;
  input_digest: string;
  recorded_output_digest: string;
  /** Absent when the part was not matched again (inputs not kept, or changed). */
  replayed_output_digest?: string;
  /**
   * `identical`: the replay gave the recorded result bit for bit. `different`: it did not.
   * `tampered`: the stored inputs (or result) no longer match their digest, so they were not replayed.
   * `not_stored`: the inputs were over the size limit; only digests were kept.
   */
  status: 'identical' | 'different' | 'tampered' | 'not_stored';
  amendments: RecordedPart['amendments'];
  seconds?: number;
}

/** A request whose replayed outcome is not the recorded one. */
export interface ReplayDifference {
  part: number;
  request: string;
  recorded?: RequestOutcome;
  replayed?: RequestOutcome;
}

/** Why a request's ambassadors were chosen: their scores against the best who could have taken it instead. */
export interface AssignmentReason {
  request: string;
  part: number;
  outcome: RequestOutcome;
  /**
   * The best other ambassador who could have taken every session at the same time, given the rest
   * of the run's assignments (every hard rule: the engine's substitutes). Absent when nobody could.
   */
  runner_up?: Substitute;
  /** Score components where the weakest chosen ambassador and the runner-up differ, largest first. */
  margin?: Array<{ component: keyof ScoreComponents; chosen: number; runner_up: number }>;
}

export interface ReplayReport {
  run: MatchRun;
  /** sha256 of the canonical JSON of every part's input digest: one digest for the run's inputs. */
  input_digest: string;
  parts: ReplayedPart[];
  differences: ReplayDifference[];
  /** Each filled request's reasons (or only the selected request's, filled or not). */
  reasons: AssignmentReason[];
  /** What was wrong, in words; empty when the replay is identical. */
  problems: string[];
  ok: boolean;
}

export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}

const short = (digest: string): string => digest.slice(0, 12);

/**
 * Replays a recorded match run from its stored inputs: checks each part's inputs against their
 * digest, matches them again with the engine, and compares the result with the one recorded (by
 * digest, and request by request when they differ). Explains each assignment against its runner-up.
 * With `request` (`hub:id`, or an id unique in the run), only the part holding it is replayed.
 */
export async function replayRun(
  store: Store,
  runId: string,
  options: { request?: string } = {},
): Promise<ReplayReport> {
  const run = await getRun(store, runId);
  if (!run) throw new NotFoundError(`no match run ${runId} on record`);
  // A replay record that is not one (rewritten by hand, say) is a finding, not a crash.
  const all = await getRunInputs(store, runId).catch((err: Error) => {
    throw new ReplayError(err.message);
  });
  const planned = await getRunInputsPlan(store, runId);
  if (all.length === 0 && planned === undefined)
    throw new ReplayError(
      `run ${runId} has no replay record: it ran before runs were recorded, or its record has expired`,
    );
  const inputDigest = canonicalDigest(
    all.map((p) => ({ part: p.record.part, input: p.record.input_digest })),
  ).digest;
  let selected = all;
  let requestRef: string | undefined;
  if (options.request !== undefined) {
    const found = locate(all, options.request);
    if (found.length === 0)
      throw new NotFoundError(`request ${options.request} is not among the requests of run ${runId}`);
    if (found.length > 1)
      throw new ReplayError(
        `request ${options.request} is ambiguous in run ${runId}: ${found.map((f) => f.ref).join(', ')} — give hub:id`,
      );
    requestRef = found[0]!.ref;
    selected = all.filter((p) => p.record.part === found[0]!.part);
  }

  const parts: ReplayedPart[] = [];
  const differences: ReplayDifference[] = [];
  const reasons: AssignmentReason[] = [];
  const problems: string[] = [];
  if (planned !== undefined && options.request === undefined) {
    const held = new Set(all.map((p) => p.record.part));
    for (let part = 0; part < planned; part++)
      if (!held.has(part))
        problems.push(
          `part ${part} of ${planned} has no replay record: it was deleted, or its solve job never ran`,
        );
  }
  for (const stored of selected) {
    const { record } = stored;
    const base = {
      part: record.part,
      policy_version: record.policy_version,
      seed: record.seed,
      input_digest: record.input_digest,
      recorded_output_digest: record.output_digest,
      amendments: record.amendments,
    };
    if (stored.unreadable !== undefined) {
      parts.push({ ...base, requests: 0, status: 'tampered' });
      problems.push(`${stored.unreadable}, so it was not replayed`);
      continue;
    }
    if (stored.input === undefined) {
      parts.push({ ...base, requests: 0, status: 'not_stored' });
      problems.push(
        `part ${record.part}: its inputs were over the size limit (${record.bytes} bytes compressed); only digests were kept, so it cannot be replayed`,
      );
      continue;
    }
    const input = stored.input as ReplayInput;
    const recorded = stored.output as ReplayOutput;
    const requests = Array.isArray(input.snapshot?.requests) ? input.snapshot.requests.length : 0;
    if (
      stored.input_digest_now !== record.input_digest ||
      stored.output_digest_now !== record.output_digest
    ) {
      parts.push({ ...base, requests, status: 'tampered' });
      if (stored.input_digest_now !== record.input_digest)
        problems.push(
          `part ${record.part}: the stored inputs do not match their digest (recorded sha256 ${short(record.input_digest)}…, stored inputs hash to ${short(stored.input_digest_now!)}…): they were changed after the run, so they were not replayed`,
        );
      if (stored.output_digest_now !== record.output_digest)
        problems.push(
          `part ${record.part}: the stored result does not match its digest (recorded sha256 ${short(record.output_digest)}…, stored result hashes to ${short(stored.output_digest_now!)}…): it was changed after the run`,
        );
      continue;
    }
    const policy = Policy.safeParse(input.policy);
    if (!policy.success)
      throw new ReplayError(
        `run ${runId} part ${record.part}: the recorded policy is not valid (${policy.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
      );
    const started = performance.now();
    // The runner-up of each filled request comes with the solve (not part of the compared result).
    const result = await match(input.snapshot, policy.data, {
      solver: input.solver,
      seed: input.seed,
      substitutes: 1,
    });
    const replayed = replayOutput(result);
    const digest = canonicalDigest(replayed).digest;
    const identical = digest === record.output_digest;
    parts.push({
      ...base,
      requests,
      replayed_output_digest: digest,
      status: identical ? 'identical' : 'different',
      seconds: Math.round(performance.now() - started) / 1000,
    });
    if (!identical) {
      const diff = compare(record.part, recorded, replayed);
      differences.push(...diff);
      problems.push(
        `part ${record.part}: the replay differs from the recorded result (recorded sha256 ${short(record.output_digest)}…, replay ${short(digest)}…): ${diff.length} request(s) differ${
          canonicalDigest(recorded.objective).digest !== canonicalDigest(replayed.objective).digest
            ? ', and the objective'
            : ''
        }`,
      );
    }
    const wanted = Object.entries(replayed.requests)
      .filter(([ref, o]) => (requestRef === undefined ? o.filled : ref === requestRef))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const runnerUps = new Map<string, Substitute | undefined>(
      (result.substitutes ?? []).map((a) => [a.request_id, a.substitutes[0]]),
    );
    for (const [ref, outcome] of wanted)
      reasons.push(reasonFor(ref, record.part, outcome, runnerUps.get(ref)));
  }
  const replayedAll = options.request === undefined && parts.every((p) => p.status === 'identical');
  if (replayedAll && run.outcome) {
    const filled = selected.reduce((n, p) => n + ((p.output as ReplayOutput).objective?.filled ?? 0), 0);
    if (filled !== run.outcome.filled)
      problems.push(
        `the run's record says ${run.outcome.filled} requests were filled, its parts' results ${filled}`,
      );
  }
  return { run, input_digest: inputDigest, parts, differences, reasons, problems, ok: problems.length === 0 };
}

/** The part and full reference of a request named `hub:id`, or by an id unique in the run. */
function locate(
  parts: ReadonlyArray<{ record: RecordedPart; input?: unknown }>,
  wanted: string,
): Array<{ part: number; ref: string }> {
  const out: Array<{ part: number; ref: string }> = [];
  for (const p of parts) {
    const requests = (p.input as ReplayInput | undefined)?.snapshot?.requests ?? [];
    for (const r of requests)
      if (r.id === wanted || r.id.endsWith(`:${wanted}`)) out.push({ part: p.record.part, ref: r.id });
  }
  return out;
}

/** Requests whose outcome differs between two results of one part, in id order. */
function compare(part: number, recorded: ReplayOutput, replayed: ReplayOutput): ReplayDifference[] {
  const ids = [...new Set([...Object.keys(recorded.requests), ...Object.keys(replayed.requests)])].sort();
  const out: ReplayDifference[] = [];
  for (const request of ids) {
    const a = recorded.requests[request];
    const b = replayed.requests[request];
    if (a !== undefined && b !== undefined && canonicalDigest(a).digest === canonicalDigest(b).digest)
      continue;
    out.push({ part, request, ...(a ? { recorded: a } : {}), ...(b ? { replayed: b } : {}) });
  }
  return out;
}

const COMPONENTS = ['continuity', 'subject_fit', 'travel', 'load'] as const;

function reasonFor(
  request: string,
  part: number,
  outcome: RequestOutcome,
  runnerUp: Substitute | undefined,
): AssignmentReason {
  if (!outcome.filled || runnerUp === undefined)
    return { request, part, outcome, ...(runnerUp ? { runner_up: runnerUp } : {}) };
  const weakest = weakestOf(outcome.ambassadors);
  const margin = COMPONENTS.map((component) => ({
    component,
    chosen: weakest.score[component],
    runner_up: runnerUp.score[component],
  }))
    .filter((m) => m.chosen !== m.runner_up)
    .sort((x, y) => Math.abs(y.chosen - y.runner_up) - Math.abs(x.chosen - x.runner_up));
  return { request, part, outcome, runner_up: runnerUp, margin };
}

/** The chosen ambassador the runner-up came closest to replacing: the lowest score (then the last id). */
export function weakestOf(chosen: readonly ChosenAmbassador[]): ChosenAmbassador {
  return chosen.reduce((w, a) =>
    a.score.total < w.score.total || (a.score.total === w.score.total && a.ambassador_id > w.ambassador_id)
      ? a
      : w,
  );
}
