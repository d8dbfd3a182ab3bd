import { around } from 'geokdbush';
import KDBush from 'kdbush';
import { distanceKm } from './distance.js';

const KM_PER_DEGREE_LAT = 111.2;

/** Points as coordinate arrays: point i is at (lat[i], lon[i]). */
export interface Coordinates {
  lat: Float64Array;
  lon: Float64Array;
}

const isCoordinates = (p: ReadonlyArray<{ lat: number; lon: number }> | Coordinates): p is Coordinates =>
  !Array.isArray(p);

/**
 * A static index over points (kdbush) that answers only which lie in the box around a circle: for
 * callers that keep their points' coordinates (and everything else about them) in arrays of their
 * own, so the index holds no second copy beyond kdbush's. Point k is at (lat[at[k]], lon[at[k]]),
 * or (lat[k], lon[k]) without `at`.
 */
export class BoxIndex {
  /** The kdbush tree (for geokdbush's nearest-point search). */
  readonly tree: KDBush;
  readonly size: number;

  constructor(lat: ArrayLike<number>, lon: ArrayLike<number>, at?: ArrayLike<number>) {
    this.size = at ? at.length : lat.length;
    this.tree = new KDBush(Math.max(this.size, 1));
    for (let k = 0; k < this.size; k++) {
      const i = at ? at[k]! : k;
      this.tree.add(lon[i]!, lat[i]!);
    }
    if (this.size === 0) this.tree.add(0, 0); // kdbush needs one point; size 0 hides it
    this.tree.finish();
  }

  /**
   * Indices of the points in a box that holds every point within `km` of (lat, lon), for hot loops
   * with cheap tests of their own before any distance.
   */
  inBox(lat: number, lon: number, km: number): readonly number[] {
    if (this.size === 0 || !(km >= 0)) return [];
    const dLat = km / KM_PER_DEGREE_LAT;
    const dLon =
      km / (KM_PER_DEGREE_LAT * Math.max(Math.cos(((Math.abs(lat) + dLat) * Math.PI) / 180), 0.01));
    return this.tree.range(lon - dLon, lat - dLat, lon + dLon, lat + dLat);
  }
}

/**
 * A static spatial index over points (kdbush). Built once per snapshot; answers "which points lie
 * within R km of here" (a bounding-box range query, then great-circle distance) and "the nearest
 * point that passes a test" (geokdbush).
 */
export class PointIndex {
  private readonly box: BoxIndex;
  readonly size: number;
  private readonly lat: Float64Array;
  private readonly lon: Float64Array;

  /** Points as objects, or as coordinate arrays (point i at lat[i], lon[i]) for callers that keep flat arrays. */
  constructor(points: ReadonlyArray<{ lat: number; lon: number }> | Coordinates) {
    const flat = isCoordinates(points);
    this.lat = flat ? points.lat : Float64Array.from(points, (p) => p.lat);
    this.lon = flat ? points.lon : Float64Array.from(points, (p) => p.lon);
    this.size = this.lat.length;
    this.box = new BoxIndex(this.lat, this.lon);
  }

  /** Indices of points within `km` of (lat, lon), with their distances, in no particular order. */
  within(lat: number, lon: number, km: number): Array<{ index: number; km: number }> {
    const out: Array<{ index: number; km: number }> = [];
    this.forEachWithin(lat, lon, km, (index, d) => {
      out.push({ index, km: d });
    });
    return out;
  }

  /**
   * Calls `visit` for each point within `km` of (lat, lon). `accept`, if given, is asked first, before
   * any distance is computed: hot loops use it to drop points on cheap tests without allocating.
   */
  forEachWithin(
    lat: number,
    lon: number,
    km: number,
    visit: (index: number, km: number) => void,
    accept?: (index: number) => boolean,
  ): void {
    for (const i of this.inBox(lat, lon, km)) {
      if (accept && !accept(i)) continue;
      const d = distanceKm(lat, lon, this.lat[i]!, this.lon[i]!);
      if (d <= km) visit(i, d);
    }
  }

  /**
   * Indices of the points in a box that holds every point within `km` of (lat, lon) — a superset of
   * `within`, for hot loops that test cheap attributes of their own before any distance.
   */
  inBox(lat: number, lon: number, km: number): readonly number[] {
    return this.box.inBox(lat, lon, km);
  }

  /** Up to `count` nearest points within `km`, nearest first. */
  nearestWithin(lat: number, lon: number, km: number, count: number): number[] {
    if (this.size === 0) return [];
    return around(this.box.tree, lon, lat, count, km);
  }

  /** Index of the nearest point that passes `accept`, or undefined if none does. */
  nearest(lat: number, lon: number, accept?: (i: number) => boolean): number | undefined {
    if (this.size === 0) return undefined;
    return around(this.box.tree, lon, lat, 1, Number.POSITIVE_INFINITY, accept)[0];
  }
}
