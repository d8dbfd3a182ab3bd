import { describe, expect, it } from 'vitest';
import { BoxIndex, distanceKm, osgb36ToWgs84, PointIndex, wgs84ToOsgb36 } from '../src/index.js';

// The worked example in Ordnance Survey's "A guide to coordinate systems in Great Britain":
// Caister water tower, ETRS89 (≈ WGS84 to well under a metre) 52°39'28.723"N 1°42'57.787"E.
// The Helmert transformation is good to a few metres.
const KNOWN = [{ name: 'Caister water tower', e: 651409.903, n: 313177.27, lat: 52.6579786, lon: 1.716052 }];

describe('OSGB36 <-> WGS84', () => {
  for (const p of KNOWN) {
    it(`converts ${p.name} to within 5 m`, () => {
      const got = osgb36ToWgs84(p.e, p.n);
      expect(distanceKm(got.lat, got.lon, p.lat, p.lon) * 1000).toBeLessThan(5);
    });
  }

  it('round-trips to the centimetre', () => {
    const back = wgs84ToOsgb36(...(Object.values(osgb36ToWgs84(530000, 180000)) as [number, number]));
    expect(back.easting).toBeCloseTo(530000, 2);
    expect(back.northing).toBeCloseTo(180000, 2);
  });
});

describe('distanceKm', () => {
  it('London to Edinburgh is about 534 km', () => {
    expect(distanceKm(51.5074, -0.1278, 55.9533, -3.1883)).toBeGreaterThan(530);
    expect(distanceKm(51.5074, -0.1278, 55.9533, -3.1883)).toBeLessThan(538);
  });
  it('is zero for the same point', () => {
    expect(distanceKm(52, -1, 52, -1)).toBe(0);
  });
});

describe('PointIndex', () => {
  const points = [
    { lat: 51.5074, lon: -0.1278 }, // London
    { lat: 51.752, lon: -1.2577 }, // Oxford, ~80 km
    { lat: 52.2053, lon: 0.1218 }, // Cambridge, ~80 km
    { lat: 53.4808, lon: -2.2426 }, // Manchester, ~260 km
  ];
  const index = new PointIndex(points);

  const ids = (found: Array<{ index: number }>) => found.map((f) => f.index).sort();

  it('finds the points within a radius, with their distances', () => {
    expect(ids(index.within(51.5074, -0.1278, 100))).toEqual([0, 1, 2]);
    expect(index.within(51.5074, -0.1278, 10)).toEqual([{ index: 0, km: 0 }]);
  });

  it('agrees with a brute-force scan, including at the edge of the bounding box', () => {
    for (const [lat, lon] of [
      [51.45, -0.97],
      [53.0, -2.0],
      [58.5, -3.0],
    ] as const) {
      for (const km of [50, 80.5, 90, 300]) {
        const brute = points.flatMap((p, i) => (distanceKm(lat, lon, p.lat, p.lon) <= km ? [i] : []));
        expect(ids(index.within(lat, lon, km))).toEqual(brute.sort());
      }
    }
  });

  it('takes its points as coordinate arrays too, and answers the same', () => {
    const flat = new PointIndex({
      lat: Float64Array.from(points, (p) => p.lat),
      lon: Float64Array.from(points, (p) => p.lon),
    });
    expect(flat.size).toBe(points.length);
    for (const km of [10, 100, 300])
      expect(flat.within(51.45, -0.97, km)).toEqual(index.within(51.45, -0.97, km));
  });

  it('finds the nearest point that passes a test', () => {
    expect(index.nearest(51.5, -0.12)).toBe(0);
    expect(index.nearest(51.5, -0.12, (i) => i === 3)).toBe(3);
    expect(index.nearest(51.5, -0.12, () => false)).toBeUndefined();
  });

  it('handles no points', () => {
    const empty = new PointIndex([]);
    expect(empty.within(51.5, -0.12, 1000)).toEqual([]);
    expect(empty.nearest(51.5, -0.12)).toBeUndefined();
  });
});

describe('BoxIndex', () => {
  const lat = Float64Array.from([51.5074, 51.752, 52.2053, 53.4808, 51.4545]);
  const lon = Float64Array.from([-0.1278, -1.2577, 0.1218, -2.2426, -2.5879]);

  it('over some of the points (point k at at[k]) answers as an index over just those', () => {
    const at = Int32Array.from([4, 0, 2]);
    const box = new BoxIndex(lat, lon, at);
    const alone = new BoxIndex(
      Array.from(at, (i) => lat[i]!),
      Array.from(at, (i) => lon[i]!),
    );
    expect(box.size).toBe(3);
    for (const km of [10, 100, 200, 400]) {
      const found = [...box.inBox(51.5, -1, km)].sort();
      expect(found).toEqual([...alone.inBox(51.5, -1, km)].sort());
      // Every point within the radius is in the box.
      at.forEach((i, k) => {
        if (distanceKm(51.5, -1, lat[i]!, lon[i]!) <= km) expect(found).toContain(k);
      });
    }
  });

  it('handles no points', () => {
    expect(new BoxIndex(lat, lon, new Int32Array(0)).inBox(51.5, -1, 1000)).toEqual([]);
  });
});

describe('PointIndex.nearestWithin', () => {
  it('returns at most count points within the radius, nearest first', () => {
    const index = new PointIndex([
      { lat: 51.5, lon: 0 },
      { lat: 51.6, lon: 0 },
      { lat: 51.7, lon: 0 },
      { lat: 53, lon: 0 },
    ]);
    expect(index.nearestWithin(51.49, 0, 50, 2)).toEqual([0, 1]);
    expect(index.nearestWithin(51.49, 0, 15, 10)).toEqual([0, 1]);
  });
});
