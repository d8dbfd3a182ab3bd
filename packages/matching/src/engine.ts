import { bits } from './bitset.js';
import type { Model, RequestModel } from './model.js';
import { bestFreePlacement } from './placement.js';
import { createRandom, shuffle } from './random.js';
import {
  addValue,
  compareValue,
  type Placement,
  type Solution,
  subValue,
  type Value,
  ZERO,
} from './solution.js';

export interface EngineOptions {
  seed: number;
  /** Stop improving after this time (a safety net: results are deterministic when it is not reached). */
  deadline: number;
  /** Ejection options tried per unfilled request and pass. */
  optionsPerRequest?: number;
  maxPasses?: number;
}

/**
 * Most valuable first: Priority, then the organisation's reach weight, then fill weight, then the
 * fewest candidates (hardest to place).
 */
function byValue(model: Model) {
  return (a: number, b: number): number => {
    const x = model.requests[a]!;
    const y = model.requests[b]!;
    return (
      y.priorityLevel - x.priorityLevel ||
      y.reachWeight - x.reachWeight ||
      y.fillWeight - x.fillWeight ||
      x.candidates.length / x.request.needed - y.candidates.length / y.request.needed ||
      a - b
    );
  };
}

/**
 * The product solver for one component: construct in value order, then repair by ejection chains
 * (place an unfilled request by moving or evicting the requests in its way, keeping the change only if
 * the lexicographic objective rises), then raise quality by re-placing each request at its best.
 */
export function solveComponent(
  sol: Solution,
  requests: readonly number[],
  opts: EngineOptions,
): { timedOut: boolean } {
  const model = sol.model;
  const order = [...requests].sort(byValue(model));
  construct(sol, order);

  const random = createRandom(opts.seed);
  const maxPasses = opts.maxPasses ?? 6;
  let timedOut = false;
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    const unfilled = order.filter((r) => !sol.isFilled(r));
    // Within equal value, the seed decides who tries first, so repeated runs can explore differently.
    const tries = shuffleWithinTies(unfilled, model, random);
    for (const r of tries) {
      if (Date.now() > opts.deadline) {
        timedOut = true;
        break;
      }
      if (!sol.isFilled(r) && tryEject(sol, model.requests[r]!, opts.optionsPerRequest ?? 8)) improved = true;
    }
    if (!improved || timedOut) break;
  }

  for (const r of order) {
    if (Date.now() > opts.deadline) {
      timedOut = true;
      break;
    }
    if (sol.isFilled(r)) improveQuality(sol, model.requests[r]!);
  }
  return { timedOut };
}

/**
 * Places requests in value order. A request whose organisation this run already reaches has lost its
 * reach weight, so it waits until the rest of its Priority level is placed: the first request of
 * another unreached organisation gets the ambassadors first.
 */
function construct(sol: Solution, order: readonly number[]): void {
  const model = sol.model;
  let waiting: number[] = [];
  const placeAt = (r: number) => {
    const rm = model.requests[r]!;
    const p = bestFreePlacement(sol, rm);
    if (p) sol.place(rm, p);
  };
  for (let i = 0; i < order.length; i++) {
    const rm = model.requests[order[i]!]!;
    if (rm.reachWeight > 0 && sol.reaches(rm.orgIndex)) waiting.push(rm.index);
    else placeAt(rm.index);
    const next = order[i + 1];
    if (next === undefined || model.requests[next]!.priorityLevel !== rm.priorityLevel) {
      waiting.sort(byValueWithoutReach(model)).forEach(placeAt);
      waiting = [];
    }
  }
}

function byValueWithoutReach(model: Model) {
  const byValueOf = byValue(model);
  return (a: number, b: number): number => {
    const x = model.requests[a]!;
    const y = model.requests[b]!;
    return y.fillWeight - x.fillWeight || byValueOf(a, b);
  };
}

interface EjectOption {
  slot: number;
  candidates: number[];
  blockers: Set<number>;
  loss: Value;
}

