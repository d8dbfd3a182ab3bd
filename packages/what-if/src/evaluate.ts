import type { ActivityRequest, Ambassador } from '@stem-match/domain';
import { FUNNEL_STAGES } from '@stem-match/domain';
import { type MatchSnapshot, match, type ProposedAssignment } from '@stem-match/matching';
import { type Baseline, filledIn, type Progress, solveSettings } from './baseline.js';
import { inThisThread, type Solver } from './solver.js';

/** Hypothetical ambassadors added together, compared with the baseline. */
export interface Scenario {
  key: string;
  recruits: Ambassador[];
}

/** A request whose outcome a scenario changes. */
export interface ChangedRequest {
  request_id: string;
  organisation_id: string;
  organisation: string;
  priority: boolean;
  hub: string;
  activity_type: ActivityRequest['activity_type'];
  subjects: ActivityRequest['subjects'];
  key_stage: ActivityRequest['key_stage'];
  /** Who serves it in the scenario (for one no longer served: nobody). */
  ambassadors: string[];
}

export interface Outcome {
  key: string;
  /** Requests filled, and Priority School requests filled, beyond the baseline (net of any lost). */
  requests_more: number;
  priority_more: number;
  /** Requests the scenario fills that the baseline does not, and the reverse. */
  newly_served: ChangedRequest[];
  no_longer_served: ChangedRequest[];
  /** Recruits given at least one session, and their sessions. */
  recruits_used: number;
  recruit_sessions: number;
  /** Requests a recruit could take; the independent parts holding them; the requests re-solved. */
  touched_requests: number;
  parts_resolved: number;
  requests_resolved: number;
}

/** An outcome plus what the re-run decided for the requests it re-solved (for checking it). */
export interface Evaluation {
  outcome: Outcome;
  resolved: Set<string>;
  assignments: ProposedAssignment[];
}

/**
 * Evaluates scenarios by real engine re-runs of only the parts their recruits can touch. A recruit
 * changes only the candidates of requests they could take, so the parts holding none of those keep
 * the baseline's answer exactly; the touched parts are re-solved with the recruits added after every
 * real ambassador (as a full re-run would add them). Scenarios whose parts do not overlap share one
 * re-run, each read off its own parts.
 */
export async function evaluateScenarios(
  baseline: Baseline,
  scenarios: readonly Scenario[],
  options: { onProgress?: Progress; stage?: string; solver?: Solver } = {},
): Promise<Evaluation[]> {
  const { onProgress, stage = 're-solving' } = options;
  const solver = options.solver ?? inThisThread(baseline.snapshot, solveSettings(baseline.settings));
  const touched = await Promise.all(scenarios.map((s) => touchedRequests(baseline, s.recruits)));
  const partsOf = touched.map((t) => [...new Set(t.map((r) => baseline.partOf[r]!))].sort((a, b) => a - b));
  const size = (parts: readonly number[]) => parts.reduce((n, p) => n + baseline.parts[p]!.length, 0);
  // Largest first, so parallel re-runs finish together.
  const rounds = groupDisjoint(partsOf)
    .map((round) => ({ round, parts: round.flatMap((s) => partsOf[s]!) }))
    .sort((a, b) => size(b.parts) - size(a.parts));
  const total = rounds.reduce((n, r) => n + size(r.parts), 0);
  const out = new Array<Evaluation>(scenarios.length);
  let done = 0;
  onProgress?.(stage, 0, total);
  let cursor = 0;
  const work = async () => {
    while (cursor < rounds.length) {
      const { round, parts } = rounds[cursor++]!;
      const requests = parts.flatMap((p) => baseline.parts[p]!).sort((a, b) => a - b);
      const assignments =
        parts.length === 0
          ? []
          : await solver.solve({
              requests,
              ambassadors: whoCouldTake(baseline, requests),
              recruits: round.flatMap((s) => scenarios[s]!.recruits),
            });
      for (const s of round)
        out[s] = readOff(baseline, scenarios[s]!, partsOf[s]!, touched[s]!.length, assignments);
      done += size(parts);
      onProgress?.(stage, done, total);
    }
  };
  await Promise.all(Array.from({ length: solver.concurrency }, work));
  return out;
}

