import { distanceKm, PointIndex } from '@stem-match/geo';
import type { AmbassadorModel } from './model.js';

/** In-person ambassadors whose travel radius rounds up to the same 10 km, with an index over their bases. */
export interface TravelBand {
  /** The longest travel radius in the band: no one in it reaches further. */
  travelKm: number;
  index: PointIndex;
  /** Ambassador indices, by the index's point (in a Z-order of their bases: near points together). */
  ambassadors: Int32Array;
  /**
   * What the hot loops test, by the index's point: the band's own copy, in the same order, so a
   * range query reads it in runs. (Read through the model's arrays by ambassador, a national ×3 run
   * spent twice as long a point: arrays over 90,000 ambassadors outgrow the processor's cache.)
   */
  points: AmbassadorPoints;
  /** The subject (bit) every ambassador in the band offers, for bands split by subject; else -1. */
  subjectBit: number;
}

/**
 * What the hot loops test, by ambassador index, in flat arrays: a national run tests millions of
 * points, and reading these beats following each ambassador's objects.
 */
export interface AmbassadorPoints {
  lat: Float64Array;
  lon: Float64Array;
  travelKm: Float64Array;
  /** AmbassadorCalendar.dbsInvalidFrom. */
  dbsInvalidFrom: Float64Array;
  subjects: Int32Array;
  activities: Int32Array;
  keyStages: Int32Array;
  /** ISO weekdays (bit d) on which the ambassador is ever available. */
  weekdays: Int32Array;
  /** AmbassadorModel.pattern: the interned weekly availability. */
  pattern: Int32Array;
  online: Uint8Array;
}

const BAND_KM = 10;

/**
 * Splits ambassadors into travel bands, so "who could reach here" looks only as far as each band
 * travels: most ambassadors travel 10–20 km, and searching all of them out to the longest radius
 * would scan several times the area. The bands' copies of the points come from `store`.
 */
export function travelBands(
  list: readonly number[],
  points: AmbassadorPoints,
  store: BandStore,
  subjectBit = -1,
): TravelBand[] {
  // Read from the flat arrays: following each ambassador's object costs a cache miss a time.
  const groups = new Map<number, number[]>();
  for (const i of list) {
    const band = Math.max(1, Math.ceil(points.travelKm[i]! / BAND_KM));
    const group = groups.get(band);
    if (group) group.push(i);
    else groups.set(band, [i]);
  }
  return [...groups]
    .sort((a, b) => a[0] - b[0])
    .map(([, members]) => {
      const { ambassadors, points: own } = store.take(members, points);
      return {
        travelKm: members.reduce((m, i) => Math.max(m, points.travelKm[i]!), 0),
        index: new PointIndex(own),
        ambassadors,
        points: own,
        subjectBit,
      };
    });
}

/**
 * Room for the bands' copies of the points, as views into one array a field: one allocation each
 * for all of a model's bands (a national run makes about 1,800) rather than nine for every band.
 */
export class BandStore {
  private used = 0;
  private readonly ambassadors: Int32Array;
  private readonly points: AmbassadorPoints;

  /** Room for `capacity` points in all. */
  constructor(capacity: number) {
    this.ambassadors = new Int32Array(capacity);
    this.points = {
      lat: new Float64Array(capacity),
      lon: new Float64Array(capacity),
      travelKm: new Float64Array(capacity),
      dbsInvalidFrom: new Float64Array(capacity),
      subjects: new Int32Array(capacity),
      activities: new Int32Array(capacity),
      keyStages: new Int32Array(capacity),
      weekdays: new Int32Array(capacity),
      pattern: new Int32Array(capacity),
      online: new Uint8Array(capacity),
    };
  }

  /**
   * The next `members.length` places, holding the members (in spatialOrder) and their entries of
   * `from`.
   */
  take(
    members: readonly number[],
    from: AmbassadorPoints,
  ): { ambassadors: Int32Array; points: AmbassadorPoints } {
    const start = this.used;
    const end = start + members.length;
    if (end > this.ambassadors.length)
      throw new Error(`band store: room for ${this.ambassadors.length} points, asked for ${end}`);
    this.used = end;
    const ambassadors = this.ambassadors.subarray(start, end);
    spatialOrder(members, from, ambassadors);
    const to = this.points;
    return {
      ambassadors,
      points: {
        lat: copyFloats(to.lat.subarray(start, end), from.lat, ambassadors),
        lon: copyFloats(to.lon.subarray(start, end), from.lon, ambassadors),
        travelKm: copyFloats(to.travelKm.subarray(start, end), from.travelKm, ambassadors),
        dbsInvalidFrom: copyFloats(to.dbsInvalidFrom.subarray(start, end), from.dbsInvalidFrom, ambassadors),
        subjects: copyInts(to.subjects.subarray(start, end), from.subjects, ambassadors),
        activities: copyInts(to.activities.subarray(start, end), from.activities, ambassadors),
        keyStages: copyInts(to.keyStages.subarray(start, end), from.keyStages, ambassadors),
        weekdays: copyInts(to.weekdays.subarray(start, end), from.weekdays, ambassadors),
        pattern: copyInts(to.pattern.subarray(start, end), from.pattern, ambassadors),
        online: copyBytes(to.online.subarray(start, end), from.online, ambassadors),
      },
    };
  }
}

