import { Policy, type PolicyInput } from '@stem-match/domain';
import { components } from './components.js';
import { nearestQualifying } from './explain.js';
import { buildModel, forEachInPersonInRange, type Model } from './model.js';
import type { MatchOptions, MatchSnapshot } from './types.js';

/** One independent part of a match: indices into the snapshot's requests and ambassadors. */
export interface Part {
  requests: number[];
  ambassadors: number[];
}

/**
 * Splits a snapshot into parts that can be solved separately — in other processes or on other hosts
 * — and give exactly the result of solving the whole with the engine. A part holds a component's requests and every
 * ambassador its explanations look at: all in range (or online, where the mode allows) for the
 * funnel counts, and each request's nearest qualifying ambassador for `nearest_km`.
 */
export function partition(
  snapshot: MatchSnapshot,
  policyInput: PolicyInput = {},
  options: MatchOptions = {},
): Part[] {
  const policy = Policy.parse(policyInput);
  const model = buildModel(snapshot, policy, options, policy.engine_candidates);
  return components(model).map((requests) => ({ requests, ambassadors: scopeOf(model, requests) }));
}

function scopeOf(model: Model, requests: readonly number[]): number[] {
  const scope = new Set<number>();
  let online = false;
  for (const r of requests) {
    const rm = model.requests[r]!;
    forEachInPersonInRange(model, rm, (amb) => scope.add(amb));
    if (rm.request.mode !== 'in_person') online = true;
    const nearest = nearestQualifying(model, rm);
    if (nearest !== undefined) scope.add(nearest);
  }
  if (online) for (const amb of model.online) scope.add(amb);
  return [...scope].sort((a, b) => a - b);
}

/**
 * The snapshot a part is solved from: its requests, their organisations, its ambassadors, their
 * history, and the organisations' history (whether an organisation is reached yet this year).
 */
export function subSnapshot(snapshot: MatchSnapshot, part: Part): MatchSnapshot {
  const requests = part.requests.map((i) => snapshot.requests[i]!);
  const ambassadors = withColleagues(snapshot, part.ambassadors).map((i) => snapshot.ambassadors[i]!);
  const organisationIds = new Set(requests.map((r) => r.organisation_id));
  const ambassadorIds = new Set(ambassadors.map((a) => a.id));
  const requestIds = new Set(requests.map((r) => r.id));
  return {
    today: snapshot.today,
    organisations: snapshot.organisations.filter((o) => organisationIds.has(o.id)),
    ambassadors,
    requests,
    history: snapshot.history.filter(
      (h) => ambassadorIds.has(h.ambassador_id) || organisationIds.has(h.organisation_id),
    ),
    declined: (snapshot.declined ?? []).filter((d) => requestIds.has(d.request_id)),
    ...(snapshot.employers ? { employers: snapshot.employers } : {}),
  };
}

/**
 * The part's ambassadors plus everyone who shares a budgeted employer with one of them: their
 * bookings use the same budget. The colleagues added are out of every request's range (or they would
 * be in the part already), so they change no candidate list, funnel or nearest distance.
 */
function withColleagues(snapshot: MatchSnapshot, ambassadors: readonly number[]): number[] {
  const budgeted = new Set((snapshot.employers ?? []).map((e) => e.employer));
  if (budgeted.size === 0) return [...ambassadors];
  const employerOf = (i: number) => snapshot.ambassadors[i]!.employer?.trim();
  const shared = new Set<string>();
  for (const i of ambassadors) {
    const e = employerOf(i);
    if (e !== undefined && budgeted.has(e)) shared.add(e);
  }
  if (shared.size === 0) return [...ambassadors];
  const out = new Set(ambassadors);
  snapshot.ambassadors.forEach((a, i) => {
    const e = a.employer?.trim();
    if (e !== undefined && shared.has(e)) out.add(i);
  });
  return [...out].sort((a, b) => a - b);
}
