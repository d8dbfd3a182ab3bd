import { FUNNEL_STAGES, REASON_AT_STAGE } from '@stem-match/domain';
import { distanceKm } from '@stem-match/geo';
import { nearestInBands } from './bands.js';
import { type Bitset, bits, hasBit } from './bitset.js';
import {
  forEachInPersonInRange,
  hasAnySlot,
  type Model,
  pairSlots,
  type RequestModel,
  requestOfferKey,
  staticStage,
} from './model.js';
import type { Solution } from './solution.js';
import type { Explanation } from './types.js';

/** At most this many requests are named as having taken an unfilled request's candidates. */
const MAX_TAKEN_BY = 10;

/**
 * Why a request is unfilled: the funnel (candidates left after each stage), the first stage that left
 * none, or — if candidates remained — whether too few could ever be free together (partially_filled) or
 * the optimum used them for other requests (taken_by_other_requests, naming those requests).
 */
export function explain(sol: Solution, rm: RequestModel): Explanation {
  const model = sol.model;
  const { funnel, alone } = funnelOf(model, rm);
  const needed = rm.request.needed;
  const base = {
    request_id: rm.request.id,
    needed,
    funnel,
    taken_by: [] as string[],
    ...nearestOf(model, rm),
  };
  const firstEmpty = funnel.indexOf(0);
  if (firstEmpty >= 0) return { ...base, reason: REASON_AT_STAGE[FUNNEL_STAGES[firstEmpty]!], filled: 0 };
  if (alone < needed) return { ...base, reason: 'partially_filled', filled: alone };

  // Who took the kept candidates (the same set a part of the run sees, so parts explain as the whole).
  let freeNow = 0;
  const takenBy = new Set<number>();
  for (let s = 0; s < rm.slots.day.length; s++) {
    let free = 0;
    for (const c of rm.candidates) if (hasBit(c.slots, s) && sol.blockersOf(rm, c, s, takenBy)) free++;
    freeNow = Math.max(freeNow, free);
  }
  const ids = [...takenBy]
    .map((r) => model.requests[r]!.request.id)
    .sort()
    .slice(0, MAX_TAKEN_BY);
  const reason =
    model.budgets.length > 0 && budgetBinds(sol, rm)
      ? 'employer_budget_exhausted'
      : 'taken_by_other_requests';
  return { ...base, reason, filled: Math.min(freeNow, needed - 1), taken_by: ids };
}

/**
 * Whether an employer's volunteering budget is what stops the request: at some slot enough
 * candidates are free but for their employers' budgets, and fewer are free with them (or the free
 * ones include colleagues who cannot all go under one budget).
 */
function budgetBinds(sol: Solution, rm: RequestModel): boolean {
  const model = sol.model;
  const needed = rm.request.needed;
  for (let s = 0; s < rm.slots.day.length; s++) {
    let without = 0;
    let within = 0;
    let budgeted = false;
    for (const c of rm.candidates) {
      if (!hasBit(c.slots, s) || !sol.blockersOf(rm, c, s, undefined, false)) continue;
      without++;
      const e = model.employerOf[c.amb]!;
      if (e >= 0 && model.budgets[e]!.binds) budgeted = true;
      if (sol.canTake(rm, c, s)) within++;
    }
    if (without >= needed && budgeted && (within < needed || needed > 1)) return true;
  }
  return false;
}

/**
 * The funnel over every ambassador, and `alone`: the most who could share one slot, ignoring this
 * run's other assignments. When the engine kept only the nearest candidates (rm.capped), the last
 * stage is worked out here for all of them, in the same pass.
 */
function funnelOf(model: Model, rm: RequestModel): { funnel: number[]; alone: number } {
  const last = FUNNEL_STAGES.length - 1;
  const counts = new Array<number>(FUNNEL_STAGES.length).fill(0);
  const perSlot = new Int32Array(rm.slots.day.length);
  const tally = (slots: Bitset) => {
    counts[last]!++;
    for (const s of bits(slots)) perSlot[s]!++;
  };
  const count = (amb: number) => {
    const am = model.ambassadors[amb]!;
    const stage = staticStage(rm, am, model.policy);
    for (let i = 0; i < stage; i++) counts[i]!++;
    if (!rm.capped || stage < last || model.declined.has(rm.index * model.ambassadors.length + amb)) return;
    const slots = pairSlots(rm, am, model.policy);
    if (slots) tally(slots);
  };
  const near = new Set<number>();
  forEachInPersonInRange(model, rm, (amb) => {
    near.add(amb);
    count(amb);
  });
  if (rm.request.mode !== 'in_person') for (const amb of model.online) if (!near.has(amb)) count(amb);
  if (!rm.capped) for (const c of rm.candidates) tally(c.slots);
  return { funnel: counts, alone: perSlot.reduce((m, n) => Math.max(m, n), 0) };
}

/** Distance to the nearest in-person ambassador who meets every rule but travel range. */
function nearestOf(model: Model, rm: RequestModel): { nearest_km?: number } {
  const amb = nearestQualifying(model, rm);
  if (amb === undefined) return {};
  const a = model.ambassadors[amb]!.ambassador;
  return { nearest_km: Math.round(distanceKm(rm.org.lat, rm.org.lon, a.lat, a.lon) * 10) / 10 };
}

/** The nearest in-person ambassador (index) who meets every rule for the request except range. */
export function nearestQualifying(model: Model, rm: RequestModel): number | undefined {
  // Only ambassadors offering the activity type and key stage can qualify: search just their index.
  const bands = model.inPersonByOffer.get(requestOfferKey(rm));
  if (!bands || rm.slots.day.length === 0) return undefined; // no start time: nobody qualifies
  return nearestInBands(
    bands,
    rm.org.lat,
    rm.org.lon,
    (amb) => model.ambassadors[amb]!.ambassador,
    (amb) => {
      const am = model.ambassadors[amb]!;
      return staticStage(rm, am, model.policy) === 5 && hasAnySlot(rm, am, model.policy, model);
    },
  );
}
