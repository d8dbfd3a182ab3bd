import { type ActivityRequest, type Ambassador, isoWeekday, patternCovers } from '@stem-match/domain';
import { dbsValidOn, unavailableOn, type WallSession } from './calendar.js';
import type { CheckContext } from './context.js';
import { describeSession, rowName } from './format.js';
import type { AssignmentRow } from './types.js';

/** Time rules for one session on its own: duration, after today, hosting, availability, dates, DBS. */
export function checkTime(
  ctx: CheckContext,
  row: AssignmentRow,
  request: ActivityRequest,
  ambassador: Ambassador,
  wall: WallSession,
): void {
  const ids = { request_id: request.id, ambassador_id: ambassador.id, session: row.session };
  const at = `${rowName(request.id, row.session, ambassador.id)} at ${describeSession(wall)}`;
  const weekday = isoWeekday(wall.day);
  if (wall.end - wall.start !== request.duration_min) {
    ctx.log.add(
      'wrong_duration',
      ids,
      `${at}: lasts ${wall.end - wall.start} min but the request asks for ${request.duration_min} min`,
    );
  }
  if (wall.day <= ctx.rules.today)
    ctx.log.add('not_after_today', ids, `${at}: sessions must start after the run date`);
  if (!patternCovers(request.times, weekday, wall.start, wall.end)) {
    ctx.log.add(
      'outside_hosting_times',
      ids,
      `${at}: outside the times organisation ${request.organisation_id} can host`,
    );
  }
  if (!patternCovers(ambassador.availability, weekday, wall.start, wall.end)) {
    ctx.log.add('outside_availability', ids, `${at}: outside the ambassador's weekly availability`);
  }
  if (unavailableOn(ambassador, wall.day)) {
    ctx.log.add('on_unavailable_date', ids, `${at}: the ambassador is marked unavailable that day`);
  }
  // Only an otherwise cleared check can be "expired" here; the rest is dbs_not_cleared.
  if (ambassador.dbs_status === 'cleared' && ambassador.dbs_expires !== undefined) {
    if (!dbsValidOn(ambassador, wall.day, ctx.rules.dbsMarginDays)) {
      ctx.log.add(
        'dbs_expired',
        ids,
        `${at}: DBS expires ${ambassador.dbs_expires}, so with a margin of ${ctx.rules.dbsMarginDays} day(s) it is not valid on the session date`,
      );
    }
  }
}
