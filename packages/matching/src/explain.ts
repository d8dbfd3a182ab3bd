import { FUNNEL_STAGES, REASON_AT_STAGE } from '@stem-match/domain';
import { distanceKm } from '@stem-match/geo';
import { hasBit } from './bitset.js';
import {
  forEachInPersonInRange,
  hasAnySlot,
  type Model,
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
  const funnel = funnelOf(model, rm);
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

  let alone = 0;
  let freeNow = 0;
  const takenBy = new Set<number>();
  for (let s = 0; s < rm.slots.day.length; s++) {
    let here = 0;
    let free = 0;
    for (const c of rm.candidates) {
      if (!hasBit(c.slots, s)) continue;
      here++;
      if (sol.blockersOf(rm, c, s, takenBy)) free++;
    }
    alone = Math.max(alone, here);
    freeNow = Math.max(freeNow, free);
  }
  if (alone < needed) return { ...base, reason: 'partially_filled', filled: alone };
  const ids = [...takenBy]
    .map((r) => model.requests[r]!.request.id)
    .sort()
    .slice(0, MAX_TAKEN_BY);
  return { ...base, reason: 'taken_by_other_requests', filled: Math.min(freeNow, needed - 1), taken_by: ids };
}

function funnelOf(model: Model, rm: RequestModel): number[] {
  const counts = new Array<number>(FUNNEL_STAGES.length).fill(0);
  const count = (amb: number) => {
    const stage = staticStage(rm, model.ambassadors[amb]!, model.policy);
    for (let i = 0; i < stage; i++) counts[i]!++;
  };
  const near = new Set<number>();
  forEachInPersonInRange(model, rm, (amb) => {
    near.add(amb);
    count(amb);
  });
  if (rm.request.mode !== 'in_person') for (const amb of model.online) if (!near.has(amb)) count(amb);
  counts[FUNNEL_STAGES.length - 1] = rm.candidates.length;
  return counts;
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
  const where = model.inPersonByOffer.get(requestOfferKey(rm));
  if (!where) return undefined;
  const i = where.index.nearest(rm.org.lat, rm.org.lon, (k) => {
    const am = model.ambassadors[where.ambassadors[k]!]!;
    return staticStage(rm, am, model.policy) === 5 && hasAnySlot(rm, am, model.policy, model);
  });
  return i === undefined ? undefined : where.ambassadors[i]!;
}
