import { type Booking, clashes } from './calendar.js';
import { academicYearOfMonth, budgetRoom, type Candidate, type Model, type RequestModel } from './model.js';
import { FILL_SCALE } from './scoring.js';
import type { ObjectiveValue } from './types.js';

export interface Placement {
  slot: number;
  /** Indices into the request's candidates. */
  candidates: number[];
}

/**
 * A (partial) assignment of this run: which slot and ambassadors each request holds, and the bookings
 * and monthly load that puts on each ambassador. Every solver builds one of these.
 */
export class Solution {
  readonly placement: Array<Placement | undefined>;
  private readonly bookings = new Map<number, Map<number, Booking[]>>();
  private readonly monthLoad = new Map<number, Map<number, number>>();
  /** Per (binding employer budget, academic year): sessions this run gives, and by which request. */
  private readonly budgetLoad = new Map<number, Map<number, number>>();
  private readonly budgetTotal = new Map<number, number>();
  /** Per organisation index, how many of its requests this solution fills (for the reach level). */
  private readonly orgFilled: Int32Array;

  constructor(readonly model: Model) {
    this.placement = new Array(model.requests.length).fill(undefined);
    this.orgFilled = new Int32Array(model.organisations.length);
  }

  /** Whether this solution fills at least one request of the organisation. */
  reaches(org: number): boolean {
    return this.orgFilled[org]! > 0;
  }

  isFilled(r: number): boolean {
    return this.placement[r] !== undefined;
  }

  /** Could candidate `c` of `rm` take slot `s`, given this run's other placements? */
  canTake(rm: RequestModel, c: Candidate, s: number): boolean {
    return this.blockersOf(rm, c, s, undefined);
  }

  /**
   * Whether `c` is free for slot `s` of `rm`; when `out` is given, collects the requests whose
   * placements stand in the way (clashing sessions, or enough of that month's load to make room).
   */
  blockersOf(
    rm: RequestModel,
    c: Candidate,
    s: number,
    out: Set<number> | undefined,
    budgets = true,
  ): boolean {
    const { day, minute, offsets } = rm.slots;
    const start = minute[s]!;
    const end = start + rm.request.duration_min;
    const buffer = this.model.policy.travel_buffer_min;
    const byDay = this.bookings.get(c.amb);
    let free = true;
    if (byDay) {
      for (const o of offsets) {
        const list = byDay.get(day[s]! + o);
        if (!list) continue;
        for (const b of list) {
          if (b.request !== rm.index && clashes(b, start, end, buffer)) {
            if (!out) return false;
            free = false;
            out.add(b.request);
          }
        }
      }
    }
    const load = this.monthLoad.get(c.amb);
    if (load) {
      const cal = this.model.ambassadors[c.amb]!.calendar;
      const n = offsets.length;
      for (let k = 0; k < n; k++) {
        const m = rm.months[s * n + k]!;
        if (k > 0 && rm.months[s * n + k - 1] === m) continue; // sessions ascend, so a month's run is contiguous
        let need = 1;
        while (k + need < n && rm.months[s * n + k + need] === m) need++;
        const over = (load.get(m) ?? 0) + need - cal.roomInMonth(m);
        if (over > 0) {
          if (!out) return false;
          free = false;
          this.addMonthBlockers(c.amb, m, over, rm.index, out);
        }
      }
    }
    const e = budgets ? this.bindingEmployer(c.amb) : -1;
    if (e >= 0) {
      for (const [year, need] of sessionsByYear(rm, s)) {
        const over = this.budgetUse(e, year) + need - budgetRoom(this.model.budgets[e]!, year);
        if (over > 0) {
          if (!out) return false;
          free = false;
          this.addBudgetBlockers(e, year, over, rm.index, out);
        }
      }
    }
    return free;
  }

  /** The ambassador's employer budget if it can bind in this run, else -1. */
  private bindingEmployer(amb: number): number {
    const e = this.model.employerOf[amb]!;
    return e >= 0 && this.model.budgets[e]!.binds ? e : -1;
  }

  private budgetUse(e: number, year: number): number {
    return this.budgetTotal.get(budgetKey(e, year)) ?? 0;
  }

  private addBudgetBlockers(e: number, year: number, over: number, self: number, out: Set<number>): void {
    const holders = [...(this.budgetLoad.get(budgetKey(e, year)) ?? [])].filter(([r]) => r !== self);
    holders.sort(([a], [b]) => compareValue(this.valueOf(a), this.valueOf(b)) || a - b);
    let freed = 0;
    for (const [r, count] of holders) {
      if (freed >= over) break;
      out.add(r);
      freed += count;
    }
  }

