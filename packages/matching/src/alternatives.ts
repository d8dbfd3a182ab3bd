import {
  type DeliveryMode,
  type HistoryRecord,
  Policy,
  type PolicyInput,
  toLondonWallClock,
} from '@stem-match/domain';
import { hasBit } from './bitset.js';
import { buildModel, type Candidate, type Model, type RequestModel } from './model.js';
import type { Solution } from './solution.js';
import type { MatchSnapshot, ProposedAssignment, ScoreComponents } from './types.js';

/** One ambassador who could step in for a filled request, as it was placed, if someone drops out. */
export interface Substitute {
  ambassador_id: string;
  /** 1 is offered first. */
  rank: number;
  mode: DeliveryMode;
  distance_km: number;
  /** The quality the substitute would bring (the same components as an assignment's score). */
  score: ScoreComponents;
}

export interface RequestAlternatives {
  request_id: string;
  /** Best first: quality total, then ambassador id. At most `options.limit`. */
  substitutes: Substitute[];
}

/** The part of an assignment the ranking reads: who holds which request, and when. */
export type PlacedAssignment = Pick<
  ProposedAssignment,
  'request_id' | 'session' | 'ambassador_id' | 'start' | 'end'
>;

export interface AlternativesOptions {
  /** Substitutes kept per filled request (default 3). */
  limit?: number;
  /**
   * Consider only each request's nearest qualifying ambassadors (plus those the organisation knows and
   * some online ones), as the engine does with `policy.engine_candidates`: faster on a national run,
   * may miss a far-away substitute. Undefined (the default) looks at every ambassador.
   */
  candidateLimit?: number;
}

export const DEFAULT_SUBSTITUTES = 3;

const checkedLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 0)
    throw new Error(`substitutes: limit must be a whole number ≥ 0, got ${limit}`);
  return limit;
};

/** Up to `limit` of the request's candidates that `fits` and who are not `onRequest`, best quality first. */
function rankSubstitutes(
  model: Model,
  rm: RequestModel,
  onRequest: (amb: number) => boolean,
  fits: (c: Candidate) => boolean,
  limit: number,
): Substitute[] {
  const substitutes: Substitute[] = [];
  // Candidates come best quality first (ties by ambassador index = snapshot order).
  for (const c of rm.candidates) {
    if (substitutes.length >= limit) break;
    if (onRequest(c.amb) || !fits(c)) continue;
    substitutes.push({
      ambassador_id: model.ambassadors[c.amb]!.ambassador.id,
      rank: substitutes.length + 1,
      mode: c.online ? 'online' : 'in_person',
      distance_km: c.distanceKm,
      score: c.score,
    });
  }
  return substitutes;
}

/**
 * `alternatives` for a solution of the engine's own model, as `match` gives them with
 * `options.substitutes`: among each filled request's candidates, those free at its slot given the rest
 * of the solution (clashes with the travel buffer, monthly capacity, binding employer budgets). No
 * second candidate search, so it costs a fraction of `alternatives`; with a candidate limit it looks
 * only among the nearest before the run, so it can find fewer.
 */
export function substitutesOf(sol: Solution, limit: number): RequestAlternatives[] {
  checkedLimit(limit);
  const out: RequestAlternatives[] = [];
  for (const rm of sol.model.requests) {
    const p = sol.placement[rm.index];
    if (!p) continue;
    const held = new Set(p.candidates.map((ci) => rm.candidates[ci]!.amb));
    const fits = (c: Candidate) => hasBit(c.slots, p.slot) && sol.canTake(rm, c, p.slot);
    out.push({
      request_id: rm.request.id,
      substitutes: rankSubstitutes(sol.model, rm, (amb) => held.has(amb), fits, limit),
    });
  }
  return out;
}

/**
 * For each filled request, the ambassadors who could take its place's every session at the very
 * time it was placed, given the rest of the solution: every hard rule (DBS valid on the last session,
 * range or online, subject, activity type, key stage, weekly availability and leave, the travel buffer
 * around their own bookings — existing ones and every other assignment in `assignments` — and
 * monthly capacity counting those too), not already on the request, and not having declined it.
 * Each substitute is checked on its own: two substitutes of one request may not fit together, nor
 * substitutes of different requests. Pure, like `match`.
 *
 * `assignments` are usually `match(...).assignments` for the same snapshot; a request counts as
 * filled when it has a session-1 row. Requests not in the snapshot are ignored.
 */
export function alternatives(
  snapshot: MatchSnapshot,
  assignments: readonly PlacedAssignment[],
  policyInput: PolicyInput = {},
  options: AlternativesOptions = {},
): RequestAlternatives[] {
  const limit = checkedLimit(options.limit ?? DEFAULT_SUBSTITUTES);
  const policy = Policy.parse(policyInput);
  const requests = new Map(snapshot.requests.map((r) => [r.id, r]));
  const onRequest = new Map<string, Set<string>>();
  const firstStart = new Map<string, string>();
  const booked: HistoryRecord[] = [];
  for (const a of assignments) {
    const r = requests.get(a.request_id);
    if (!r) continue;
    const held = onRequest.get(a.request_id) ?? new Set<string>();
    held.add(a.ambassador_id);
    onRequest.set(a.request_id, held);
    if (a.session === 1) firstStart.set(a.request_id, a.start);
    // The run's assignments become bookings the candidates' calendars already hold, so their slot
    // sets account for clashes (with the travel buffer) and monthly load from the rest of the solution.
    booked.push({
      organisation_id: r.organisation_id,
      ambassador_id: a.ambassador_id,
      request_id: a.request_id,
      activity_type: r.activity_type,
      start: a.start,
      end: a.end,
      status: 'offered',
    });
  }
  // Only filled requests need candidates: an unfilled one holds nobody's time, so leaving it out
  // changes no one's calendar (and spares most of the model's cost).
  const model = buildModel(
    {
      ...snapshot,
      requests: snapshot.requests.filter((r) => firstStart.has(r.id)),
      history: [...snapshot.history, ...booked],
    },
    policy,
    {},
    options.candidateLimit,
  );
  const out: RequestAlternatives[] = [];
  for (const rm of model.requests) {
    const start = firstStart.get(rm.request.id);
    if (start === undefined) continue;
    const slot = slotOf(rm.slots.day, rm.slots.minute, start);
    const held = onRequest.get(rm.request.id)!;
    const substitutes =
      slot === undefined
        ? []
        : rankSubstitutes(
            model,
            rm,
            (amb) => held.has(model.ambassadors[amb]!.ambassador.id),
            (c) => hasBit(c.slots, slot),
            limit,
          );
    out.push({ request_id: rm.request.id, substitutes });
  }
  return out;
}

/** The request's slot whose first session starts at `start`, if any (the placement may predate the run). */
function slotOf(day: Int32Array, minute: Int16Array, start: string): number | undefined {
  const at = toLondonWallClock(start);
  for (let s = 0; s < day.length; s++) {
    if (day[s]! > at.day) break; // slots ascend by day
    if (day[s] === at.day && minute[s] === at.minute) return s;
  }
  return undefined;
}
