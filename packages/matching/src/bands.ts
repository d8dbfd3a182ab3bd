import type { Ambassador } from '@stem-match/domain';
import { distanceKm, PointIndex } from '@stem-match/geo';
import type { AmbassadorModel } from './model.js';

/** In-person ambassadors whose travel radius rounds up to the same 10 km, with an index over their bases. */
export interface TravelBand {
  /** The longest travel radius in the band: no one in it reaches further. */
  travelKm: number;
  index: PointIndex;
  /** Ambassador indices, in the order of the index's points. */
  ambassadors: number[];
  /**
   * What the hot loops test, by point, in flat arrays (a national run tests millions of points, and
   * reading these beats following each ambassador's objects).
   */
  points: BandPoints;
}

export interface BandPoints {
  lat: Float64Array;
  lon: Float64Array;
  travelKm: Float64Array;
  /** AmbassadorCalendar.dbsInvalidFrom. */
  dbsInvalidFrom: Float64Array;
  subjects: Int32Array;
  activities: Int32Array;
  keyStages: Int32Array;
  online: Uint8Array;
}

const BAND_KM = 10;

/**
 * Splits ambassadors into travel bands, so "who could reach here" looks only as far as each band
 * travels: most ambassadors travel 10–20 km, and searching all of them out to the longest radius
 * would scan several times the area.
 */
export function travelBands(list: readonly number[], models: readonly AmbassadorModel[]): TravelBand[] {
  const ambassadorOf = (i: number) => models[i]!.ambassador;
  const groups = new Map<number, number[]>();
  for (const i of list) {
    const band = Math.max(1, Math.ceil(ambassadorOf(i).travel_km / BAND_KM));
    const group = groups.get(band);
    if (group) group.push(i);
    else groups.set(band, [i]);
  }
  return [...groups]
    .sort((a, b) => a[0] - b[0])
    .map(([, ambassadors]) => ({
      travelKm: ambassadors.reduce((m, i) => Math.max(m, ambassadorOf(i).travel_km), 0),
      index: new PointIndex(ambassadors.map(ambassadorOf)),
      ambassadors,
      points: bandPoints(ambassadors, models),
    }));
}

function bandPoints(list: readonly number[], models: readonly AmbassadorModel[]): BandPoints {
  const of = <T extends Float64Array | Int32Array | Uint8Array>(
    Type: { from(xs: ArrayLike<number>): T },
    f: (am: AmbassadorModel) => number,
  ): T => Type.from(list.map((i) => f(models[i]!)));
  return {
    lat: of(Float64Array, (am) => am.ambassador.lat),
    lon: of(Float64Array, (am) => am.ambassador.lon),
    travelKm: of(Float64Array, (am) => am.ambassador.travel_km),
    dbsInvalidFrom: of(Float64Array, (am) => am.calendar.dbsInvalidFrom),
    subjects: of(Int32Array, (am) => am.subjects),
    activities: of(Int32Array, (am) => am.activities),
    keyStages: of(Int32Array, (am) => am.keyStages),
    online: of(Uint8Array, (am) => (am.ambassador.online ? 1 : 0)),
  };
}

/**
 * Visits the banded ambassadors (band, point) within `radius` km of (lat, lon), within their own
 * travel radius and further than `seen` km, whose DBS check is valid after `dbsDay` and who share a
 * subject with `subjects` (either test skipped when not given) — the cheap tests first, from flat
 * arrays, before any distance.
 */
export function forEachReaching(
  bands: readonly TravelBand[],
  lat: number,
  lon: number,
  radius: number,
  visit: (band: TravelBand, point: number, km: number) => void,
  filter: { dbsDay?: number; subjects?: number; seen?: number } = {},
): void {
  const { dbsDay, subjects } = filter;
  const seen = filter.seen ?? -1;
  for (const band of bands) {
    const r = Math.min(radius, band.travelKm);
    if (r <= seen) continue;
    const p = band.points;
    for (const i of band.index.inBox(lat, lon, r)) {
      if (dbsDay !== undefined && p.dbsInvalidFrom[i]! <= dbsDay) continue;
      if (subjects !== undefined && (p.subjects[i]! & subjects) === 0) continue;
      const km = distanceKm(lat, lon, p.lat[i]!, p.lon[i]!);
      if (km <= r && km > seen && km <= p.travelKm[i]!) visit(band, i, km);
    }
  }
}

/** The nearest banded ambassador passing `accept` (any distance), ties to the lower index. */
export function nearestInBands(
  bands: readonly TravelBand[],
  lat: number,
  lon: number,
  ambassadorOf: (i: number) => Ambassador,
  accept: (amb: number) => boolean,
): number | undefined {
  let best: number | undefined;
  let bestKm = Number.POSITIVE_INFINITY;
  for (const band of bands) {
    const i = band.index.nearest(lat, lon, (k) => accept(band.ambassadors[k]!));
    if (i === undefined) continue;
    const amb = band.ambassadors[i]!;
    const a = ambassadorOf(amb);
    const km = distanceKm(lat, lon, a.lat, a.lon);
    if (km < bestKm || (km === bestKm && best !== undefined && amb < best)) {
      best = amb;
      bestKm = km;
    }
  }
  return best;
}
