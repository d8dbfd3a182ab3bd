import type { ActivityRequest, Ambassador, Organisation } from '@stem-match/domain';
import type { CheckContext } from './context.js';
import { distanceKm, latitudeGapKm } from './distance.js';

/**
 * The nearest in-person ambassador who offers the request's activity type, key stage and one of
 * its subjects, wherever they are. Deliberately the loosest sense of "would otherwise qualify"
 * (no DBS, time or range test): the engine's nearest ambassador comes from a subset of these,
 * so its distance can never be shorter than this one.
 */
export function nearestOffering(
  ctx: CheckContext,
  request: ActivityRequest,
  organisation: Organisation,
): { ambassador: Ambassador; km: number } | undefined {
  let best: { ambassador: Ambassador; km: number } | undefined;
  for (const a of ctx.inPersonOffering(request.activity_type, request.key_stage)) {
    if (!request.subjects.some((s) => a.subjects.includes(s))) continue;
    if (best && latitudeGapKm(a, organisation) > best.km) continue;
    const km = distanceKm(a, organisation);
    if (!best || km < best.km) best = { ambassador: a, km };
  }
  return best;
}
