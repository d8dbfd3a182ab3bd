import { type Ambassador, type Organisation, Subject } from '@stem-match/domain';
import { distanceKm, PointIndex } from '@stem-match/geo';
import { canTeachOnline, canVisit, dbsValidOn, eligibleFor } from '../eligibility.js';
import type { RequestDetails } from '../facts.js';

const BIT = new Map(Subject.options.map((s, i) => [s, 1 << i]));
const maskOf = (subjects: readonly Subject[]): number => subjects.reduce((m, s) => m | BIT.get(s)!, 0);

/** Index of the first date in `sorted` after `date` (dates compare as text). */
function firstAfter(sorted: readonly string[], date: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Online supply without pairing every request with every ambassador: online, DBS-cleared ambassadors
 * are counted under each key stage × activity type they offer, then by the exact set of subjects they
 * offer (a bit mask), as a sorted list of DBS expiry dates. A request's count is, over the subject sets
 * sharing a subject with it, the expiries after its window's end (a binary search each). Each
 * ambassador sits under one subject set, so one offering both of a request's subjects counts once.
 */
class OnlineSupply {
  private readonly groups = new Map<string, Map<number, string[]>>();
  private sorted = false;

  add(a: Ambassador): void {
    // A cleared check with no expiry recorded is valid on no day (the matcher's rule).
    if (!a.online || a.dbs_status !== 'cleared' || a.dbs_expires === undefined) return;
    const mask = maskOf(a.subjects);
    for (const ks of new Set(a.key_stages))
      for (const type of new Set(a.activity_types)) {
        const key = `${ks}|${type}`;
        const group = this.groups.get(key) ?? new Map<number, string[]>();
        this.groups.set(key, group);
        const expiries = group.get(mask) ?? [];
        group.set(mask, expiries);
        expiries.push(a.dbs_expires);
      }
  }

  count(r: RequestDetails): number {
    if (r.mode === 'in_person') return 0;
    if (!this.sorted) {
      for (const group of this.groups.values()) for (const list of group.values()) list.sort();
      this.sorted = true;
    }
    const group = this.groups.get(`${r.key_stage}|${r.activity_type}`);
    if (!group) return 0;
    const want = maskOf(r.subjects);
    let n = 0;
    for (const [mask, expiries] of group)
      if ((mask & want) !== 0) n += expiries.length - firstAfter(expiries, r.window_end);
    return n;
  }
}

interface Visitors {
  list: Ambassador[];
  index: PointIndex;
  /** The longest travel radius among them: the one search radius that finds everyone who could come. */
  reach: number;
}

/** What one open request could draw on, before free time is considered. */
export interface RequestSupply {
  /** Eligible ambassadors who could visit in person. */
  inPerson: number;
  /** Eligible ambassadors in all: in person or online, each counted once. */
  eligible: number;
}

/**
 * Eligible ambassadors per request (the rules in `eligibility.ts`). Ambassadors stream in first; the
 * first request freezes the supply: DBS-cleared in-person ambassadors go into one spatial index,
 * searched around each organisation with the largest travel radius present and then filtered on each
 * ambassador's own radius; online ambassadors are counted by `OnlineSupply`.
 */
export function supplyFinder() {
  const online = new OnlineSupply();
  const pending: Ambassador[] = [];
  let visitors: Visitors | undefined;
  let bySubject: Map<Subject, Visitors> | undefined;

  const frozen = (): Visitors => {
    visitors ??= {
      list: pending,
      index: new PointIndex(pending),
      reach: pending.reduce((m, a) => Math.max(m, a.travel_km), 0),
    };
    return visitors;
  };

  return {
    add(a: Ambassador): void {
      if (visitors) throw new Error('ambassadors must stream before requests');
      online.add(a);
      if (a.in_person && a.dbs_status === 'cleared') pending.push(a);
    },

    count(r: RequestDetails, org: Organisation): RequestSupply {
      const v = frozen();
      let inPerson = 0;
      let alsoOnline = 0;
      if (r.mode !== 'online') {
        const km = Math.min(v.reach, r.max_km ?? Number.POSITIVE_INFINITY);
        v.index.forEachWithin(org.lat, org.lon, km, (i) => {
          const a = v.list[i]!;
          if (!canVisit(a, r, org) || !eligibleFor(a, r, org)) return;
          inPerson++;
          // Already in the online count: not counted twice.
          if (canTeachOnline(a, r)) alsoOnline++;
        });
      }
      return { inPerson, eligible: inPerson - alsoOnline + online.count(r) };
    },

    /**
     * Distance to the nearest in-person ambassador, DBS valid to the window's end, who offers one of
     * the request's subjects (whatever their radius, key stage or activity type): how far help is.
     */
    nearestKm(r: RequestDetails, org: Organisation): number | undefined {
      if (!bySubject) {
        const { list } = frozen();
        bySubject = new Map(
          Subject.options.map((s) => {
            const of = list.filter((a) => a.subjects.includes(s));
            return [s, { list: of, index: new PointIndex(of), reach: 0 }];
          }),
        );
      }
      let best: number | undefined;
      for (const s of r.subjects) {
        const v = bySubject.get(s)!;
        const i = v.index.nearest(org.lat, org.lon, (j) => dbsValidOn(v.list[j]!, r.window_end));
        if (i === undefined) continue;
        const a = v.list[i]!;
        const km = distanceKm(a.lat, a.lon, org.lat, org.lon);
        if (best === undefined || km < best) best = km;
      }
      return best;
    },
  };
}
