import type { Ambassador, Organisation } from '@stem-match/domain';
import { PointIndex } from '@stem-match/geo';
import { canTeachOnline, canVisit, offersWhatIsAsked } from '../eligibility.js';
import type { RequestDetails } from '../facts.js';

/**
 * Which of a few ambassadors (those whose DBS check lapses soon) could take a request once their check
 * has lapsed: its window runs past their expiry, and they offer what it asks and could visit or teach
 * online. In-person ambassadors sit in one spatial index searched with the largest radius among them;
 * online ones are few enough to check one by one.
 */
export function lapseFinder(ambassadors: readonly Ambassador[]) {
  const visitors = ambassadors.filter((a) => a.in_person);
  const index = new PointIndex(visitors);
  const reach = visitors.reduce((m, a) => Math.max(m, a.travel_km), 0);
  const online = ambassadors.filter((a) => a.online);
  const after = (a: Ambassador, r: RequestDetails) =>
    a.dbs_expires !== undefined && r.window_end >= a.dbs_expires && offersWhatIsAsked(a, r);

  return (r: RequestDetails, org: Organisation): Set<string> => {
    const ids = new Set<string>();
    if (r.mode !== 'online')
      index.forEachWithin(
        org.lat,
        org.lon,
        Math.min(reach, r.max_km ?? Number.POSITIVE_INFINITY),
        (i) => {
          const a = visitors[i]!;
          if (canVisit(a, r, org)) ids.add(a.id);
        },
        (i) => after(visitors[i]!, r),
      );
    for (const a of online) if (canTeachOnline(a, r) && after(a, r)) ids.add(a.id);
    return ids;
  };
}