  /**
   * Whether a whole team fits its employers' budgets together: each member may fit alone while two
   * colleagues together do not. (Clashes and monthly capacity are each one ambassador's, so canTake
   * per member covers them.)
   */
  teamFitsBudgets(rm: RequestModel, s: number, team: readonly number[]): boolean {
    if (team.length < 2) return true;
    const perEmployer = new Map<number, number>();
    for (const ci of team) {
      const e = this.bindingEmployer(rm.candidates[ci]!.amb);
      if (e >= 0) perEmployer.set(e, (perEmployer.get(e) ?? 0) + 1);
    }
    for (const [e, members] of perEmployer) {
      if (members < 2) continue;
      for (const [year, need] of sessionsByYear(rm, s)) {
        if (this.budgetUse(e, year) + members * need > budgetRoom(this.model.budgets[e]!, year)) return false;
      }
    }
    return true;
  }

  private addBudget(rm: RequestModel, p: Placement, sign: 1 | -1): void {
    for (const ci of p.candidates) {
      const e = this.bindingEmployer(rm.candidates[ci]!.amb);
      if (e < 0) continue;
      for (const [year, need] of sessionsByYear(rm, p.slot)) {
        const key = budgetKey(e, year);
        const holders = this.budgetLoad.get(key) ?? new Map<number, number>();
        this.budgetLoad.set(key, holders);
        const n = (holders.get(rm.index) ?? 0) + sign * need;
        if (n > 0) holders.set(rm.index, n);
        else holders.delete(rm.index);
        this.budgetTotal.set(key, (this.budgetTotal.get(key) ?? 0) + sign * need);
      }
    }
  }

  private addMonthBlockers(amb: number, month: number, over: number, self: number, out: Set<number>): void {
    // The cheapest requests to move come first, so ejection frees the month at least cost.
    const holders = new Map<number, number>();
    for (const list of this.bookings.get(amb)?.values() ?? []) {
      for (const b of list) {
        if (b.request === self || b.month !== month) continue;
        holders.set(b.request, (holders.get(b.request) ?? 0) + 1);
      }
    }
    const order = [...holders.keys()].sort((a, b) => compareValue(this.valueOf(a), this.valueOf(b)) || a - b);
    let freed = 0;
    for (const r of order) {
      if (freed >= over) break;
      out.add(r);
      freed += holders.get(r)!;
    }
  }

  place(rm: RequestModel, p: Placement): void {
    this.placement[rm.index] = p;
    this.orgFilled[rm.orgIndex]!++;
    this.addBudget(rm, p, 1);
    const { day, minute, offsets } = rm.slots;
    const start = minute[p.slot]!;
    for (const ci of p.candidates) {
      const amb = rm.candidates[ci]!.amb;
      const byDay = this.bookings.get(amb) ?? new Map<number, Booking[]>();
      this.bookings.set(amb, byDay);
      const load = this.monthLoad.get(amb) ?? new Map<number, number>();
      this.monthLoad.set(amb, load);
      offsets.forEach((o, k) => {
        const d = day[p.slot]! + o;
        const list = byDay.get(d) ?? [];
        const m = rm.months[p.slot * offsets.length + k]!;
        list.push({ day: d, start, end: start + rm.request.duration_min, month: m, request: rm.index });
        byDay.set(d, list);
        load.set(m, (load.get(m) ?? 0) + 1);
      });
    }
  }

  remove(rm: RequestModel): Placement | undefined {
    const p = this.placement[rm.index];
    if (!p) return undefined;
    this.placement[rm.index] = undefined;
    this.orgFilled[rm.orgIndex]!--;
    this.addBudget(rm, p, -1);
    const { day, offsets } = rm.slots;
    for (const ci of p.candidates) {
      const amb = rm.candidates[ci]!.amb;
      const byDay = this.bookings.get(amb)!;
      const load = this.monthLoad.get(amb)!;
      offsets.forEach((o, k) => {
        const d = day[p.slot]! + o;
        const rest = byDay.get(d)!.filter((b) => b.request !== rm.index);
        if (rest.length > 0) byDay.set(d, rest);
        else byDay.delete(d);
        const m = rm.months[p.slot * offsets.length + k]!;
        load.set(m, load.get(m)! - 1);
      });
    }
    return p;
  }

