import {
  type ActivityRequest,
  type Ambassador,
  academicYearOfDay,
  BOOKING_STATUSES,
  dayNumber,
  dayToDate,
  isoWeekday,
  type Organisation,
  type Policy,
} from '@stem-match/domain';
import { distanceKm } from '@stem-match/geo';
import {
  type AmbassadorPoints,
  ambassadorPoints,
  BandStore,
  forEachReaching,
  placedPoints,
  type TravelBand,
  travelBands,
} from './bands.js';
import { type Bitset, bitsetWords, setBit } from './bitset.js';
import { AmbassadorCalendar, londonWallClock, monthIndex, weeklyRanges } from './calendar.js';
import { activityMask, keyStageMask, subjectMask } from './masks.js';
import { fillWeight, loadPenalty, quality } from './scoring.js';
import { type RequestSlots, requestSlots } from './slots.js';
import type { MatchOptions, MatchSnapshot, ScoreComponents } from './types.js';

/**
 * One ambassador who may take one request. `slots` — the slots at which they could take every session
 * before this run's other assignments — is worked out on first use: most candidates of a national run
 * are never looked at past the first few, so computing all bit sets up front would waste seconds.
 * Likewise the score's components, wanted only for the assignments made: a national ×3 run holds
 * 286,000 candidates for its whole length, and an object of five numbers each was a large share of
 * the heap every collection walks.
 */
export class Candidate {
  private bitset: Bitset | undefined;

  constructor(
    readonly amb: number,
    readonly online: boolean,
    /** The distance as measured (0 online); distanceKm rounds it as the output shows it. */
    private readonly km: number,
    /** The score's total: the level-3 quality the solvers add up. */
    readonly quality: number,
    private readonly rm: RequestModel,
    private readonly am: AmbassadorModel,
    private readonly model: Model,
  ) {}

  /** To the metre, as assignments report it. */
  get distanceKm(): number {
    return this.online ? 0 : Math.round(this.km * 1000) / 1000;
  }

  get score(): ScoreComponents {
    return candidateScore(this.model, this.rm, this.am, this.online, this.km);
  }

  get slots(): Bitset {
    this.bitset ??=
      pairSlots(this.rm, this.am, this.model.policy, this.model) ??
      new Uint32Array(bitsetWords(this.rm.slots.day.length));
    return this.bitset;
  }
}

export interface RequestModel {
  index: number;
  request: ActivityRequest;
  org: Organisation;
  orgIndex: number;
  /** A Priority School's request. */
  priority: boolean;
  /** 1 when Priority is the objective's first level (strict mode) and this is a Priority request. */
  priorityLevel: 0 | 1;
  fillWeight: number;
  /** The reach level's weight of the organisation (0 when it already has an activity this academic year). */
  reachWeight: number;
  slots: RequestSlots;
  /** The earliest slot's day, or the window's first day when there is no slot (the funnel's DBS date). */
  firstDay: number;
  /** Month index of each session of each slot: months[s * sessions + k]. */
  months: Int32Array;
  subjects: number;
  activity: number;
  keyStage: number;
  /** ISO weekdays (bit d) on which some slot's first session falls. */
  weekdays: number;
  /**
   * What commonWeekdays reads of the request (hosting times, session length, weekdays), interned:
   * requests from the same kind of organisation share it.
   */
  hostingKey: number;
  /** The request's slot shape (slotShape): requests with the same window, hosting times and series share it. */
  slotShape: number;
  /** Sorted by quality, best first (ties by ambassador index). */
  candidates: Candidate[];
  /** The candidate limit cut this list short: explanations must look at every ambassador. */
  capped: boolean;
}

export interface AmbassadorModel {
  index: number;
  ambassador: Ambassador;
  calendar: AmbassadorCalendar;
  subjects: number;
  activities: number;
  keyStages: number;
  recentActivities: number;
  /** The ambassador's weekly availability, interned: ambassadors with the same pattern share the id. */
  pattern: number;
  /** The quality penalty for the ambassador's recent load (see scoring.loadPenalty). */
  loadPenalty: number;
}

/** An employer's volunteering budget: one day per session, per academic year (see Employer). */
export interface EmployerBudget {
  name: string;
  days: number;
  /** Days already booked (history), by academic year (academicYearOfDay). */
  used: Map<number, number>;
  /**
   * Whether the budget can bind in this run: its ambassadors' candidate sessions could exceed the room
   * left in some year. Only binding budgets link components and constrain the solvers.
   */
  binds: boolean;
}

/** The academic year of a monthIndex (September starts a year). */
export const academicYearOfMonth = (month: number): number => Math.floor((month - 8) / 12);