// One function a kind of array, so each loop reads and writes one kind and compiles to plain loads.
function copyFloats(to: Float64Array, from: Float64Array, at: Int32Array): Float64Array {
  for (let k = 0; k < at.length; k++) to[k] = from[at[k]!]!;
  return to;
}

function copyInts(to: Int32Array, from: Int32Array, at: Int32Array): Int32Array {
  for (let k = 0; k < at.length; k++) to[k] = from[at[k]!]!;
  return to;
}

function copyBytes(to: Uint8Array, from: Uint8Array, at: Int32Array): Uint8Array {
  for (let k = 0; k < at.length; k++) to[k] = from[at[k]!]!;
  return to;
}

/**
 * Writes the members into `out` sorted along a Z-order curve of their bases (squares of about
 * 100 m), so those near each other sit near each other in the band's arrays and a range query reads
 * them in runs.
 */
function spatialOrder(members: readonly number[], points: AmbassadorPoints, out: Int32Array): void {
  // Key and position packed in one double (32 + 20 bits), so a typed array's native sort orders them.
  if (scratch.length < members.length) scratch = new Float64Array(members.length * 2);
  const keyed = scratch.subarray(0, members.length);
  for (let k = 0; k < members.length; k++) {
    const amb = members[k]!;
    const y = Math.round((points.lat[amb]! + 90) * 1000) & 0xffff;
    const x = Math.round((points.lon[amb]! + 180) * 1000) & 0xffff;
    keyed[k] = ((spread(x) | (spread(y) << 1)) >>> 0) * POSITIONS + k;
  }
  keyed.sort();
  for (let k = 0; k < keyed.length; k++) out[k] = members[keyed[k]! % POSITIONS]!;
}

/** spatialOrder's sort keys, kept between calls (bands are made one after another). */
let scratch = new Float64Array(0);

const POSITIONS = 2 ** 20;

/** A 16-bit number's bits spread to the even places of 32 (half of a Morton code). */
function spread(v: number): number {
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  return ((v | (v << 1)) & 0x55555555) >>> 0;
}

export function ambassadorPoints(models: readonly AmbassadorModel[]): AmbassadorPoints {
  const n = models.length;
  const p: AmbassadorPoints = {
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    travelKm: new Float64Array(n),
    dbsInvalidFrom: new Float64Array(n),
    subjects: new Int32Array(n),
    activities: new Int32Array(n),
    keyStages: new Int32Array(n),
    weekdays: new Int32Array(n),
    pattern: new Int32Array(n),
    online: new Uint8Array(n),
  };
  models.forEach((am, i) => {
    p.lat[i] = am.ambassador.lat;
    p.lon[i] = am.ambassador.lon;
    p.travelKm[i] = am.ambassador.travel_km;
    p.dbsInvalidFrom[i] = am.calendar.dbsInvalidFrom;
    p.subjects[i] = am.subjects;
    p.activities[i] = am.activities;
    p.keyStages[i] = am.keyStages;
    p.weekdays[i] = am.calendar.weekdays;
    p.pattern[i] = am.pattern;
    p.online[i] = am.ambassador.online ? 1 : 0;
  });
  return p;
}

/**
 * Visits the banded ambassadors (index into the model's ambassadors, distance) within `radius` km of
 * (lat, lon) and further than `seen` km, who can travel that far (unless `anyTravel`), whose DBS
 * check is valid after `dbsDay`, who share a subject with `subjects` and who are ever available on
 * one of `weekdays`, and whose availability pattern `sharedByPattern` does not mark as sharing no
 * weekday with the request (0: none; any other value, including not yet worked out, passes) — each
 * test skipped when not given, the cheap tests first, from flat arrays, before any distance.
 */
export function forEachReaching(
  bands: readonly TravelBand[],
  lat: number,
  lon: number,
  radius: number,
  visit: (amb: number, km: number) => void,
  filter: {
    dbsDay?: number;
    subjects?: number;
    weekdays?: number;
    sharedByPattern?: Int32Array;
    seen?: number;
    anyTravel?: boolean;
  } = {},
): void {
  const { dbsDay, subjects, weekdays, sharedByPattern, anyTravel } = filter;
  const seen = filter.seen ?? -1;
  for (const band of bands) {
    const r = anyTravel ? radius : Math.min(radius, band.travelKm);
    if (r <= seen) continue;
    const p = band.points;
    const ambassadors = band.ambassadors;
    // In bands split by subject, an ambassador is visited in those of the lowest subject they share.
    const earlier =
      band.subjectBit >= 0 && subjects !== undefined ? subjects & ((1 << band.subjectBit) - 1) : 0;
    for (const i of band.index.inBox(lat, lon, r)) {
      if (dbsDay !== undefined && p.dbsInvalidFrom[i]! <= dbsDay) continue;
      if (subjects !== undefined && (p.subjects[i]! & subjects) === 0) continue;
      if ((p.subjects[i]! & earlier) !== 0) continue;
      if (weekdays !== undefined && (p.weekdays[i]! & weekdays) === 0) continue;
      if (sharedByPattern !== undefined && sharedByPattern[p.pattern[i]!] === 0) continue;
      const km = distanceKm(lat, lon, p.lat[i]!, p.lon[i]!);
      if (km <= r && km > seen && (anyTravel || km <= p.travelKm[i]!)) visit(ambassadors[i]!, km);
    }
  }
}
