import { distanceKm, PointIndex } from '@stem-match/geo';
import type { AmbassadorModel } from './model.js';

/** In-person ambassadors whose travel radius rounds up to the same 10 km, with an index over their bases. */
export interface TravelBand {
  /** The longest travel radius in the band: no one in it reaches further. */
  travelKm: number;
  index: PointIndex;
  /** Ambassador indices, in the order of the index's points. */
  ambassadors: number[];
  /** What the hot loops test, by ambassador index (shared by every band of a model). */
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
  online: Uint8Array;
}

const BAND_KM = 10;

/**
 * Splits ambassadors into travel bands, so "who could reach here" looks only as far as each band
 * travels: most ambassadors travel 10–20 km, and searching all of them out to the longest radius
 * would scan several times the area.
 */
export function travelBands(
  list: readonly number[],
  points: AmbassadorPoints,
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
    .map(([, ambassadors]) => ({
      travelKm: ambassadors.reduce((m, i) => Math.max(m, points.travelKm[i]!), 0),
      index: new PointIndex(ambassadors.map((i) => ({ lat: points.lat[i]!, lon: points.lon[i]! }))),
      ambassadors,
      points,
      subjectBit,
    }));
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
    p.weekdays[i] = am.calendar.byWeekday.reduce(
      (mask, free, day) => (free.length > 0 ? mask | (1 << day) : mask),
      0,
    );
    p.online[i] = am.ambassador.online ? 1 : 0;
  });
  return p;
}

/**
 * Visits the banded ambassadors (index into the model's ambassadors, distance) within `radius` km of
 * (lat, lon) and further than `seen` km, who can travel that far (unless `anyTravel`), whose DBS
 * check is valid after `dbsDay`, who share a subject with `subjects` and who are ever available on
 * one of `weekdays` (each test skipped when not given) — the cheap tests first, from flat arrays,
 * before any distance.
 */
export function forEachReaching(
  bands: readonly TravelBand[],
  lat: number,
  lon: number,
  radius: number,
  visit: (amb: number, km: number) => void,
  filter: { dbsDay?: number; subjects?: number; weekdays?: number; seen?: number; anyTravel?: boolean } = {},
): void {
  const { dbsDay, subjects, weekdays, anyTravel } = filter;
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
      const amb = ambassadors[i]!;
      if (dbsDay !== undefined && p.dbsInvalidFrom[amb]! <= dbsDay) continue;
      if (subjects !== undefined && (p.subjects[amb]! & subjects) === 0) continue;
      if ((p.subjects[amb]! & earlier) !== 0) continue;
      if (weekdays !== undefined && (p.weekdays[amb]! & weekdays) === 0) continue;
      const km = distanceKm(lat, lon, p.lat[amb]!, p.lon[amb]!);
      if (km <= r && km > seen && (anyTravel || km <= p.travelKm[amb]!)) visit(amb, km);
    }
  }
}