/** The requests a recruit could take: those the engine finds any recruit a candidate for, on its own. */
async function touchedRequests(baseline: Baseline, recruits: readonly Ambassador[]): Promise<number[]> {
  const { snapshot } = baseline;
  const near = new Set<number>();
  for (const a of recruits) {
    for (const { index } of baseline.inPersonIndex.within(a.lat, a.lon, a.travel_km)) {
      near.add(baseline.inPersonRequests[index]!);
    }
  }
  if (near.size === 0) return [];
  const requests = [...near].sort((a, b) => a - b);
  const alone: MatchSnapshot = {
    today: snapshot.today,
    organisations: [...new Set(requests.map((r) => snapshot.requests[r]!.organisation_id))].map(
      (id) => baseline.organisationOf.get(id)!,
    ),
    ambassadors: [...recruits],
    requests: requests.map((r) => snapshot.requests[r]!),
    history: [],
  };
  const result = await match(alone, baseline.settings.policy, { seed: baseline.seed });
  const untouched = new Set(
    result.unfilled.filter((u) => (u.funnel[FUNNEL_STAGES.length - 1] ?? 0) === 0).map((u) => u.request_id),
  );
  return requests.filter((r) => !untouched.has(snapshot.requests[r]!.id));
}

/** Groups scenarios into rounds whose parts do not overlap (first fit, in order). */
function groupDisjoint(partsOf: readonly number[][]): number[][] {
  const rounds: Array<{ scenarios: number[]; used: Set<number> }> = [];
  partsOf.forEach((parts, s) => {
    const round = rounds.find((r) => parts.length === 0 || parts.every((p) => !r.used.has(p)));
    if (round) {
      round.scenarios.push(s);
      for (const p of parts) round.used.add(p);
    } else rounds.push({ scenarios: [s], used: new Set(parts) });
  });
  return rounds.map((r) => r.scenarios);
}

/** Above this many requests, gathering who could take them costs more than taking everyone. */
const GATHER_UP_TO = 1000;

/**
 * Every ambassador who could take one of the requests — each in-person one within the longest travel
 * radius of its organisation, every online one if any request may be met online — in their original
 * order, so the requests' parts are solved exactly as in the whole (see requestParts).
 */
function whoCouldTake(baseline: Baseline, requests: readonly number[]): number[] {
  const { snapshot } = baseline;
  if (requests.length > GATHER_UP_TO) return snapshot.ambassadors.map((_, i) => i);
  const who = new Set<number>();
  for (const r of requests) {
    const request = snapshot.requests[r]!;
    if (request.mode !== 'in_person') for (const a of baseline.online) who.add(a);
    if (request.mode === 'online') continue;
    const org = baseline.organisationOf.get(request.organisation_id)!;
    baseline.ambassadorIndex.forEachWithin(org.lat, org.lon, baseline.maxTravelKm, (i) => {
      who.add(baseline.inPersonAmbassadors[i]!);
    });
  }
  return [...who].sort((a, b) => a - b);
}

function readOff(
  baseline: Baseline,
  scenario: Scenario,
  parts: readonly number[],
  touched: number,
  assignments: readonly ProposedAssignment[],
): Evaluation {
  const { snapshot } = baseline;
  const resolved = new Set(parts.flatMap((p) => baseline.parts[p]!.map((r) => snapshot.requests[r]!.id)));
  const mine = assignments.filter((a) => resolved.has(a.request_id));
  const filled = filledIn(mine);
  const servedBy = new Map<string, Set<string>>();
  for (const a of mine) {
    const who = servedBy.get(a.request_id) ?? new Set<string>();
    who.add(a.ambassador_id);
    servedBy.set(a.request_id, who);
  }
  const describe = (id: string): ChangedRequest => {
    const r = baseline.requestOf.get(id)!;
    const org = baseline.organisationOf.get(r.organisation_id)!;
    return {
      request_id: r.id,
      organisation_id: org.id,
      organisation: org.name,
      priority: org.priority,
      hub: r.hub,
      activity_type: r.activity_type,
      subjects: r.subjects,
      key_stage: r.key_stage,
      ambassadors: [...(servedBy.get(id) ?? [])].sort(),
    };
  };
  const gained = [...filled]
    .filter((id) => !baseline.filled.has(id))
    .sort()
    .map(describe);
  const lost = [...resolved]
    .filter((id) => baseline.filled.has(id) && !filled.has(id))
    .sort()
    .map(describe);
  const recruitIds = new Set(scenario.recruits.map((a) => a.id));
  const recruitRows = mine.filter((a) => recruitIds.has(a.ambassador_id));
  const priority = (xs: ChangedRequest[]) => xs.filter((x) => x.priority).length;
  return {
    outcome: {
      key: scenario.key,
      requests_more: gained.length - lost.length,
      priority_more: priority(gained) - priority(lost),
      newly_served: gained,
      no_longer_served: lost,
      recruits_used: new Set(recruitRows.map((a) => a.ambassador_id)).size,
      recruit_sessions: recruitRows.length,
      touched_requests: touched,
      parts_resolved: parts.length,
      requests_resolved: resolved.size,
    },
    resolved,
    assignments: mine,
  };
}
