import { dbsDayOf, type Model, offerKey, type RequestModel, requestOfferKey } from './model.js';

/**
 * The online ambassadors, tallied so that a request's funnel counts for them come from a few binary
 * searches per subject combination instead of a pass over every online ambassador: a national run
 * explains hundreds of requests, and looking at each of tens of thousands of online ambassadors for
 * each made explaining grow with the square of the programme's size.
 */
export interface OnlineTallies {
  /** First day each online ambassador's DBS check is no longer valid, ascending. */
  all: Float64Array;
  groups: SubjectGroup[];
}

/** The online ambassadors offering one exact combination of subjects. */
interface SubjectGroup {
  subjects: number;
  /** DBS "invalid from" days (as in `all`), ascending, of the whole group, … */
  all: Float64Array;
  /** … of those offering each activity type (by bit), … */
  byActivity: Map<number, Float64Array>;
  /** … and of those offering each (activity type, key stage) pair (by offerKey). */
  byOffer: Map<number, Float64Array>;
}

const cache = new WeakMap<Model, OnlineTallies>();

/** The model's online tallies, built on first use (only explanations need them). */
export function onlineTallies(model: Model): OnlineTallies {
  let tallies = cache.get(model);
  if (!tallies) {
    tallies = buildTallies(model);
    cache.set(model, tallies);
  }
  return tallies;
}

function buildTallies(model: Model): OnlineTallies {
  const sorted = (days: number[]) => Float64Array.from(days).sort();
  const push = <K>(map: Map<K, number[]>, key: K, day: number) => {
    const list = map.get(key);
    if (list) list.push(day);
    else map.set(key, [day]);
  };
  const everyone: number[] = [];
  const bySubjects = new Map<
    number,
    { all: number[]; byActivity: Map<number, number[]>; byOffer: Map<number, number[]> }
  >();
  for (const amb of model.online) {
    const am = model.ambassadors[amb]!;
    const day = am.calendar.dbsInvalidFrom;
    everyone.push(day);
    let group = bySubjects.get(am.subjects);
    if (!group) {
      group = { all: [], byActivity: new Map(), byOffer: new Map() };
      bySubjects.set(am.subjects, group);
    }
    group.all.push(day);
    for (const ab of bitPositions(am.activities)) {
      push(group.byActivity, ab, day);
      for (const kb of bitPositions(am.keyStages)) push(group.byOffer, offerKey(ab, kb), day);
    }
  }
  const mapSorted = (m: Map<number, number[]>) => new Map([...m].map(([k, days]) => [k, sorted(days)]));
  return {
    all: sorted(everyone),
    groups: [...bySubjects]
      .sort((a, b) => a[0] - b[0])
      .map(([subjects, g]) => ({
        subjects,
        all: sorted(g.all),
        byActivity: mapSorted(g.byActivity),
        byOffer: mapSorted(g.byOffer),
      })),
  };
}

function bitPositions(mask: number): number[] {
  const out: number[] = [];
  for (let v = mask; v !== 0; v &= v - 1) out.push(31 - Math.clz32(v & -v));
  return out;
}

/** How many of the ascending `days` are after `day`. */
function countAfter(days: Float64Array | undefined, day: number): number {
  if (!days) return 0;
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! > day) hi = mid;
    else lo = mid + 1;
  }
  return days.length - lo;
}

/**
 * Adds the online ambassadors to a request's funnel counts for the static stages (in range, DBS,
 * subject, activity type, key stage) — the same counts as running `staticStage` on each of them.
 */
export function addOnlineCounts(model: Model, rm: RequestModel, counts: number[]): void {
  const tallies = onlineTallies(model);
  const day = dbsDayOf(rm, model.policy);
  const activityBit = 31 - Math.clz32(rm.activity);
  const offer = requestOfferKey(rm);
  counts[0]! += tallies.all.length;
  counts[1]! += countAfter(tallies.all, day);
  for (const g of tallies.groups) {
    if ((g.subjects & rm.subjects) === 0) continue;
    counts[2]! += countAfter(g.all, day);
    counts[3]! += countAfter(g.byActivity.get(activityBit), day);
    counts[4]! += countAfter(g.byOffer.get(offer), day);
  }
}