/** Tries to place `rm` by displacing others; keeps the first option that raises the objective. */
function tryEject(sol: Solution, rm: RequestModel, maxOptions: number): boolean {
  for (const option of ejectOptions(sol, rm).slice(0, maxOptions)) {
    // Reach is per organisation: valueOfSet counts each affected organisation once, before and after.
    const touched = [rm.index, ...option.blockers];
    const before = sol.valueOfSet(touched);
    const saved = new Map<number, Placement>();
    for (const b of option.blockers) saved.set(b, sol.remove(sol.model.requests[b]!)!);
    // Each member is free once the blockers go; colleagues under one employer budget may not be together.
    if (!sol.teamFitsBudgets(rm, option.slot, option.candidates)) {
      for (const [b, p] of saved) sol.place(sol.model.requests[b]!, p);
      continue;
    }
    sol.place(rm, { slot: option.slot, candidates: option.candidates });
    const blockers = [...option.blockers].sort(byValue(sol.model));
    for (const b of blockers) {
      const bm = sol.model.requests[b]!;
      const p = bestFreePlacement(sol, bm);
      if (p) sol.place(bm, p);
    }
    const after = sol.valueOfSet(touched);
    if (compareValue(subValue(after, before), ZERO) > 0) return true;
    // Undo: the option did not pay.
    for (const b of blockers) sol.remove(sol.model.requests[b]!);
    sol.remove(rm);
    for (const [b, p] of saved) sol.place(sol.model.requests[b]!, p);
  }
  return false;
}

/** Only the best candidates are considered for evictions: a worse one rarely pays for moving others. */
const EJECTION_CANDIDATES = 40;

/** Ways to place `rm` now, each with the requests that would have to move; least costly first. */
function ejectOptions(sol: Solution, rm: RequestModel): EjectOption[] {
  const needed = rm.request.needed;
  const bySlot = new Map<number, Array<{ ci: number; blockers: Set<number>; cost: Value }>>();
  const limit = Math.min(rm.candidates.length, Math.max(EJECTION_CANDIDATES, needed * 4));
  for (let ci = 0; ci < limit; ci++) {
    const c = rm.candidates[ci]!;
    for (const s of bits(c.slots)) {
      const blockers = new Set<number>();
      sol.blockersOf(rm, c, s, blockers);
      const cost = [...blockers].reduce((v, b) => addValue(v, sol.valueOf(b)), ZERO);
      const here = bySlot.get(s) ?? [];
      here.push({ ci, blockers, cost });
      bySlot.set(s, here);
    }
  }
  const out: EjectOption[] = [];
  for (const [s, here] of bySlot) {
    if (here.length < needed) continue;
    here.sort((x, y) => compareValue(x.cost, y.cost) || x.ci - y.ci);
    const chosen = here.slice(0, needed);
    const blockers = new Set<number>();
    for (const h of chosen) for (const b of h.blockers) blockers.add(b);
    if (blockers.size === 0 || blockers.size > 3) continue;
    const loss = [...blockers].reduce((v, b) => addValue(v, sol.valueOf(b)), ZERO);
    out.push({ slot: s, candidates: chosen.map((h) => h.ci), blockers, loss });
  }
  // One option per distinct set of blockers: the same eviction at another slot adds nothing.
  const seen = new Set<string>();
  return out
    .sort((a, b) => compareValue(a.loss, b.loss) || a.slot - b.slot)
    .filter((o) => {
      const key = [...o.blockers].sort((a, b) => a - b).join(',');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Re-places a filled request at its best free placement (never worse than where it is). */
function improveQuality(sol: Solution, rm: RequestModel): void {
  const before = sol.valueOf(rm.index);
  const old = sol.remove(rm)!;
  const p = bestFreePlacement(sol, rm);
  if (p) sol.place(rm, p);
  if (!p || compareValue(sol.valueOf(rm.index), before) < 0) {
    if (p) sol.remove(rm);
    sol.place(rm, old);
  }
}

function shuffleWithinTies(requests: number[], model: Model, random: () => number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < requests.length) {
    let j = i + 1;
    const a = model.requests[requests[i]!]!;
    while (j < requests.length) {
      const b = model.requests[requests[j]!]!;
      if (a.priorityLevel !== b.priorityLevel || Math.abs(a.fillWeight - b.fillWeight) > 1e-9) break;
      j++;
    }
    out.push(...shuffle(requests.slice(i, j), random));
    i = j;
  }
  return out;
}
