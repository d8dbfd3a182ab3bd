import {
  type ActivityRequest,
  academicYearOfDay,
  dayNumber,
  FUNNEL_STAGES,
  REASON_AT_STAGE,
  type UnfilledReason,
} from '@stem-match/domain';
import type { EmployerDays } from './check-budgets.js';
import type { CheckContext } from './context.js';
import { reportToleranceKm } from './distance.js';
import { km } from './format.js';
import { type Funnel, largestTeam, recomputeFunnel } from './funnel.js';
import { nearestOffering } from './nearest.js';
import type { AssignmentRow, UnfilledRow } from './types.js';

/**
 * Re-derives each unfilled request's explanation from the dataset and compares: the counts,
 * the funnel, the reason it implies, who took the candidates, and the nearest distance.
 */
export function checkUnfilled(
  ctx: CheckContext,
  unfilled: readonly UnfilledRow[],
  assignments: readonly AssignmentRow[],
  budgets: EmployerDays,
): void {
  const assignedTo = new Map<string, Set<string>>();
  for (const a of assignments) {
    const team = assignedTo.get(a.request_id) ?? new Set<string>();
    team.add(a.ambassador_id);
    assignedTo.set(a.request_id, team);
  }
  for (const u of unfilled) {
    const request = ctx.requests.get(u.request_id);
    if (!request) continue;
    const organisation = ctx.organisations.get(request.organisation_id);
    const ids = { request_id: u.request_id };
    if (!organisation) {
      ctx.log.add(
        'unknown_organisation',
        ids,
        `request ${request.id} names organisation ${request.organisation_id}, which is not in the dataset`,
      );
      continue;
    }
    if (u.needed !== request.needed || u.filled < 0 || u.filled >= u.needed) {
      ctx.log.add(
        'unfilled_counts_invalid',
        ids,
        `request ${u.request_id}: unfilled says filled ${u.filled} of needed ${u.needed}; the request needs ${request.needed} and an unfilled request has fewer than that`,
      );
    }

    const funnel = recomputeFunnel(ctx, request, organisation);
    const funnelOk = checkFunnel(ctx, u, funnel);
    // Judge the reason by the reported funnel when it agrees with ours, else by our own.
    const counts = funnelOk ? [...u.funnel] : funnel.high;
    checkReason(ctx, u, counts, () => largestTeam(ctx, request, funnel, request.needed));
    if (u.reason === 'employer_budget_exhausted') checkBudgetReason(ctx, u, request, funnel, budgets);

    if (u.taken_by && u.taken_by.length > 0) {
      const candidates = new Set(funnel.finalists.map((c) => c.ambassador.id));
      for (const other of u.taken_by) {
        const team = assignedTo.get(other);
        if (team && [...team].some((id) => candidates.has(id))) continue;
        ctx.log.add(
          'taken_by_invalid',
          ids,
          `request ${u.request_id} says request ${other} took its candidates, but ${team ? `${other}'s ambassadors (${[...team].join(', ')}) are none of its candidates` : `${other} has no assignments in this run`}`,
        );
      }
    }

    if (u.nearest_km !== undefined) {
      const nearest = nearestOffering(ctx, request, organisation);
      if (!nearest) {
        ctx.log.add(
          'nearest_km_invalid',
          ids,
          `request ${u.request_id} reports nearest_km ${u.nearest_km}, but no in-person ambassador anywhere offers its activity type, key stage and subjects`,
        );
      } else if (u.nearest_km < nearest.km - reportToleranceKm(nearest.km)) {
        ctx.log.add(
          'nearest_km_invalid',
          ids,
          `request ${u.request_id} reports nearest_km ${u.nearest_km}, but no ambassador offering it is nearer than ${km(nearest.km)} (ambassador ${nearest.ambassador.id})`,
        );
      }
    }
  }
}

function checkFunnel(ctx: CheckContext, u: UnfilledRow, funnel: Funnel): boolean {
  const shown = (counts: readonly number[]) => counts.join(';');
  const ours =
    funnel.low.join(';') === funnel.high.join(';')
      ? shown(funnel.high)
      : funnel.low
          .map((lo, i) => (lo === funnel.high[i] ? String(lo) : `${lo}..${funnel.high[i]}`))
          .join(';');
  const ok =
    u.funnel.length === FUNNEL_STAGES.length &&
    u.funnel.every((n, i) => n >= (funnel.low[i] ?? 0) && n <= (funnel.high[i] ?? 0));
  if (!ok) {
    ctx.log.add(
      'funnel_mismatch',
      { request_id: u.request_id },
      `request ${u.request_id}: funnel ${shown(u.funnel)} (${FUNNEL_STAGES.join(', ')}) disagrees with the data, which gives ${ours}`,
    );
  }
  return ok;
}

function checkReason(
  ctx: CheckContext,
  u: UnfilledRow,
  counts: readonly number[],
  team: () => { low: number; high: number },
): void {
  const ids = { request_id: u.request_id };
  const zeroAt = FUNNEL_STAGES.findIndex((_, i) => (counts[i] ?? 0) === 0);
  if (zeroAt >= 0) {
    const stage = FUNNEL_STAGES[zeroAt]!;
    const expected = REASON_AT_STAGE[stage];
    if (u.reason !== expected) {
      ctx.log.add(
        'wrong_reason',
        ids,
        `request ${u.request_id}: reason ${u.reason}, but the funnel first reaches 0 at ${stage}, which means ${expected}`,
      );
    }
    return;
  }
  const allowed: UnfilledReason[] = [
    'partially_filled',
    'taken_by_other_requests',
    'employer_budget_exhausted',
  ];
  if (!allowed.includes(u.reason)) {
    ctx.log.add(
      'wrong_reason',
      ids,
      `request ${u.request_id}: reason ${u.reason}, but candidates survive every funnel stage, so it must be partially_filled, taken_by_other_requests or employer_budget_exhausted`,
    );
    return;
  }
  const { low, high } = team();
  if (u.reason === 'partially_filled' && low >= u.needed) {
    ctx.log.add(
      'wrong_reason',
      ids,
      `request ${u.request_id}: reason partially_filled, but ${low} candidates can share one slot and it needs ${u.needed}: they were taken by other requests`,
    );
  }
  if (
    (u.reason === 'taken_by_other_requests' || u.reason === 'employer_budget_exhausted') &&
    high < u.needed
  ) {
    ctx.log.add(
      'wrong_reason',
      ids,
      `request ${u.request_id}: reason ${u.reason}, but at most ${high} candidates can share any one slot and it needs ${u.needed}: it is partially_filled`,
    );
  }
}

/**
 * employer_budget_exhausted is supported when some candidate left after every stage works for an
 * employer whose volunteering days are all booked (existing + this run) in an academic year the
 * request's sessions could fall in.
 */
function checkBudgetReason(
  ctx: CheckContext,
  u: UnfilledRow,
  request: ActivityRequest,
  funnel: Funnel,
  budgets: EmployerDays,
): void {
  const first = academicYearOfDay(dayNumber(request.window_start));
  const last = academicYearOfDay(dayNumber(request.window_end) + (request.sessions - 1) * request.every_days);
  for (const c of funnel.finalists) {
    const employer = budgets.employerOfAmbassador(c.ambassador.id);
    if (employer === undefined) continue;
    for (let year = first; year <= last; year++) {
      const { existing, run, days } = budgets.use(employer, year);
      if (existing + run >= days) return;
    }
  }
  ctx.log.add(
    'wrong_reason',
    { request_id: u.request_id },
    `request ${u.request_id}: reason employer_budget_exhausted, but none of its candidates' employers has used its volunteering days for the year`,
  );
}
