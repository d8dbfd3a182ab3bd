import { FUNNEL_STAGES, REASON_AT_STAGE } from '@stem-match/domain';
import { distanceKm } from '@stem-match/geo';
import { forEachReaching } from './bands.js';
import { type Bitset, bits, hasBit } from './bitset.js';
import {
  dbsDayOf,
  hasAnySlot,
  isDeclined,
  type Model,
  offerBands,
  onlinePool,
  pairSlots,
  type RequestModel,
  sharedWeekdaysByPattern,
  stageOf,
  staticStage,
} from './model.js';
import { addOnlineCounts } from './online-funnel.js';
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
  const commonTime = (amb: number) => {
    if (isDeclined(model, rm, amb)) return;
    const slots = pairSlots(rm, model.ambassadors[amb]!, model.policy, model);
    if (slots) tally(slots);
  };
  const withOnline = rm.request.mode !== 'in_person';
  // Online ambassadors are counted from tallies (addOnlineCounts); those also in range in person are
  // counted here, so they are taken off the online counts to be counted once.
  const alsoOnline = new Array<number>(last).fill(0);
  const near = rm.capped && withOnline ? new Set<number>() : undefined;
  if (rm.request.mode !== 'online') {
    // How many in range stop at each static stage (5: pass them all), in one tight pass.
    const stopped = new Int32Array(last + 1);
    const stoppedOnline = new Int32Array(last + 1);
    const dbsDay = dbsDayOf(rm, model.policy);
    const radius = Math.min(rm.request.max_km ?? Number.POSITIVE_INFINITY, model.maxTravelKm);
    const { lat, lon } = rm.org;
    for (const band of model.inPersonBands) {
      const r = Math.min(radius, band.travelKm);
      const p = band.points;
      const ids = band.index.inBox(lat, lon, r);
      for (let k = 0; k < ids.length; k++) {
        const i = band.places[ids[k]!]!;
        const amb = p.ambassador[i]!;
        const km = distanceKm(lat, lon, p.lat[i]!, p.lon[i]!);
        if (km > r || km > p.travelKm[i]!) continue;
        const stage = stageOf(
          rm,
          dbsDay,
          p.dbsInvalidFrom[i]!,
          p.subjects[i]!,
          p.activities[i]!,
          p.keyStages[i]!,
        );
        stopped[stage]!++;
        if (withOnline && p.online[i] === 1) stoppedOnline[stage]!++;
        near?.add(amb);
        if (rm.capped && stage === last) commonTime(amb);
      }
    }
    // Stage i counts those who got past it: everyone stopped later.
    for (let stage = 1; stage <= last; stage++) {
      for (let i = 0; i < stage; i++) {
        counts[i]! += stopped[stage]!;
        alsoOnline[i]! += stoppedOnline[stage]!;
      }
    }
  }
  if (withOnline) {
    addOnlineCounts(model, rm, counts);
    for (let i = 0; i < last; i++) counts[i]! -= alsoOnline[i]!;
    // Only those offering the activity type and key stage can reach the last stage.
    if (rm.capped)
      for (const amb of onlinePool(model, rm)) {
        if (!near!.has(amb) && staticStage(rm, model.ambassadors[amb]!, model.policy) === last)
          commonTime(amb);
      }
  }
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
  // Only ambassadors offering the activity type, key stage and a subject can qualify: just their bands.
  const bands = offerBands(model, rm);
  if (!bands || rm.slots.day.length === 0) return undefined; // no start time: nobody qualifies
  const dbsDay = dbsDayOf(rm, model.policy);
  const sharedByPattern = sharedWeekdaysByPattern(model, rm);
  let best: number | undefined;
  let bestKm = Number.POSITIVE_INFINITY;
  // Widening rings, so only those about as near as the nearest have their time checked (a search
  // of the whole index checked everyone nearer than the nearest in the densest band, however far).
  // An in-person candidate qualifies, so one circle out to the nearest of them is enough.
  let first = Number.POSITIVE_INFINITY;
  for (const c of rm.candidates) if (!c.online) first = Math.min(first, c.distanceKm + ROUNDING_KM);
  if (first === Number.POSITIVE_INFINITY) first = FIRST_RING_KM;
  for (let inner = -1, radius = first; ; inner = radius, radius = nextRing(radius)) {
    forEachReaching(
      bands,
      rm.org.lat,
      rm.org.lon,
      radius,
      (amb, km) => {
        if (km > bestKm || (km === bestKm && amb > best!)) return;
        if (hasAnySlot(rm, model.ambassadors[amb]!, model.policy, model)) {
          best = amb;
          bestKm = km;
        }
      },
      // The rest of staticStage is the bands' offer; no one is free at a slot but on its weekdays.
      {
        dbsDay,
        subjects: rm.subjects,
        weekdays: rm.weekdays,
        sharedByPattern,
        seen: inner,
        anyTravel: true,
      },
    );
    if (best !== undefined || radius === Number.POSITIVE_INFINITY) return best;
  }
}

const FIRST_RING_KM = 2;
/** Candidates' distances are rounded to the metre. */
const ROUNDING_KM = 0.001;
/**
 * Rings double out to 512 km, then take in everything: when no one qualifies anywhere, every ring
 * scans its whole box, and the widest (most of Great Britain) cost as much as all the rest.
 */
const nextRing = (km: number): number => (km >= 512 ? Number.POSITIVE_INFINITY : km * 2);
