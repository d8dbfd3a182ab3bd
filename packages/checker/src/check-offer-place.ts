import type { ActivityRequest, Ambassador, Organisation } from '@stem-match/domain';
import type { CheckContext } from './context.js';
import { distanceKm, limitToleranceKm, reportToleranceKm, travelLimitKm } from './distance.js';
import { km, rowName } from './format.js';
import type { AssignmentRow } from './types.js';

/** DBS status and what the ambassador offers: the same for every session of the pair. */
export function checkOffer(ctx: CheckContext, request: ActivityRequest, ambassador: Ambassador): void {
  const ids = { request_id: request.id, ambassador_id: ambassador.id };
  const who = `ambassador ${ambassador.id} on request ${request.id}`;
  if (ambassador.dbs_status !== 'cleared' || ambassador.dbs_expires === undefined) {
    const expiry =
      ambassador.dbs_expires === undefined ? 'no expiry date' : `expiry ${ambassador.dbs_expires}`;
    ctx.log.add(
      'dbs_not_cleared',
      ids,
      `${who}: DBS status is ${ambassador.dbs_status} with ${expiry}; a cleared check with an expiry date is required`,
    );
  }
  if (!request.subjects.some((s) => ambassador.subjects.includes(s))) {
    ctx.log.add(
      'subject_mismatch',
      ids,
      `${who}: offers ${ambassador.subjects.join(', ')} but the request asks for one of ${request.subjects.join(', ')}`,
    );
  }
  if (!ambassador.activity_types.includes(request.activity_type)) {
    ctx.log.add(
      'activity_type_mismatch',
      ids,
      `${who}: does not offer the activity type ${request.activity_type}`,
    );
  }
  if (!ambassador.key_stages.includes(request.key_stage)) {
    ctx.log.add('key_stage_mismatch', ids, `${who}: does not offer key stage ${request.key_stage}`);
  }
}

export function checkPlace(
  ctx: CheckContext,
  row: AssignmentRow,
  request: ActivityRequest,
  ambassador: Ambassador,
  organisation: Organisation,
): void {
  const ids = { request_id: request.id, ambassador_id: ambassador.id, session: row.session };
  const name = rowName(request.id, row.session, ambassador.id);
  if (row.mode === 'in_person') {
    if (request.mode === 'online')
      ctx.log.add(
        'mode_not_allowed_by_request',
        ids,
        `${name}: delivered in person but the request asks for online only`,
      );
    if (!ambassador.in_person)
      ctx.log.add(
        'mode_not_offered_by_ambassador',
        ids,
        `${name}: delivered in person but the ambassador does not offer in-person visits`,
      );
    const d = distanceKm(ambassador, organisation);
    const limit = travelLimitKm(ambassador, request.max_km);
    if (d > limit + limitToleranceKm(limit)) {
      ctx.log.add(
        'out_of_range',
        ids,
        `${name}: organisation ${organisation.id} is ${km(d)} away, beyond the limit of ${km(limit)} (ambassador ${ambassador.travel_km} km${request.max_km === undefined ? '' : `, request ${request.max_km} km`})`,
      );
    }
    if (Math.abs(row.distance_km - d) > reportToleranceKm(d)) {
      ctx.log.add(
        'distance_mismatch',
        ids,
        `${name}: distance_km says ${km(row.distance_km)} but the great-circle distance is ${km(d)}`,
      );
    }
    return;
  }
  if (request.mode === 'in_person')
    ctx.log.add(
      'mode_not_allowed_by_request',
      ids,
      `${name}: delivered online but the request asks for an in-person visit`,
    );
  if (!ambassador.online)
    ctx.log.add(
      'mode_not_offered_by_ambassador',
      ids,
      `${name}: delivered online but the ambassador does not offer online sessions`,
    );
  if (row.distance_km !== 0)
    ctx.log.add(
      'distance_mismatch',
      ids,
      `${name}: an online session must report distance_km 0, not ${row.distance_km}`,
    );
}
