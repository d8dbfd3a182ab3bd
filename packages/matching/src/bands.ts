import { BoxIndex, distanceKm } from '@stem-match/geo';
import type { AmbassadorModel } from './model.js';

/** In-person ambassadors whose travel radius rounds up to the same 10 km, with an index over their bases. */
export interface TravelBand {
  /** The longest travel radius in the band: no one in it reaches further. */
  travelKm: number;
  index: BoxIndex;
  /** By the index's point, the ambassador's place in `points`, ascending: near points together. */
  places: Int32Array;
  /**
   * What the hot loops test, by place: every band's points are the model's one copy in a Z-order of
   * the ambassadors' bases, so a range query reads it in runs. (Read by ambassador index, a national
   * ×3 run spent twice as long a point; a copy for every band, as before, made the bands of a
   * national ×3 run about 90 MB and collecting them a fifth of building the model.)
   */
  points: PlacedPoints;
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

/** AmbassadorPoints by place in a Z-order of the ambassadors' bases (see placedPoints). */
export interface PlacedPoints extends AmbassadorPoints {
  /** The ambassador (index) at each place. */
  ambassador: Int32Array;
  /** The place of each ambassador (by index). */
  place: Int32Array;
}

const BAND_KM = 10;

/**
 * Splits ambassadors (indices) into travel bands, so "who could reach here" looks only as far as each
 * band travels: most ambassadors travel 10–20 km, and searching all of them out to the longest radius
 * would scan several times the area. The bands' places come from `store`. A list in place order (as
 * the model makes them) needs no sorting.
 */
export function travelBands(
  list: readonly number[],
  points: PlacedPoints,
  store: BandStore,
  subjectBit = -1,
): TravelBand[] {
  const groups = new Map<number, number[]>();
  for (const amb of list) {
    const place = points.place[amb]!;
    const band = Math.max(1, Math.ceil(points.travelKm[place]! / BAND_KM));
    const group = groups.get(band);
    if (group) group.push(place);
    else groups.set(band, [place]);
  }
  return [...groups]
    .sort((a, b) => a[0] - b[0])
    .map(([, members]) => {
      const places = store.take(members);
      let travelKm = 0;
      for (const i of places) travelKm = Math.max(travelKm, points.travelKm[i]!);
      return { travelKm, index: new BoxIndex(points.lat, points.lon, places), places, points, subjectBit };
    });
}

/**
 * Room for the bands' places, as views into one array: one allocation for all of a model's bands (a
 * national run makes about 1,800).
 */
export class BandStore {
  private used = 0;
  private readonly places: Int32Array;

  /** Room for `capacity` places in all. */
  constructor(capacity: number) {
    this.places = new Int32Array(capacity);
  }

  /** The next `members.length` places, holding the members in ascending order. */
  take(members: readonly number[]): Int32Array {
    const start = this.used;
    const end = start + members.length;
    if (end > this.places.length)
      throw new Error(`band store: room for ${this.places.length} points, asked for ${end}`);
    this.used = end;
    const out = this.places.subarray(start, end);
    let ascending = true;
    for (let k = 0; k < members.length; k++) {
      out[k] = members[k]!;
      if (k > 0 && members[k]! < members[k - 1]!) ascending = false;
    }
    if (!ascending) out.sort();
    return out;
  }
}

/**
 * The points in a Z-order curve of the ambassadors' bases (squares of about 100 m; ties by index), so
 * those near each other sit near each other in the arrays and a range query reads them in runs.
 */
export function placedPoints(points: AmbassadorPoints): PlacedPoints {
  const n = points.lat.length;
  const key = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const y = Math.round((points.lat[k]! + 90) * 1000) & 0xffff;
    const x = Math.round((points.lon[k]! + 180) * 1000) & 0xffff;
    key[k] = (spread(x) | (spread(y) << 1)) >>> 0;
  }
  let ambassador: Int32Array;
  if (n < POSITIONS) {
    // Key and index packed in one double (32 + 20 bits), so a typed array's native sort orders them.
    const keyed = Float64Array.from(key, (z, k) => z * POSITIONS + k).sort();
    ambassador = Int32Array.from(keyed, (z) => z % POSITIONS);
  } else {
    ambassador = Int32Array.from(key, (_, k) => k).sort((a, b) => key[a]! - key[b]! || a - b);
  }
  const place = new Int32Array(n);
  ambassador.forEach((amb, i) => {
    place[amb] = i;
  });
  const by = <T extends Float64Array | Int32Array | Uint8Array>(from: T): T => {
    const to = new (from.constructor as new (n: number) => T)(n);
    for (let i = 0; i < n; i++) to[i] = from[ambassador[i]!]!;
    return to;
  };
  return {
    lat: by(points.lat),
    lon: by(points.lon),
    travelKm: by(points.travelKm),
    dbsInvalidFrom: by(points.dbsInvalidFrom),
    subjects: by(points.subjects),
    activities: by(points.activities),
    keyStages: by(points.keyStages),
    weekdays: by(points.weekdays),
    pattern: by(points.pattern),
    online: by(points.online),
    ambassador,
    place,
  };
}

/** Indices that fit beside a 32-bit key in a double's 53 bits. */
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
    const places = band.places;
    // In bands split by subject, an ambassador is visited in those of the lowest subject they share.
    const earlier =
      band.subjectBit >= 0 && subjects !== undefined ? subjects & ((1 << band.subjectBit) - 1) : 0;
    for (const k of band.index.inBox(lat, lon, r)) {
      const i = places[k]!;
      if (dbsDay !== undefined && p.dbsInvalidFrom[i]! <= dbsDay) continue;
      if (subjects !== undefined && (p.subjects[i]! & subjects) === 0) continue;
      if ((p.subjects[i]! & earlier) !== 0) continue;
      if (weekdays !== undefined && (p.weekdays[i]! & weekdays) === 0) continue;
      if (sharedByPattern !== undefined && sharedByPattern[p.pattern[i]!] === 0) continue;
      const km = distanceKm(lat, lon, p.lat[i]!, p.lon[i]!);
      if (km <= r && km > seen && (anyTravel || km <= p.travelKm[i]!)) visit(p.ambassador[i]!, km);
    }
  }
}
