import { type ActivityRequest, FUNNEL_STAGES, type Organisation } from '@stem-match/domain';
import { dateDay, dbsValidOn } from './calendar.js';
import type { Candidate, CheckContext } from './context.js';
import { distanceKm, latitudeGapKm, limitToleranceKm, reach, travelLimitKm } from './distance.js';
import { ambassadorFits, hostSlots, type Slot, sessionDays } from './slots.js';

export interface Funnel {
  /** Per stage, in FUNNEL_STAGES order: the fewest and the most candidates left after it. */
  low: number[];
  high: number[];
  /** Who is left after the last stage (common_time). */
  finalists: Candidate[];
  /** Every slot at which the organisation can host the whole series. */
  slots: Slot[];
}

/** Recomputes an unfilled request's funnel from the dataset alone, stage by stage. */
export function recomputeFunnel(
  ctx: CheckContext,
  request: ActivityRequest,
  organisation: Organisation,
): Funnel {
  const slots = hostSlots(request, ctx.rules);
  const stages: Candidate[][] = [];

  let left = inRange(ctx, request, organisation);
  stages.push(left);

  // DBS is judged at the earliest slot the organisation could host: its last session's date.
  const firstDay = slots[0]?.day ?? dateDay(request.window_start);
  const lastDay = sessionDays(request, firstDay).at(-1) ?? firstDay;
  left = left.filter((c) => dbsValidOn(c.ambassador, lastDay, ctx.rules.dbsMarginDays));
  stages.push(left);

  left = left.filter((c) => request.subjects.some((s) => c.ambassador.subjects.includes(s)));
  stages.push(left);
  left = left.filter((c) => c.ambassador.activity_types.includes(request.activity_type));
  stages.push(left);
  left = left.filter((c) => c.ambassador.key_stages.includes(request.key_stage));
  stages.push(left);
  left = left.filter((c) =>
    slots.some((slot) => ambassadorFits(c.ambassador, request, slot, ctx.bookings, ctx.rules)),
  );
  stages.push(left);

  if (stages.length !== FUNNEL_STAGES.length) throw new Error('funnel stages out of step with FUNNEL_STAGES');
  return {
    low: stages.map((s) => s.filter((c) => c.certain).length),
    high: stages.map((s) => s.length),
    finalists: left,
    slots,
  };
}

/** In-person ambassadors within range when the mode allows a visit, plus online ones when it allows online. */
function inRange(ctx: CheckContext, request: ActivityRequest, organisation: Organisation): Candidate[] {
  const found: Candidate[] = [];
  if (request.mode !== 'online') {
    for (const a of ctx.reachGrid().near(organisation)) {
      const limit = travelLimitKm(a, request.max_km);
      if (latitudeGapKm(a, organisation) > limit + limitToleranceKm(limit)) continue;
      const where = reach(distanceKm(a, organisation), limit);
      if (where === 'beyond') continue;
      found.push({ ambassador: a, certain: where === 'within' });
    }
  }
  if (request.mode !== 'in_person') {
    // An online ambassador counts once, and certainly, whether or not they could also visit.
    return [...found.filter((c) => !c.ambassador.online), ...ctx.onlineCandidates()];
  }
  return found;
}

/**
 * The most finalists who could all take one slot, ignoring this run's other assignments:
 * `low` counts certain finalists only, `high` all of them. Stops early once `low` reaches
 * `enough`, since beyond that the answer cannot change a verdict.
 */
export function largestTeam(
  ctx: CheckContext,
  request: ActivityRequest,
  funnel: Funnel,
  enough: number,
): { low: number; high: number } {
  let low = 0;
  let high = 0;
  for (const slot of funnel.slots) {
    let certain = 0;
    let all = 0;
    for (const c of funnel.finalists) {
      if (!ambassadorFits(c.ambassador, request, slot, ctx.bookings, ctx.rules)) continue;
      all++;
      if (c.certain) certain++;
    }
    low = Math.max(low, certain);
    high = Math.max(high, all);
    if (low >= enough) break;
  }
  return { low, high };
}
