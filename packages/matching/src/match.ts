import { formatLondon, Policy, type PolicyInput } from '@stem-match/domain';
import { substitutesOf } from './alternatives.js';
import { monthIndex } from './calendar.js';
import { components } from './components.js';
import { solveComponent } from './engine.js';
import { explain } from './explain.js';
import { solveGreedy } from './greedy.js';
import { academicYearOfMonth, budgetRoom, buildModel, type Model } from './model.js';
import { Solution, sessionsByYear } from './solution.js';
import type {
  EmployerBudgetUse,
  Explanation,
  MatchOptions,
  MatchResult,
  MatchSnapshot,
  ProposedAssignment,
} from './types.js';

const DEFAULT_TIME_LIMIT_MS = 60_000;

/**
 * Matches open requests to ambassadors. Pure: reads only its arguments, so it runs the same in a
 * worker, the CLI, a test or a bench. `exact` needs HiGHS (WebAssembly), hence the promise.
 */
export async function match(
  snapshot: MatchSnapshot,
  policyInput: PolicyInput = {},
  options: MatchOptions = {},
): Promise<MatchResult> {
  const policy = Policy.parse(policyInput);
  const solver = options.solver ?? 'engine';
  const t0 = performance.now();
  // Only the engine works on the nearest candidates; the exact and greedy references see every one.
  const model = buildModel(
    snapshot,
    policy,
    options,
    solver === 'engine' ? policy.engine_candidates : undefined,
  );
  const t1 = performance.now();
  const sol = new Solution(model);
  const parts = components(model);
  const deadline = Date.now() + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  let exactOptimal: boolean | undefined;
  if (solver === 'exact') {
    const { solveExact } = await import('./exact/index.js');
    exactOptimal = (await solveExact(sol, parts, { deadline, onProgress: options.onProgress })).optimal;
  } else {
    parts.forEach((part, i) => {
      if (solver === 'greedy') solveGreedy(sol, part);
      else solveComponent(sol, part, { seed: options.seed ?? 1, deadline });
      options.onProgress?.('solve', i + 1, parts.length);
    });
  }
  const t2 = performance.now();
  const unfilled: Explanation[] = [];
  model.requests.forEach((rm, i) => {
    if (!sol.isFilled(rm.index)) unfilled.push(explain(sol, rm));
    options.onProgress?.('explain', i + 1, model.requests.length);
  });
  const t3 = performance.now();
  const substitutes = options.substitutes ? substitutesOf(sol, options.substitutes) : undefined;
  const t4 = performance.now();
  return {
    assignments: assignmentsOf(model, sol),
    unfilled,
    objective: sol.objective(),
    employer_budgets: budgetUse(model, sol),
    policy,
    ...(substitutes ? { substitutes } : {}),
    stats: {
      solver,
      requests: model.requests.length,
      priority_requests: model.requests.filter((rm) => rm.priority).length,
      ambassadors: model.ambassadors.length,
      candidate_pairs: model.requests.reduce((n, rm) => n + rm.candidates.length, 0),
      time_checks: model.timeChecks,
      components: parts.length,
      largest_component: parts.reduce((m, p) => Math.max(m, p.length), 0),
      ...(exactOptimal === undefined ? {} : { exact_optimal: exactOptimal }),
      seconds: {
        candidates: secs(t1 - t0),
        solve: secs(t2 - t1),
        explain: secs(t3 - t2),
        ...(substitutes ? { substitutes: secs(t4 - t3) } : {}),
        total: secs(t4 - t0),
      },
    },
  };
}

function assignmentsOf(model: Model, sol: Solution): ProposedAssignment[] {
  const out: ProposedAssignment[] = [];
  // Time-zone formatting is slow and sessions share few distinct (day, minute) pairs: remember them.
  const formatted = new Map<number, string>();
  const at = (day: number, minute: number): string => {
    const key = day * 1440 + minute;
    const known = formatted.get(key);
    if (known !== undefined) return known;
    const text = formatLondon(day, minute);
    formatted.set(key, text);
    return text;
  };
  for (const rm of model.requests) {
    const p = sol.placement[rm.index];
    if (!p) continue;
    const { day, minute, offsets } = rm.slots;
    const start = minute[p.slot]!;
    offsets.forEach((o, k) => {
      for (const ci of p.candidates) {
        const c = rm.candidates[ci]!;
        out.push({
          request_id: rm.request.id,
          session: k + 1,
          ambassador_id: model.ambassadors[c.amb]!.ambassador.id,
          start: at(day[p.slot]! + o, start),
          end: at(day[p.slot]! + o, start + rm.request.duration_min),
          distance_km: c.distanceKm,
          mode: c.online ? 'online' : 'in_person',
          score: c.score,
        });
      }
    });
  }
  return out;
}

/** Each budget's use in the run date's academic year and any year the run's sessions fall in. */
function budgetUse(model: Model, sol: Solution): EmployerBudgetUse[] {
  if (model.budgets.length === 0) return [];
  const byRun = model.budgets.map(() => new Map<number, number>());
  for (const rm of model.requests) {
    const p = sol.placement[rm.index];
    if (!p) continue;
    for (const ci of p.candidates) {
      const e = model.employerOf[rm.candidates[ci]!.amb]!;
      if (e < 0) continue;
      for (const [year, n] of sessionsByYear(rm, p.slot)) byRun[e]!.set(year, (byRun[e]!.get(year) ?? 0) + n);
    }
  }
  const thisYear = academicYearOfMonth(monthIndex(model.today));
  return model.budgets.flatMap((b, e) =>
    [...new Set([thisYear, ...byRun[e]!.keys()])]
      .sort((x, y) => x - y)
      .map((year) => {
        const this_run = byRun[e]!.get(year) ?? 0;
        return {
          employer: b.name,
          academic_year: `${year}/${String(year + 1).slice(2)}`,
          days: b.days,
          booked_before: b.used.get(year) ?? 0,
          this_run,
          left: budgetRoom(b, year) - this_run,
        };
      }),
  );
}

const secs = (ms: number): number => Math.round(ms) / 1000;
