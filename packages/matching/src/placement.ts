import { bits, hasBit } from './bitset.js';
import type { RequestModel } from './model.js';
import type { Placement, Solution } from './solution.js';

/** Orders the choice of ambassadors for a slot: by the candidates' own order, or by a custom key. */
export type CandidateOrder = readonly number[];

/**
 * A placement of a request that moves nobody else. By default the best: candidates are taken in
 * `order` (default best quality first), a lone ambassador at their earliest free slot, a team at the
 * first slot where enough of the best are free together. With `firstFit`, the earliest slot at which
 * enough are free, taking them in `order` (the status quo's rule).
 */
export function bestFreePlacement(
  sol: Solution,
  rm: RequestModel,
  order?: CandidateOrder,
  firstFit = false,
): Placement | undefined {
  const needed = rm.request.needed;
  const cands = rm.candidates;
  if (cands.length < needed) return undefined;
  const seq = order ?? cands.map((_, i) => i);
  const budgets = sol.model.budgets.length > 0;
  if (needed === 1) {
    // The first candidate in order with any free slot is the best; take their earliest free slot.
    for (const ci of seq) {
      const c = cands[ci]!;
      for (const s of bits(c.slots)) if (sol.canTake(rm, c, s)) return { slot: s, candidates: [ci] };
    }
    return undefined;
  }
  if (!firstFit) {
    // Walk candidates best first, counting who is free at each slot: the first slot to gather
    // `needed` of them holds (nearly) the best team, and we look no further than we must.
    const members = new Map<number, number[]>();
    for (const ci of seq) {
      const c = cands[ci]!;
      for (const s of bits(c.slots)) {
        if (!sol.canTake(rm, c, s)) continue;
        const team = members.get(s) ?? [];
        if (!joins(sol, rm, s, team, ci, budgets)) continue;
        members.set(s, team);
        if (team.length === needed) return { slot: s, candidates: team };
      }
    }
    return undefined;
  }
  const slotCount = rm.slots.day.length;
  for (let s = 0; s < slotCount; s++) {
    const chosen: number[] = [];
    for (const ci of seq) {
      const c = cands[ci]!;
      if (!hasBit(c.slots, s) || !sol.canTake(rm, c, s)) continue;
      if (!joins(sol, rm, s, chosen, ci, budgets)) continue;
      if (chosen.length === needed) return { slot: s, candidates: chosen };
    }
  }
  return undefined;
}

/** Adds candidate `ci` to `team` unless (with budgets) their employers' budgets could not hold them together. */
function joins(
  sol: Solution,
  rm: RequestModel,
  s: number,
  team: number[],
  ci: number,
  budgets: boolean,
): boolean {
  team.push(ci);
  if (budgets && !sol.teamFitsBudgets(rm, s, team)) {
    team.pop();
    return false;
  }
  return true;
}