/** The eligibility graph every solver works on: requests, ambassadors, and who may take what, when. */
export interface Model {
  policy: Policy;
  today: number;
  firstAllowedDay: number;
  requests: RequestModel[];
  ambassadors: AmbassadorModel[];
  organisations: Organisation[];
  /** What the hot loops test about each ambassador, in flat arrays (shared by the bands). */
  points: AmbassadorPoints;
  /** Ambassadors who deliver in person, in travel bands with spatial indexes. */
  inPersonBands: TravelBand[];
  /**
   * The same, split by (activity type, key stage, subject) offered (offerSubjectKey): a search looks
   * only at those who could match — most in reach of a request with few candidates share no subject.
   * See offerBands.
   */
  inPersonByOffer: Map<number, TravelBand[]>;
  /** Ambassadors who deliver online, by activity and key stage bit position. */
  onlineByOffer: Map<number, number[]>;
  online: number[];
  /** The longest in-person travel radius: no spatial query needs to look further. */
  maxTravelKm: number;
  /**
   * Per organisation index, its weight on the reach level: policy.reach.priority or .other when it has
   * no activity yet in the run date's academic year, else 0 (see academicYearOf).
   */
  orgReach: Float64Array;
  /** Per organisation index, 1 when it has no activity yet in the run date's academic year (whatever the weights). */
  orgUnreached: Uint8Array;
  /**
   * Per organisation index, the ambassadors who have worked with it (continuity candidates), in the
   * order history first shows them. Pairs are kept by organisation, not as one number
   * organisation × ambassadors + ambassador: at national ×3 that passes 2^30, and sets of such
   * numbers hash them as doubles, several times slower.
   */
  knownBy: Map<number, Set<number>>;
  /** Per ambassador index, the index of their employer's budget in `budgets`, or -1. */
  employerOf: Int32Array;
  budgets: EmployerBudget[];
  /** Candidates kept per request (engine only; undefined keeps all). */
  candidateLimit: number | undefined;
  /** Per request index, the ambassadors it must not be matched with again (see isDeclined). */
  declined: Map<number, Set<number>>;
  /** commonWeekdays by hosting key, then pattern (-2 where not yet worked out), like firstCovered. */
  commonWeekdays: Array<Int32Array | undefined>;
  /**
   * Pairs whose times have been checked (hasAnySlot, pairSlots), the costly test: counted so that
   * runs of different sizes can be compared by the work done, which no noisy clock disturbs.
   */
  timeChecks: number;
  /** Availability patterns in the snapshot (AmbassadorModel.pattern is below this). */
  patternCount: number;
  /**
   * firstCoveredSlot by slot shape, then pattern (-2 where not yet worked out): a flat array per
   * shape, made when the shape is first checked, costs less than a map of the pairs met.
   */
  firstCovered: Array<Int32Array | undefined>;
}

export const offerKey = (activityBit: number, keyStageBit: number): number => activityBit * 64 + keyStageBit;
export const requestOfferKey = (rm: RequestModel): number =>
  offerKey(31 - Math.clz32(rm.activity), 31 - Math.clz32(rm.keyStage));

const offerSubjectKey = (offer: number, subjectBit: number): number => offer * 32 + subjectBit;

/**
 * The in-person bands of those offering the request's activity type and key stage and one of its
 * subjects: one list of bands per subject, each band marked with its subject (forEachReaching visits
 * an ambassador in the bands of the lowest such subject only). Undefined when there are none.
 */
export function offerBands(model: Model, rm: RequestModel): TravelBand[] | undefined {
  const offer = requestOfferKey(rm);
  const out: TravelBand[] = [];
  for (let v = rm.subjects; v !== 0; v &= v - 1) {
    const bands = model.inPersonByOffer.get(offerSubjectKey(offer, 31 - Math.clz32(v & -v)));
    if (bands) out.push(...bands);
  }
  return out.length > 0 ? out : undefined;
}

/** Ambassadors grouped by each (activity type, key stage) pair they offer, and with `bySubject` by subject too. */
function byOffer(
  ambassadors: readonly AmbassadorModel[],
  which: readonly number[],
  bySubject = false,
): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  const add = (key: number, i: number) => {
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  };
  for (const i of which) {
    const am = ambassadors[i]!;
    for (let ab = 0; ab < 8; ab++) {
      if ((am.activities & (1 << ab)) === 0) continue;
      for (let kb = 0; kb < 7; kb++) {
        if ((am.keyStages & (1 << kb)) === 0) continue;
        if (!bySubject) add(offerKey(ab, kb), i);
        else
          for (let v = am.subjects; v !== 0; v &= v - 1)
            add(offerSubjectKey(offerKey(ab, kb), 31 - Math.clz32(v & -v)), i);
      }
    }
  }
  return groups;
}

