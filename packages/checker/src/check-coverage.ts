import type { CheckContext } from './context.js';
import type { AssignmentRow, UnfilledRow } from './types.js';

/**
 * Every open request ends the run either assigned or explained — never both, never neither —
 * and every explanation names a real, open request once.
 * Returns the unfilled rows worth explaining (known, open, listed once, not also assigned).
 */
export function checkCoverage(
  ctx: CheckContext,
  assignments: readonly AssignmentRow[],
  unfilled: readonly UnfilledRow[],
): UnfilledRow[] {
  const assigned = new Set(assignments.map((a) => a.request_id));
  const listed = new Set<string>();
  const toExplain: UnfilledRow[] = [];
  for (const u of unfilled) {
    const ids = { request_id: u.request_id };
    const request = ctx.requests.get(u.request_id);
    if (!request) {
      ctx.log.add(
        'unknown_request',
        ids,
        `unfilled lists request ${u.request_id}, which is not in the dataset`,
      );
      continue;
    }
    if (listed.has(u.request_id)) {
      ctx.log.add('duplicate_unfilled', ids, `request ${u.request_id} is listed more than once as unfilled`);
      continue;
    }
    listed.add(u.request_id);
    if (request.status !== 'open') {
      ctx.log.add(
        'request_not_open',
        ids,
        `unfilled lists request ${u.request_id}, which is ${request.status}; a run explains only open requests`,
      );
      continue;
    }
    if (assigned.has(u.request_id)) {
      ctx.log.add(
        'assigned_and_unfilled',
        ids,
        `request ${u.request_id} has assignments and is also listed as unfilled (${u.reason})`,
      );
      continue;
    }
    toExplain.push(u);
  }
  for (const request of ctx.requests.values()) {
    if (request.status !== 'open' || assigned.has(request.id) || listed.has(request.id)) continue;
    ctx.log.add(
      'request_dropped',
      { request_id: request.id },
      `open request ${request.id} is neither assigned nor listed as unfilled`,
    );
  }
  return toExplain;
}
