import { type Ambassador, UK_BOUNDS } from '@stem-match/domain';
import { getDistance } from 'geolib';

interface Point {
  lat: number;
  lon: number;
}

/** Great-circle distance in km (geolib, metre precision). */
export function distanceKm(a: Point, b: Point): number {
  return getDistance({ latitude: a.lat, longitude: a.lon }, { latitude: b.lat, longitude: b.lon }) / 1000;
}

// A degree of latitude is at least this long on any of the spheres in use, so the latitude
// difference alone is a lower bound on the distance: enough to skip most far ambassadors
// without the full formula.
const MIN_KM_PER_DEGREE_LAT = 111.0;

/** A lower bound on the distance between two points, from their latitudes alone. */
export function latitudeGapKm(a: Point, b: Point): number {
  return Math.abs(a.lat - b.lat) * MIN_KM_PER_DEGREE_LAT;
}

// Great-circle implementations differ in the Earth radius they assume: geolib uses 6,378.137 km,
// others the mean 6,371 km, a 0.11% spread. So a limit is tested with 50 m for rounding plus
// 0.15% of the distance, rather than 50 m alone, which would flag honest runs at 50 km and beyond.
const ROUNDING_KM = 0.05;
const RADIUS_SPREAD = 0.0015;

/** How far from `limit` a distance may be and still be called "at the limit". */
export function limitToleranceKm(limit: number): number {
  return ROUNDING_KM + RADIUS_SPREAD * limit;
}

/** How far a reported distance may be from ours (rounded to 0.1 km by the writer). */
export function reportToleranceKm(km: number): number {
  return 0.1 + RADIUS_SPREAD * km;
}

/**
 * Where a distance stands against a limit: surely within, surely beyond, or too close to tell
 * apart from rounding. The funnel counts "edge" ambassadors as possible, not certain.
 */
export type Reach = 'within' | 'edge' | 'beyond';
export function reach(km: number, limit: number): Reach {
  const tol = limitToleranceKm(limit);
  if (km <= limit - tol) return 'within';
  if (km <= limit + tol) return 'edge';
  return 'beyond';
}

/** The in-person limit for one ambassador and one request: the tighter of the two. */
export function travelLimitKm(ambassador: Ambassador, maxKm: number | undefined): number {
  return maxKm === undefined ? ambassador.travel_km : Math.min(ambassador.travel_km, maxKm);
}

const KM_PER_DEGREE_LAT = 111.1;
const CELL_DEG = 0.25;

/**
 * A coarse grid over latitude and longitude in which every in-person ambassador is filed under
 * every cell that their travel radius (plus tolerance) could reach. Looking up an organisation's
 * cell then yields a superset of the ambassadors who can reach it; the exact distance decides.
 */
export class ReachGrid {
  private readonly cells = new Map<string, Ambassador[]>();

  constructor(ambassadors: readonly Ambassador[]) {
    for (const a of ambassadors) {
      if (!a.in_person) continue;
      const radius = a.travel_km + limitToleranceKm(a.travel_km);
      const dLat = radius / KM_PER_DEGREE_LAT;
      // Longitude degrees shrink towards the pole: use the box's most northerly latitude.
      const north = Math.min(89, Math.abs(a.lat) + dLat);
      const dLon = radius / (KM_PER_DEGREE_LAT * Math.cos((north * Math.PI) / 180));
      // Organisations lie inside the UK bounds (the schema says so), so cells beyond them stay empty.
      const iFrom = cell(Math.max(UK_BOUNDS.minLat, a.lat - dLat));
      const iTo = cell(Math.min(UK_BOUNDS.maxLat, a.lat + dLat));
      const jFrom = cell(Math.max(UK_BOUNDS.minLon, a.lon - dLon));
      const jTo = cell(Math.min(UK_BOUNDS.maxLon, a.lon + dLon));
      for (let i = iFrom; i <= iTo; i++) {
        for (let j = jFrom; j <= jTo; j++) {
          const key = `${i}:${j}`;
          const list = this.cells.get(key);
          if (list) list.push(a);
          else this.cells.set(key, [a]);
        }
      }
    }
  }

  /** In-person ambassadors whose reach box covers the point (a superset of those in range). */
  near(point: Point): readonly Ambassador[] {
    return this.cells.get(`${cell(point.lat)}:${cell(point.lon)}`) ?? [];
  }
}

function cell(degrees: number): number {
  return Math.floor(degrees / CELL_DEG);
}