/** The funnel stage (1-based after in-range) at which a pair fails its static checks, or 5 if none. */
export function staticStage(rm: RequestModel, am: AmbassadorModel, policy: Policy): number {
  return stageOf(
    rm,
    dbsDayOf(rm, policy),
    am.calendar.dbsInvalidFrom,
    am.subjects,
    am.activities,
    am.keyStages,
  );
}

/**
 * The last day an ambassador's DBS check may stop being valid and still fail the request: it must be
 * valid on the last session of the earliest slot with `margin_days` to spare.
 */
export const dbsDayOf = (rm: RequestModel, policy: Policy): number =>
  rm.firstDay + rm.slots.offsets[rm.slots.offsets.length - 1]! + policy.dbs.margin_days;

/** staticStage from an ambassador's attributes (as the bands keep them) and the request's dbsDayOf. */
export function stageOf(
  rm: RequestModel,
  dbsDay: number,
  dbsInvalidFrom: number,
  subjects: number,
  activities: number,
  keyStages: number,
): number {
  if (dbsInvalidFrom <= dbsDay) return 1;
  if ((subjects & rm.subjects) === 0) return 2;
  if ((activities & rm.activity) === 0) return 3;
  if ((keyStages & rm.keyStage) === 0) return 4;
  return 5;
}

/**
 * Is the ambassador free for every session of slot `s` before this run: weekly availability, leave
 * and existing bookings (the month's room is monthWithoutRoom's)?
 */
function sessionsFree(rm: RequestModel, am: AmbassadorModel, policy: Policy, s: number): boolean {
  const { day, minute, offsets } = rm.slots;
  const cal = am.calendar;
  const d = day[s]!;
  const t = minute[s]!;
  const end = t + rm.request.duration_min;
  for (const o of offsets) {
    if (!cal.freeBeforeRun(d + o, isoWeekday(d + o), t, end, policy.travel_buffer_min)) return false;
  }
  return true;
}

/** A month in which slot `s`'s sessions need more room than the ambassador has left, or -1. */
function monthWithoutRoom(rm: RequestModel, am: AmbassadorModel, s: number): number {
  const n = rm.slots.offsets.length;
  for (let k = 0; k < n; k++) {
    const m = rm.months[s * n + k]!;
    if (k > 0 && rm.months[s * n + k - 1] === m) continue; // a month's sessions are contiguous
    let count = 1;
    while (k + count < n && rm.months[s * n + k + count] === m) count++;
    if (am.calendar.roomInMonth(m) < count) return m;
  }
  return -1;
}

/**
 * ISO weekdays (bit d) on which the ambassador's availability and the organisation's hosting times
 * overlap for at least one session's length: a first session can only fall on one of these.
 */
function commonWeekdays(rm: RequestModel, am: AmbassadorModel, model?: Model): number {
  if (!model) return patternWeekdays(rm, am);
  // Few (hosting, availability) pattern pairs recur across a national run's hundreds of thousands of pairs.
  const byPattern = sharedWeekdaysByPattern(model, rm);
  const known = byPattern[am.pattern]!;
  if (known !== NOT_WORKED_OUT) return known;
  const mask = patternWeekdays(rm, am);
  byPattern[am.pattern] = mask;
  return mask;
}

function patternWeekdays(rm: RequestModel, am: AmbassadorModel): number {
  let mask = 0;
  const duration = rm.request.duration_min;
  for (const h of rm.request.times) {
    if (((rm.weekdays >> h.day) & 1) === 0) continue;
    const w = am.calendar.weekly;
    for (let k = 0; k < w.length; k += 3) {
      if (w[k] === h.day && Math.min(w[k + 2]!, h.end) - Math.max(w[k + 1]!, h.start) >= duration)
        mask |= 1 << h.day;
    }
  }
  return mask;
}

/**
 * The first slot from `from` on that the ambassador could take before this run, or -1. Pass the model
 * where there is one: it remembers which weekdays each pattern pair shares.
 */
