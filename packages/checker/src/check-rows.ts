import type { ActivityRequest, Ambassador, Organisation } from '@stem-match/domain';
import { type WallSession, wallSession } from './calendar.js';
import { checkOffer, checkPlace } from './check-offer-place.js';
import { checkTime } from './check-time.js';
import type { CheckContext } from './context.js';
import { rowName } from './format.js';
import type { AssignmentRow } from './types.js';

/** A row whose request, ambassador and organisation all exist; `wall` is unset if its times are unreadable. */
export interface ResolvedRow {
  row: AssignmentRow;
  request: ActivityRequest;
  ambassador: Ambassador;
  organisation: Organisation;
  wall: WallSession | undefined;
}

/**
 * Rules that each assignment row must meet on its own: references, DBS, place, offer and time
 * (everything except clashes, capacity and team shape, which need several rows at once).
 */
export function checkRows(ctx: CheckContext, rows: readonly AssignmentRow[]): ResolvedRow[] {
  const resolved: ResolvedRow[] = [];
  const pairsSeen = new Set<string>();
  const missingOrgs = new Set<string>();
  for (const row of rows) {
    const ids = { request_id: row.request_id, ambassador_id: row.ambassador_id, session: row.session };
    const name = rowName(row.request_id, row.session, row.ambassador_id);
    const request = ctx.requests.get(row.request_id);
    const ambassador = ctx.ambassadors.get(row.ambassador_id);
    if (!request) {
      ctx.log.add('unknown_request', ids, `${name}: there is no request ${row.request_id} in the dataset`);
      continue;
    }
    if (!ambassador) {
      ctx.log.add(
        'unknown_ambassador',
        ids,
        `${name}: there is no ambassador ${row.ambassador_id} in the dataset`,
      );
      continue;
    }
    const organisation = ctx.organisations.get(request.organisation_id);
    if (!organisation) {
      if (!missingOrgs.has(request.id)) {
        missingOrgs.add(request.id);
        ctx.log.add(
          'unknown_organisation',
          { request_id: request.id },
          `request ${request.id} names organisation ${request.organisation_id}, which is not in the dataset`,
        );
      }
      continue;
    }
    const pair = `${request.id}\u0000${ambassador.id}`;
    if (!pairsSeen.has(pair)) {
      pairsSeen.add(pair);
      checkOffer(ctx, request, ambassador);
    }
    checkPlace(ctx, row, request, ambassador, organisation);
    const wall = wallSession(row.start, row.end);
    if (wall) checkTime(ctx, row, request, ambassador, wall);
    else
      ctx.log.add(
        'invalid_time',
        ids,
        `${name}: start "${row.start}" or end "${row.end}" is not an ISO instant`,
      );
    resolved.push({ row, request, ambassador, organisation, wall });
  }
  return resolved;
}