  /**
   * A request's contribution to each objective level (zero when unfilled). Its reach is what removing
   * it alone would lose: the organisation's weight when it is the organisation's only filled request.
   */
  valueOf(r: number): Value {
    const p = this.placement[r];
    if (!p) return ZERO;
    const rm = this.model.requests[r]!;
    let q = 0;
    for (const ci of p.candidates) q += rm.candidates[ci]!.quality;
    const reach = this.orgFilled[rm.orgIndex] === 1 ? rm.reachWeight : 0;
    return { priority: rm.priorityLevel, reach, weight: rm.fillWeight, quality: q };
  }

  /**
   * The value a set of requests holds together: their own levels plus the reach of their
   * organisations. Reach is per organisation, not per request, so a change to these requests alone
   * changes the whole objective by exactly the change of this value.
   */
  valueOfSet(requests: Iterable<number>): Value {
    let priority = 0;
    let weight = 0;
    let quality = 0;
    const orgs = new Set<number>();
    for (const r of requests) {
      const rm = this.model.requests[r]!;
      if (rm.reachWeight > 0) orgs.add(rm.orgIndex);
      const p = this.placement[r];
      if (!p) continue;
      priority += rm.priorityLevel;
      weight += rm.fillWeight;
      for (const ci of p.candidates) quality += rm.candidates[ci]!.quality;
    }
    let reach = 0;
    for (const o of orgs) if (this.orgFilled[o]! > 0) reach += this.model.orgReach[o]!;
    return { priority, reach, weight, quality };
  }

  objective(): ObjectiveValue {
    let priority_filled = 0;
    let filled = 0;
    let weighted = 0;
    let quality = 0;
    for (let r = 0; r < this.placement.length; r++) {
      if (!this.placement[r]) continue;
      const v = this.valueOf(r);
      filled++;
      if (this.model.requests[r]!.priority) priority_filled++;
      weighted += v.weight;
      quality += v.quality;
    }
    const reached = { reach: 0, organisations: 0, priority: 0 };
    this.model.organisations.forEach((o, i) => {
      if (this.model.orgUnreached[i] === 0 || this.orgFilled[i] === 0) return;
      reached.reach += this.model.orgReach[i]!;
      reached.organisations++;
      if (o.priority) reached.priority++;
    });
    return objectiveOf(priority_filled, filled, weighted, quality, reached);
  }
}

const BUDGET_KEY = 10_000;
const budgetKey = (e: number, year: number): number => e * BUDGET_KEY + year;

/** A slot's sessions per academic year (a series may run across 1 September). */
export function sessionsByYear(rm: RequestModel, s: number): Array<[year: number, sessions: number]> {
  const n = rm.slots.offsets.length;
  const first = academicYearOfMonth(rm.months[s * n]!);
  const last = academicYearOfMonth(rm.months[s * n + n - 1]!);
  if (first === last) return [[first, n]];
  const out = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const y = academicYearOfMonth(rm.months[s * n + k]!);
    out.set(y, (out.get(y) ?? 0) + 1);
  }
  return [...out];
}

export function objectiveOf(
  priority: number,
  filled: number,
  weighted: number,
  quality: number,
  reached: { reach: number; organisations: number; priority: number } = {
    reach: 0,
    organisations: 0,
    priority: 0,
  },
): ObjectiveValue {
  const w = round6(weighted);
  const q = round6(quality);
  return {
    priority_filled: priority,
    reach: round6(reached.reach),
    new_organisations_reached: reached.organisations,
    new_priority_schools_reached: reached.priority,
    filled,
    weighted_filled: w,
    quality: q,
    scalar: round6(FILL_SCALE * w + q),
  };
}

export interface Value {
  priority: number;
  /** The reach level: weights of organisations reached for the first time this academic year. */
  reach: number;
  weight: number;
  quality: number;
}
export const ZERO: Value = { priority: 0, reach: 0, weight: 0, quality: 0 };
const EPS = 1e-9;

/** Lexicographic comparison of objective values: Priority, then reach, then fill weight, then quality. */
export function compareValue(a: Value, b: Value): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (Math.abs(a.reach - b.reach) > EPS) return a.reach - b.reach;
  if (Math.abs(a.weight - b.weight) > EPS) return a.weight - b.weight;
  if (Math.abs(a.quality - b.quality) > EPS) return a.quality - b.quality;
  return 0;
}

export const addValue = (a: Value, b: Value): Value => ({
  priority: a.priority + b.priority,
  reach: a.reach + b.reach,
  weight: a.weight + b.weight,
  quality: a.quality + b.quality,
});
export const subValue = (a: Value, b: Value): Value => ({
  priority: a.priority - b.priority,
  reach: a.reach - b.reach,
  weight: a.weight - b.weight,
  quality: a.quality - b.quality,
});

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