function nextFittingSlot(
  rm: RequestModel,
  am: AmbassadorModel,
  policy: Policy,
  from: number,
  model?: Model,
): number {
  const weekdays = commonWeekdays(rm, am, model);
  if (weekdays === 0) return -1;
  // No slot before the first the weekly availability covers can fit (leave, bookings, capacity and
  // DBS only take slots away), and that slot depends on patterns that recur across a run.
  const covered = model ? firstCoveredSlot(rm, am, model, weekdays) : from;
  if (covered < 0) return -1;
  const { day, offsets } = rm.slots;
  const last = offsets[offsets.length - 1]!;
  const single = offsets.length === 1;
  for (let s = Math.max(from, covered); s < day.length; s++) {
    if (!am.calendar.dbsValidOn(day[s]! + last, policy.dbs.margin_days)) return -1; // slots ascend by day
    if (((weekdays >> isoWeekday(day[s]!)) & 1) === 0) continue;
    // Room first: it is the cheaper test, and a month that is full for one session is full for every
    // later slot in it (slots ascend by day), so those need no look. At national scale a third of
    // the slots tried failed for room.
    const full = monthWithoutRoom(rm, am, s);
    if (full >= 0) {
      if (single) while (s + 1 < day.length && rm.months[s + 1] === full) s++;
      continue;
    }
    if (sessionsFree(rm, am, policy, s)) return s;
  }
  return -1;
}

/**
 * The first slot whose every session the ambassador's weekly availability covers, or -1: it depends
 * only on the request's slot shape and the ambassador's availability pattern, so it is worked out
 * once per pair of them.
 */
function firstCoveredSlot(rm: RequestModel, am: AmbassadorModel, model: Model, weekdays: number): number {
  const byPattern = byPatternOf(model.firstCovered, rm.slotShape, model.patternCount);
  const known = byPattern[am.pattern]!;
  if (known !== NOT_WORKED_OUT) return known;
  const { day, minute, offsets } = rm.slots;
  const duration = rm.request.duration_min;
  let first = -1;
  for (let s = 0; s < day.length && first < 0; s++) {
    if (((weekdays >> isoWeekday(day[s]!)) & 1) === 0) continue;
    const t = minute[s]!;
    if (offsets.every((o) => am.calendar.coversWeekly(isoWeekday(day[s]! + o), t, t + duration))) first = s;
  }
  byPattern[am.pattern] = first;
  return first;
}

/**
 * The weekdays a request's hosting times share with each availability pattern, as far as worked out
 * (NOT_WORKED_OUT elsewhere): a search can pass over those marked 0 without reading their objects,
 * since no one shares no weekday with a request and is free at one of its slots. At national ×3
 * about half of all time checks had failed that way, each after reading the ambassador's model.
 */
export const sharedWeekdaysByPattern = (model: Model, rm: RequestModel): Int32Array =>
  byPatternOf(model.commonWeekdays, rm.hostingKey, model.patternCount);

/** In a cache by pattern, a value not yet worked out (the values cached are -1 or more). */
const NOT_WORKED_OUT = -2;

/** The cache by pattern kept for `key` in `caches`, made (all NOT_WORKED_OUT) when first asked for. */
function byPatternOf(caches: Array<Int32Array | undefined>, key: number, patterns: number): Int32Array {
  let byPattern = caches[key];
  if (!byPattern) {
    byPattern = new Int32Array(patterns).fill(NOT_WORKED_OUT);
    caches[key] = byPattern;
  }
  return byPattern;
}

/** Slots at which the ambassador could take every session before this run, or undefined if none. */
export function pairSlots(
  rm: RequestModel,
  am: AmbassadorModel,
  policy: Policy,
  model?: Model,
): Bitset | undefined {
  if (model) model.timeChecks++;
  let result: Bitset | undefined;
  for (
    let s = nextFittingSlot(rm, am, policy, 0, model);
    s >= 0;
    s = nextFittingSlot(rm, am, policy, s + 1, model)
  ) {
    result ??= new Uint32Array(bitsetWords(rm.slots.day.length));
    setBit(result, s);
  }
  return result;
}

/** Whether the ambassador could take the request at any slot before this run (stops at the first). */
export function hasAnySlot(rm: RequestModel, am: AmbassadorModel, policy: Policy, model?: Model): boolean {
  if (model && isDeclined(model, rm, am.index)) return false;
  if (model) model.timeChecks++;
  return nextFittingSlot(rm, am, policy, 0, model) >= 0;
}

/** Whether the ambassador declined (or let lapse) the request before: never offered it again. */
export const isDeclined = (model: Model, rm: RequestModel, amb: number): boolean =>
  model.declined.get(rm.index)?.has(amb) ?? false;

const BOOKING = new Set(BOOKING_STATUSES);

/**
 * The academic year (1 September to 31 August, UK dates) holding a day: its first day and the day after
 * its last, as dates, so an instant (which starts with its UK date) compares with them as text.
 */
export function academicYearOf(day: number): { from: string; next: string } {
  const date = dayToDate(day);
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? y : y - 1;
  return { from: `${start}-09-01`, next: `${start + 1}-09-01` };
}

