import type { Highs } from 'highs';
import * as highsModule from 'highs';
import type { Solution } from '../solution.js';
import type { MatchOptions } from '../types.js';
import { buildMip, lpText, type MipModel } from './lp.js';

export interface ExactOptions {
  deadline: number;
  onProgress?: MatchOptions['onProgress'] | undefined;
}

// The package's typings describe its CommonJS build, while Node loads its ES module, whose default
// export is the loader: name what we use rather than trust the mismatched declaration.
const highsLoader = (highsModule as unknown as { default: () => Promise<Highs> }).default;
let loading: Promise<Highs> | undefined;

/** HiGHS's WebAssembly, loaded once a process. */
export async function loadHighs(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

/** What one level's solve left: its objective and the columns it set, if it found a solution. */
export interface LevelResult {
  optimal: boolean;
  objective: number;
  chosen: Set<string> | undefined;
}

/**
 * The exact reference: each component's MIP solved by HiGHS, lexicographically — first the most
 * Priority requests filled and, among those, the most reach (one solve: see ReachLevel), then
 * (holding both) the scalar objective. Returns whether every component was proved optimal within the
 * deadline.
 */
export async function solveExact(
  sol: Solution,
  parts: number[][],
  opts: ExactOptions,
): Promise<{ optimal: boolean }> {
  const highs = await loadHighs();
  let optimal = true;
  for (const [i, part] of parts.entries()) {
    const mip = buildMip(sol.model, part);
    if (mip.xs.length > 0) {
      const { held, first } = solveFirstLevels(highs, mip, opts.deadline);
      // The second level starts from the first's solution, which holds what is held: HiGHS then has
      // an incumbent at once, so it never returns less than the first level found (region-seed1 out
      // of time: 3 fills from a cold second level, 96 from the first level's incumbent).
      const second = solveLevel(
        highs,
        lpText(mip, mip.scalar, held),
        secondsLeft(opts.deadline),
        first.chosen,
      );
      optimal &&= first.optimal && second.optimal;
      const chosen = second.chosen ?? first.chosen ?? new Set<string>();
      // A request's chosen x columns are its team, all at the one slot it takes.
      const teams = new Map<number, { slot: number; candidates: number[] }>();
      for (const x of mip.xs) {
        if (!chosen.has(x.name)) continue;
        const team = teams.get(x.r) ?? { slot: x.s, candidates: [] };
        team.candidates.push(x.ci!);
        teams.set(x.r, team);
      }
      for (const [r, team] of teams) sol.place(sol.model.requests[r]!, team);
    }
    opts.onProgress?.('solve', i + 1, parts.length);
  }
  return { optimal };
}

/** The Priority (and reach) level: its solve, and the rows that hold what it reached. */
function solveFirstLevels(
  highs: Highs,
  mip: MipModel,
  deadline: number,
): { held: string[]; first: LevelResult } {
  const held: string[] = [];
  const reach = mip.reach;
  if (reach === undefined) {
    const first = solveLevel(highs, lpText(mip, mip.priority), secondsLeft(deadline));
    const best = Math.round(first.objective);
    if (first.chosen && best > 0) held.push(`keep_priority: ${mip.priority} >= ${best}`);
    return { held, first };
  }
  // Priority and reach in one solve, not two: on one machine region-seed1's exact run took 66 s
  // against 117–127 s in three solves, with the same optimum.
  const first = solveLevel(highs, lpText(mip, reach.withPriority), secondsLeft(deadline));
  if (first.chosen) {
    const best = Math.floor((first.objective + 1e-6) / reach.priorityScale);
    const reached = first.objective - best * reach.priorityScale;
    if (best > 0) held.push(`keep_priority: ${mip.priority} >= ${best}`);
    // Reach weights are decimals: hold the level to within rounding, never above what was found.
    if (reached > 1e-6)
      held.push(`keep_reach: ${reach.objective} >= ${Math.round(reached * 1e6) / 1e6 - 1e-6}`);
  }
  return { held, first };
}

/** Seconds left before the deadline, at least one (so a late level still gets a try). */
const secondsLeft = (deadline: number): number => Math.max(1, (deadline - Date.now()) / 1000);

/**
 * One solve of LP text by HiGHS within `seconds`, from `start` (the columns set to 1, the rest 0) if
 * given. Out of time before any solution, `chosen` is undefined.
 */
export function solveLevel(highs: Highs, text: string, seconds: number, start?: Set<string>): LevelResult {
  const model = highs.createModel({ format: 'lp', data: text });
  try {
    model.options.set({
      time_limit: seconds,
      mip_rel_gap: 0,
      output_flag: false,
      presolve: 'on',
    });
    if (start) {
      const values = new Float64Array(model.getDimensions().numCols);
      for (const name of start) values[model.getColByName(name)] = 1;
      model.setSolution({ colValue: values });
    }
    model.run();
    const optimal = model.getModelStatus() === highs.constants.modelStatus.optimal;
    if (model.info.get('primal_solution_status') !== highs.constants.solutionStatus.feasible)
      return { optimal, objective: Number.NaN, chosen: undefined };
    const chosen = new Set<string>();
    model.getSolution().colValue.forEach((v, j) => {
      if (v > 0.5) chosen.add(model.getColName(j));
    });
    return { optimal, objective: model.getObjectiveValue(), chosen };
  } finally {
    model.dispose();
  }
}
