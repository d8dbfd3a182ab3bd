import { hasBit } from '../bitset.js';
import { budgetRoom, type Model } from '../model.js';
import { sessionsByYear } from '../solution.js';

/** One binary column of the MIP. */
export interface Column {
  name: string;
  /** Request index, slot, and (for x columns) candidate index. */
  r: number;
  s: number;
  ci?: number;
}

export interface MipModel {
  /** y[r,s], for requests that need a team of two or more (one ambassador's x is its own y). */
  ys: Column[];
  xs: Column[];
  /** f[r] — request r is filled (at one of its slots): the sum of its y columns (x, for one). */
  fs: string[];
  /** z[o] — organisation o (not yet reached this academic year) gets at least one filled request. */
  zs: string[];
  rows: string[];
  priority: string;
  /** The reach level, or undefined when no organisation in the component carries weight. */
  reach: ReachLevel | undefined;
  scalar: string;
}

export interface ReachLevel {
  objective: string;
  /**
   * The first two levels as one objective, `priorityScale` × Priority fills + reach: the scale is a
   * whole number (so the LP's coefficients are exact and the levels part cleanly again) above all the
   * reach there is, so one more Priority fill outweighs any reach.
   */
  withPriority: string;
  priorityScale: number;
}

const num = (x: number): string => (Math.round(x * 1e6) / 1e6).toString();