/**
 * The eligibility model of a snapshot. With `candidateLimit` (the engine's), each request keeps only
 * its nearest qualifying ambassadors (see Policy.engine_candidates); without, every one.
 */
export function buildModel(
  snapshot: MatchSnapshot,
  policy: Policy,
  options: MatchOptions = {},
  candidateLimit?: number,
): Model {
  const today = dayNumber(snapshot.today);
  const firstAllowedDay = today + 1;
  const organisations = snapshot.organisations;
  const orgById = new Map(organisations.map((o, i) => [o.id, i]));
  const ambById = new Map(snapshot.ambassadors.map((a, i) => [a.id, i]));

  const patterns = new Map<string, number>();
  // One list of ranges per pattern, shared by the calendars that have it (see AmbassadorCalendar.weekly).
  const rangesOf: number[][] = [];
  const ambassadors: AmbassadorModel[] = snapshot.ambassadors.map((a, index) => {
    const pattern = intern(patterns, weeklyKey(a.availability));
    rangesOf[pattern] ??= weeklyRanges(a.availability);
    return {
      index,
      ambassador: a,
      pattern,
      calendar: new AmbassadorCalendar(a, policy.default_max_per_month, firstAllowedDay, rangesOf[pattern]),
      subjects: subjectMask(a.subjects),
      activities: activityMask(a.activity_types),
      keyStages: keyStageMask(a.key_stages),
      recentActivities: 0,
      loadPenalty: 0,
    };
  });
  const knownBy = new Map<number, Set<number>>();
  const { employerOf, budgets } = employerBudgets(snapshot);
  const year = academicYearOf(today);
  const orgReach = Float64Array.from(organisations, (o) =>
    o.priority ? policy.reach.priority : policy.reach.other,
  );
  const orgUnreached = new Uint8Array(organisations.length).fill(1);
  for (const h of snapshot.history) {
    if (BOOKING.has(h.status) && h.start >= year.from && h.start < year.next) {
      const o = orgById.get(h.organisation_id);
      if (o !== undefined) {
        orgReach[o] = 0;
        orgUnreached[o] = 0;
      }
    }
    const a = ambById.get(h.ambassador_id);
    if (a === undefined) continue;
    const am = ambassadors[a]!;
    am.calendar.addExisting(h);
    const e = employerOf[a]!;
    if (e >= 0 && BOOKING.has(h.status)) {
      const used = budgets[e]!.used;
      const bookedIn = academicYearOfDay(londonWallClock(h.start).day);
      used.set(bookedIn, (used.get(bookedIn) ?? 0) + 1);
    }
    const day = Math.floor(Date.parse(h.start) / 86_400_000);
    if (h.status === 'completed' || h.status === 'accepted') {
      const o = orgById.get(h.organisation_id);
      if (o !== undefined) {
        const known = knownBy.get(o);
        if (known) known.add(a);
        else knownBy.set(o, new Set([a]));
      }
      if (day >= today - 365) am.recentActivities++;
    }
  }

  for (const am of ambassadors) am.loadPenalty = loadPenalty(policy, am.recentActivities);
  const online = ambassadors.filter((a) => a.ambassador.online).map((a) => a.index);
  const onlineByOffer = byOffer(ambassadors, online);
  const points = ambassadorPoints(ambassadors);
  const placed = placedPoints(points);
  // In place order, so every band's list is too and needs no sorting.
  const inPerson = Array.from(placed.ambassador).filter((a) => ambassadors[a]!.ambassador.in_person);
  // No request can be taken by someone whose DBS check is not valid on the first day the run can
  // book (with the margin), so the searches' bands leave them out: at national ×3 they were a fifth
  // of the points the searches boxed. (The funnel's bands, inPersonBands, count them.)
  const firstDbsDay = firstAllowedDay + policy.dbs.margin_days;
  const offers = byOffer(
    ambassadors,
    inPerson.filter((a) => points.dbsInvalidFrom[a]! > firstDbsDay),
    true,
  );
  let bandPoints = inPerson.length;
  for (const list of offers.values()) bandPoints += list.length;
  const store = new BandStore(bandPoints);
  const inPersonByOffer = new Map(
    [...offers].map(([key, list]) => [key, travelBands(list, placed, store, key % 32)]),
  );

  const model: Model = {
    policy,
    today,
    firstAllowedDay,
    requests: [],
    ambassadors,
    organisations,
    points,
    inPersonBands: travelBands(inPerson, placed, store),
    inPersonByOffer,
    onlineByOffer,
    online,
    maxTravelKm: inPerson.reduce((m, i) => Math.max(m, points.travelKm[i]!), 0),
    orgReach,
    orgUnreached,
    knownBy,
    employerOf,
    budgets,
    candidateLimit,
    declined: new Map(),
    commonWeekdays: [],
    timeChecks: 0,
    patternCount: patterns.size,
    firstCovered: [],
  };
  const requestIndex = new Map(snapshot.requests.map((r, i) => [r.id, i]));
  const hostingKeys = new Map<string, number>();
  const shapes = new Map<string, SlotShape>();
  for (const d of snapshot.declined ?? []) {
    const r = requestIndex.get(d.request_id);
    const a = ambById.get(d.ambassador_id);
    if (r === undefined || a === undefined) continue;
    const declined = model.declined.get(r);
    if (declined) declined.add(a);
    else model.declined.set(r, new Set([a]));
  }

  snapshot.requests.forEach((request, index) => {
    const orgIndex = orgById.get(request.organisation_id);
    if (orgIndex === undefined)
      throw new Error(`request ${request.id}: unknown organisation ${request.organisation_id}`);
    const org = organisations[orgIndex]!;
    const shape = slotShape(shapes, hostingKeys, request, model.firstAllowedDay, policy.slot_step_min);
    const { slots, months, weekdays, hostingKey } = shape;
    const rm: RequestModel = {
      index,
      request,
      org,
      orgIndex,
      priority: org.priority,
      priorityLevel: org.priority && policy.priority_mode === 'strict' ? 1 : 0,
      fillWeight: fillWeight(request, org, today, policy),
      reachWeight: orgReach[orgIndex]!,
      slots,
      firstDay: slots.day.length > 0 ? slots.day[0]! : dayNumber(request.window_start),
      months,
      subjects: subjectMask(request.subjects),
      activity: activityMask([request.activity_type]),
      keyStage: keyStageMask([request.key_stage]),
      weekdays,
      hostingKey,
      slotShape: shape.id,
      candidates: [],
      capped: false,
    };
    const found = findCandidates(model, rm, candidateLimit);
    rm.candidates = found.candidates;
    rm.capped = found.capped;
    model.requests.push(rm);
    options.onProgress?.('candidates', index + 1, snapshot.requests.length);
  });
  markBindingBudgets(model);
  return model;
}

