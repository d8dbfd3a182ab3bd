import type { LegacyHighs } from 'highs';
import * as highsModule from 'highs';
import type { Solution } from '../solution.js';
import type { MatchOptions } from '../types.js';
import { buildMip, lpText } from './lp.js';

export interface ExactOptions {
  deadline: number;
  onProgress?: MatchOptions['onProgress'] | undefined;
}

// The package's typings describe its CommonJS build, while Node loads its ES module, whose default
// export is the loader: name the one method we use rather than trust the mismatched declaration.
const highsLoader = (highsModule as unknown as { default: () => Promise<LegacyHighs> }).default;
let loading: Promise<LegacyHighs> | undefined;

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
  loading ??= highsLoader();
  const highs = await loading;
  let optimal = true;
  for (const [i, part] of parts.entries()) {
    const mip = buildMip(sol.model, part);
    if (mip.ys.length > 0) {
      const run = (objective: string, extra: string[] = []) => {
        const seconds = Math.max(1, (opts.deadline - Date.now()) / 1000);
        const result = highs.solve(lpText(mip, objective, extra), {
          time_limit: seconds,
          mip_rel_gap: 0,
          output_flag: false,
          presolve: 'on',
        });
        if (result.Status !== 'Optimal') optimal = false;
        return result;
      };
      const held: string[] = [];
      // Out of time before any solution, HiGHS reports an infinite objective: hold nothing then.
      const reach = mip.reach;
      if (reach === undefined) {
        const best = Math.round(run(mip.priority).ObjectiveValue);
        if (Number.isFinite(best) && best > 0) held.push(`keep_priority: ${mip.priority} >= ${best}`);
      } else {
        // Priority and reach in one solve, not two: on one machine region-seed1's exact run took 66 s
        // against 117–127 s in three solves, with the same optimum.
        const value = run(reach.withPriority).ObjectiveValue;
        if (Number.isFinite(value)) {
          const best = Math.floor((value + 1e-6) / reach.priorityScale);
          const reached = value - best * reach.priorityScale;
          if (best > 0) held.push(`keep_priority: ${mip.priority} >= ${best}`);
          // Reach weights are decimals: hold the level to within rounding, never above what was found.
          if (reached > 1e-6)
            held.push(`keep_reach: ${reach.objective} >= ${Math.round(reached * 1e6) / 1e6 - 1e-6}`);
        }
      }
      const second = run(mip.scalar, held);
      const chosen = (name: string) => {
        const column = second.Columns[name];
        return column !== undefined && 'Primal' in column && column.Primal > 0.5;
      };
      for (const y of mip.ys) {
        if (!chosen(y.name)) continue;
        const rm = sol.model.requests[y.r]!;
        const team = mip.xs.filter((x) => x.r === y.r && x.s === y.s && chosen(x.name)).map((x) => x.ci!);
        sol.place(rm, { slot: y.s, candidates: team });
      }
    }
    opts.onProgress?.('solve', i + 1, parts.length);
  }
  return { optimal };
}
