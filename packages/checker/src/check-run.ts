import { EmployerDays } from './check-budgets.js';
import { checkCoverage } from './check-coverage.js';
import { checkLoad } from './check-load.js';
import { checkRows } from './check-rows.js';
import { checkTeams } from './check-teams.js';
import { checkUnfilled } from './check-unfilled.js';
import { buildContext } from './context.js';
import type { CheckInput, CheckResult } from './types.js';

/**
 * Checks a match run's output against the rules in design.md, from the dataset alone.
 * Returns every violation found (an empty list means the run is consistent) and what was checked.
 */
export function checkRun(input: CheckInput): CheckResult {
  const ctx = buildContext(input);
  const rows = checkRows(ctx, input.assignments);
  checkTeams(ctx, rows);
  checkLoad(ctx, rows);
  const budgets = new EmployerDays(ctx, input.dataset.employers ?? [], input.assignments);
  budgets.check(ctx);
  const toExplain = checkCoverage(ctx, input.assignments, input.unfilled);
  checkUnfilled(ctx, toExplain, input.assignments, budgets);
  return {
    violations: ctx.log.items,
    checked: {
      assignments: input.assignments.length,
      requests: new Set([...input.assignments, ...input.unfilled].map((r) => r.request_id)).size,
      ambassadors: new Set(input.assignments.map((a) => a.ambassador_id)).size,
      unfilled: toExplain.length,
    },
  };
}