/** What a request's slots depend on, worked out once for all the requests that share it. */
interface SlotShape {
  id: number;
  slots: RequestSlots;
  months: Int32Array;
  weekdays: number;
  hostingKey: number;
}

/**
 * The slot shape of a request: its slots, their sessions' months, weekdays and hosting key. Requests
 * with the same window, hosting times and series share one (schools share term dates and hours), and
 * its arrays, which are only read.
 */
function slotShape(
  shapes: Map<string, SlotShape>,
  hostingKeys: Map<string, number>,
  request: ActivityRequest,
  firstAllowedDay: number,
  step: number,
): SlotShape {
  const hosting = weeklyKey(request.times);
  const key = `${request.window_start} ${request.window_end} ${request.duration_min} ${request.sessions} ${request.every_days} ${hosting}`;
  const known = shapes.get(key);
  if (known) return known;
  const slots = requestSlots(request, firstAllowedDay, step);
  const n = slots.offsets.length;
  const months = new Int32Array(slots.day.length * n);
  for (let s = 0; s < slots.day.length; s++) {
    for (let k = 0; k < n; k++) months[s * n + k] = monthIndex(slots.day[s]! + slots.offsets[k]!);
  }
  const weekdays = Array.from(slots.day).reduce((m, d) => m | (1 << isoWeekday(d)), 0);
  const hostingKey = intern(hostingKeys, `${weekdays} ${request.duration_min} ${hosting}`);
  const shape = { id: shapes.size, slots, months, weekdays, hostingKey };
  shapes.set(key, shape);
  return shape;
}

const weeklyKey = (pattern: ActivityRequest['times']): string =>
  pattern.map((i) => `${i.day} ${i.start} ${i.end}`).join(',');

/** The id of `key` in `ids`, a new one (the next number) if it has none yet. */
function intern(ids: Map<string, number>, key: string): number {
  const known = ids.get(key);
  if (known !== undefined) return known;
  ids.set(key, ids.size);
  return ids.size - 1;
}

/** Ambassadors' employers matched to the snapshot's budgets (by name, as written). */
function employerBudgets(snapshot: MatchSnapshot): { employerOf: Int32Array; budgets: EmployerBudget[] } {
  const budgets: EmployerBudget[] = (snapshot.employers ?? []).map((e) => ({
    name: e.employer,
    days: e.volunteering_days_per_year,
    used: new Map(),
    binds: false,
  }));
  const byName = new Map(budgets.map((b, i) => [b.name, i]));
  const employerOf = Int32Array.from(snapshot.ambassadors, (a) =>
    a.employer === undefined ? -1 : (byName.get(a.employer.trim()) ?? -1),
  );
  return { employerOf, budgets };
}