/** `+ 3 a - 0.5 b …`, wrapped so no LP line gets too long. */
function sum(terms: ReadonlyArray<[number, string]>): string {
  const parts = terms
    .filter(([c]) => c !== 0)
    .map(([c, v], i) => `${c < 0 ? '-' : i === 0 ? '' : '+'} ${num(Math.abs(c))} ${v}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 40) lines.push(parts.slice(i, i + 40).join(' '));
  return lines.join('\n ') || '0 dummy';
}

/**
 * The MIP of the engine's model for one component: y[r,s] — request r takes slot s; x[r,s,c] —
 * candidate c takes it; f[r] = Σ_s y[r,s] — request r is filled. Each request takes at most one slot
 * and exactly `needed` candidates there, none of them at a slot it does not take; an ambassador's
 * sessions may not clash (with the travel buffer), as cliques of the interval graph where two requests
 * meet; monthly capacity holds; an employer's budget holds across its ambassadors per academic year;
 * z[o] ≤ Σ f of organisation o's requests, so reach counts it once.
 *
 * f and x ≤ y change no solution, only how fast HiGHS proves the optimum (it branches on whether a
 * request is filled rather than on each of its slots, and the relaxation counts no candidate at a slot
 * for more than the slot is taken): on one machine they took the reach stage of small-seed2 from 75 s
 * to 7–9 s, and its whole solve and small-seed3's from beyond 60 s to 10.8 s and 33.5 s. A request
 * of one ambassador has no y: its x[r,s,c] is the y (f = Σ x), the same relaxation with 20,294 fewer
 * columns and team rows at region-seed2 for HiGHS's presolve to take out (there 58.8 → 32.6 s).
 */
export function buildMip(model: Model, requests: readonly number[]): MipModel {
  const buffer = model.policy.travel_buffer_min;
  const ys: Column[] = [];
  const xs: Column[] = [];
  const fs: string[] = [];
  const rows: string[] = [];
  // Per ambassador: the x columns with their session intervals and months.
  const sessions = new Map<
    number,
    Array<{ x: string; r: number; day: number; start: number; end: number }>
  >();
  const months = new Map<number, Map<number, Array<[number, string]>>>();
  const priority: Array<[number, string]> = [];
  const scalar: Array<[number, string]> = [];
  const fsOfOrganisation = new Map<number, string[]>();
  // Per binding employer budget and academic year: sessions per x column.
  const budgetTerms = new Map<string, Array<[number, string]>>();

  for (const r of requests) {
    const rm = model.requests[r]!;
    const needed = rm.request.needed;
    const n = rm.slots.offsets.length;
    // What f sums: the y columns, or for a request of one ambassador its x columns themselves.
    const fillTerms: string[] = [];
    for (let s = 0; s < rm.slots.day.length; s++) {
      const here = rm.candidates.map((c, ci) => [c, ci] as const).filter(([c]) => hasBit(c.slots, s));
      if (here.length < needed) continue;
      const y = `y${r}_${s}`;
      if (needed > 1) {
        ys.push({ name: y, r, s });
        fillTerms.push(y);
      }
      const team: Array<[number, string]> = [];
      for (const [c, ci] of here) {
        const x = `x${r}_${s}_${ci}`;
        xs.push({ name: x, r, s, ci });
        team.push([1, x]);
        if (needed > 1) rows.push(`slot_${r}_${s}_${ci}: ${x} - ${y} <= 0`);
        else fillTerms.push(x);
        scalar.push([c.quality, x]);
        const list = sessions.get(c.amb) ?? [];
        const start = rm.slots.minute[s]!;
        for (const o of rm.slots.offsets)
          list.push({ x, r, day: rm.slots.day[s]! + o, start, end: start + rm.request.duration_min });
        sessions.set(c.amb, list);
        const byMonth = months.get(c.amb) ?? new Map<number, Array<[number, string]>>();
        const counts = new Map<number, number>();
        for (let k = 0; k < n; k++)
          counts.set(rm.months[s * n + k]!, (counts.get(rm.months[s * n + k]!) ?? 0) + 1);
        for (const [m, count] of counts) byMonth.set(m, [...(byMonth.get(m) ?? []), [count, x]]);
        months.set(c.amb, byMonth);
        const e = model.employerOf[c.amb]!;
        if (e >= 0 && model.budgets[e]!.binds) {
          for (const [year, count] of sessionsByYear(rm, s)) {
            const key = `${e}_${year}`;
            const list = budgetTerms.get(key) ?? [];
            list.push([count, x]);
            budgetTerms.set(key, list);
          }
        }
      }
      if (needed > 1) rows.push(`team_${r}_${s}: ${sum([...team, [-needed, y]])} = 0`);
    }
    if (fillTerms.length === 0) continue;
    // f is binary, so this row also lets the request take at most one slot.
    const f = `f${r}`;
    fs.push(f);
    rows.push(`fill_${r}: ${sum([[1, f], ...fillTerms.map((v): [number, string] => [-1, v])])} = 0`);
    priority.push([rm.priorityLevel, f]);
    scalar.push([1000 * rm.fillWeight, f]);
    if (rm.reachWeight > 0)
      fsOfOrganisation.set(rm.orgIndex, [...(fsOfOrganisation.get(rm.orgIndex) ?? []), f]);
  }
  for (const [key, terms] of budgetTerms) {
    const [e, year] = key.split('_').map(Number) as [number, number];
    const room = budgetRoom(model.budgets[e]!, year);
    if (terms.reduce((n, [c]) => n + c, 0) > room)
      rows.push(`budget_${key}: ${sum(terms)} <= ${Math.max(0, room)}`);
  }
  const zs: string[] = [];
  const reach: Array<[number, string]> = [];
  for (const [o, fsOfOrg] of fsOfOrganisation) {
    const z = `z${o}`;
    zs.push(z);
    reach.push([model.orgReach[o]!, z]);
    rows.push(`reach_${o}: ${sum([[1, z], ...fsOfOrg.map((f): [number, string] => [-1, f])])} <= 0`);
  }

  for (const [amb, list] of sessions) {
    const byDay = new Map<number, typeof list>();
    for (const item of list) byDay.set(item.day, [...(byDay.get(item.day) ?? []), item]);
    for (const [day, items] of byDay) {
      const starts = [...new Set(items.map((i) => i.start))].sort((a, b) => a - b);
      for (const p of starts) {
        const here = items.filter((i) => i.start <= p && p < i.end + buffer);
        // One request's own slots never clash in a solution (it takes one slot): Σ x ≤ Σ y = f ≤ 1
        // already holds there, so such a row adds nothing, not even to the relaxation. At
        // region-seed1 they were 37,216 of 69,258 clash rows, all for HiGHS's presolve to go through.
        if (here.every((i) => i.r === here[0]!.r)) continue;
        const covering = [...new Set(here.map((i) => i.x))];
        rows.push(`clash_${amb}_${day}_${p}: ${sum(covering.map((x) => [1, x]))} <= 1`);
      }
    }
  }
  for (const [amb, byMonth] of months) {
    const cal = model.ambassadors[amb]!.calendar;
    for (const [m, terms] of byMonth) {
      const room = cal.roomInMonth(m);
      if (terms.reduce((s, [c]) => s + c, 0) <= room) continue;
      rows.push(`cap_${amb}_${m}: ${sum(terms)} <= ${room}`);
    }
  }
  return {
    ys,
    xs,
    fs,
    zs,
    rows,
    priority: sum(priority),
    reach: reach.length > 0 ? reachLevel(priority, reach) : undefined,
    scalar: sum(scalar),
  };
}

function reachLevel(
  priority: ReadonlyArray<[number, string]>,
  reach: ReadonlyArray<[number, string]>,
): ReachLevel {
  const priorityScale = Math.ceil(reach.reduce((all, [w]) => all + w, 0)) + 1;
  return {
    objective: sum(reach),
    withPriority: sum([...priority.map(([c, v]): [number, string] => [c * priorityScale, v]), ...reach]),
    priorityScale,
  };
}

/** CPLEX LP text: maximise `objective` subject to the rows (and any extra), all columns binary. */
export function lpText(mip: MipModel, objective: string, extra: string[] = []): string {
  const names = [...mip.ys, ...mip.xs].map((c) => c.name).concat(mip.fs, mip.zs);
  return [
    'Maximize',
    ` obj: ${objective}`,
    'Subject To',
    ...[...mip.rows, ...extra].map((r) => ` ${r}`),
    'Binary',
    ...Array.from(
      { length: Math.ceil(names.length / 40) },
      (_, i) => ` ${names.slice(i * 40, i * 40 + 40).join(' ')}`,
    ),
    'End',
  ].join('\n');
}