/**
 * A budget binds when its ambassadors' candidate sessions (an upper bound on what the run can give
 * them) exceed the least room left in any year from the run's on: otherwise no choice can break it.
 */
function markBindingBudgets(model: Model): void {
  if (model.budgets.length === 0) return;
  const potential = new Float64Array(model.budgets.length);
  for (const rm of model.requests) {
    for (const c of rm.candidates) {
      const e = model.employerOf[c.amb]!;
      if (e >= 0) potential[e]! += rm.slots.offsets.length;
    }
  }
  const thisYear = academicYearOfDay(model.today);
  model.budgets.forEach((b, e) => {
    let room = b.days;
    for (const [year, used] of b.used) if (year >= thisYear) room = Math.min(room, b.days - used);
    b.binds = potential[e]! > room;
  });
}

/** Days left in an employer's budget for an academic year, before this run. */
export const budgetRoom = (b: EmployerBudget, year: number): number => b.days - (b.used.get(year) ?? 0);

/**
 * Visits the in-person ambassadors in range of the request (index into model.ambassadors, distance);
 * with `sameOffer`, only those who pass every static check (staticStage 5).
 */
export function forEachInPersonInRange(
  model: Model,
  rm: RequestModel,
  visit: (amb: number, km: number) => void,
  options: { sameOffer?: boolean } = {},
): void {
  if (rm.request.mode === 'online') return;
  const limit = Math.min(rm.request.max_km ?? Number.POSITIVE_INFINITY, model.maxTravelKm);
  const bands = options.sameOffer ? offerBands(model, rm) : model.inPersonBands;
  if (!bands) return;
  // The offer's bands hold only those offering the activity type and key stage: the rest of staticStage.
  const filter = options.sameOffer ? { dbsDay: dbsDayOf(rm, model.policy), subjects: rm.subjects } : {};
  forEachReaching(bands, rm.org.lat, rm.org.lon, limit, visit, filter);
}

/** Ambassadors who deliver online and offer the request's activity type and key stage. */
export function onlinePool(model: Model, rm: RequestModel): number[] {
  if (rm.request.mode === 'in_person') return [];
  return model.onlineByOffer.get(requestOfferKey(rm)) ?? [];
}

/**
 * The ambassadors who could take the request before this run, best quality first. With a `limit`:
 * the nearest `limit` in person, every one the organisation knows, and `limit` online ones taken
 * from a place in the pool that depends on the request (so requests do not all crowd the same few).
 */
function findCandidates(
  model: Model,
  rm: RequestModel,
  limit?: number,
): { candidates: Candidate[]; capped: boolean } {
  const { policy } = model;
  const chosen = new Map<number, Candidate>();
  const passesStatic = (amb: number) => staticStage(rm, model.ambassadors[amb]!, policy) === 5;
  const qualifies = (amb: number) =>
    passesStatic(amb) && hasAnySlot(rm, model.ambassadors[amb]!, policy, model);
  const add = (amb: number, online: boolean, km: number) => {
    const am = model.ambassadors[amb]!;
    const total = candidateScore(model, rm, am, online, km).total;
    chosen.set(amb, new Candidate(amb, online, km, total, rm, am, model));
  };
  const kmTo = (amb: number) => {
    const a = model.ambassadors[amb]!.ambassador;
    return distanceKm(rm.org.lat, rm.org.lon, a.lat, a.lon);
  };
  let capped = false;
  if (rm.slots.day.length === 0) return { candidates: [], capped }; // no start time: nobody qualifies
  if (limit === undefined) {
    const near = new Set<number>();
    forEachInPersonInRange(
      model,
      rm,
      (amb, km) => {
        near.add(amb);
        if (hasAnySlot(rm, model.ambassadors[amb]!, policy, model)) add(amb, false, km);
      },
      { sameOffer: true },
    );
    for (const amb of onlinePool(model, rm)) if (!near.has(amb) && qualifies(amb)) add(amb, true, 0);
  } else {
    const where = rm.request.mode === 'online' ? undefined : offerBands(model, rm);
    const reach = Math.min(rm.request.max_km ?? Number.POSITIVE_INFINITY, model.maxTravelKm);
    const inReach = (amb: number, km: number) =>
      km <= model.ambassadors[amb]!.ambassador.travel_km && km <= reach;
    const dbsDay = dbsDayOf(rm, policy);
    const sharedByPattern = sharedWeekdaysByPattern(model, rm);
    if (where) {
      // Widen the circle ring by ring until it holds `limit` who qualify. A ring's ambassadors are
      // all further than the last ring's, so checking each ring's time nearest first and stopping
      // at the `limit`th who qualifies finds the nearest `limit`, with no one's time checked twice
      // and no one's checked past them (time is the costly test; in dense places a ring holds many).
      const found: Array<[amb: number, km: number]> = [];
      const ring: Array<[amb: number, km: number]> = [];
      let radius = Math.min(FIRST_RADIUS_KM, reach);
      for (let inner = -1; ; inner = radius, radius = nextRadius(radius, found.length, limit, reach)) {
        ring.length = 0;
        forEachReaching(
          where,
          rm.org.lat,
          rm.org.lon,
          radius,
          (amb, km) => {
            if (km <= reach) ring.push([amb, km]);
          },
          // The band holds only those offering the activity type and key stage: the rest of staticStage
          // (and no one is free at any slot without being free on one of its weekdays).
          { dbsDay, subjects: rm.subjects, weekdays: rm.weekdays, sharedByPattern, seen: inner },
        );
        ring.sort(nearestFirst);
        let k = 0;
        for (; k < ring.length && found.length < limit; k++) {
          if (hasAnySlot(rm, model.ambassadors[ring[k]![0]]!, policy, model)) found.push(ring[k]!);
        }
        if (found.length >= limit) {
          capped = k < ring.length || radius < reach;
          break;
        }
        if (radius >= reach) break;
      }
      for (const [amb, km] of found) add(amb, false, km);
    }
    for (const amb of model.knownBy.get(rm.orgIndex) ?? []) {
      if (chosen.has(amb) || !qualifies(amb)) continue;
      const a = model.ambassadors[amb]!.ambassador;
      if (where && a.in_person && inReach(amb, kmTo(amb))) add(amb, false, kmTo(amb));
      else if (rm.request.mode !== 'in_person' && a.online) add(amb, true, 0);
    }
    const pool = onlinePool(model, rm);
    const p = model.points;
    let taken = 0;
    for (let k = 0, start = hashId(rm.request.id) % Math.max(pool.length, 1); k < pool.length; k++) {
      if (taken >= limit) {
        capped = true;
        break;
      }
      const amb = pool[(start + k) % pool.length]!;
      // staticStage, and the weekdays no one is free at a slot without, from the flat arrays before
      // any ambassador's objects: most of a pool fails them.
      const stage = stageOf(
        rm,
        dbsDay,
        p.dbsInvalidFrom[amb]!,
        p.subjects[amb]!,
        p.activities[amb]!,
        p.keyStages[amb]!,
      );
      if (stage !== 5 || (p.weekdays[amb]! & rm.weekdays) === 0 || sharedByPattern[p.pattern[amb]!] === 0)
        continue;
      if (!chosen.has(amb) && hasAnySlot(rm, model.ambassadors[amb]!, policy, model)) {
        add(amb, true, 0);
        taken++;
      }
    }
  }
  const candidates = [...chosen.values()];
  candidates.sort((x, y) => y.quality - x.quality || x.amb - y.amb);
  return { candidates, capped };
}

/** The quality of an ambassador on a request, component by component. */
function candidateScore(
  model: Model,
  rm: RequestModel,
  am: AmbassadorModel,
  online: boolean,
  km: number,
): ScoreComponents {
  return quality(
    {
      requestSubjects: rm.subjects,
      ambassadorSubjects: am.subjects,
      knowsOrganisation: model.knownBy.get(rm.orgIndex)?.has(am.index) ?? false,
      online,
      distanceKm: km,
      loadPenalty: am.loadPenalty,
    },
    model.policy,
  );
}

const nearestFirst = (x: [number, number], y: [number, number]): number => x[1] - y[1] || x[0] - y[0];

/** Where the search for a request's nearest candidates starts (km); it widens until it has enough. */
const FIRST_RADIUS_KM = 1;

/**
 * The next circle of a search that has found `found` of `limit` within `radius`: as far as the density
 * met so far says should hold `limit` (and a margin), at least half as far again, twice as far when it
 * has met no one. Doubling every time took more rings, each boxing again the points of the last:
 * at national ×3 the searches boxed 1.96 million points that way and 1.76 million this way. Which
 * candidates are found does not depend on the circles, only how many points are looked at.
 */
function nextRadius(radius: number, found: number, limit: number, reach: number): number {
  const growth = found === 0 ? 2 : Math.max(1.5, Math.sqrt(limit / found) * 1.15);
  return Math.min(radius * growth, reach);
}

/** FNV-1a of an id: a stable, well-spread starting place in a pool. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
