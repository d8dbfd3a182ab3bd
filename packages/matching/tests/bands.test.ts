import { distanceKm } from '@stem-match/geo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AmbassadorPoints,
  BandStore,
  forEachReaching,
  placedPoints,
  travelBands,
} from '../src/bands.js';

interface Drawn {
  lat: number;
  lon: number;
  travelKm: number;
  dbsInvalidFrom: number;
  subjects: number;
  weekdays: number;
  pattern: number;
}

const arbAmbassador: fc.Arbitrary<Drawn> = fc.record({
  lat: fc.double({ min: 50.5, max: 51.5, noNaN: true }),
  lon: fc.double({ min: -1.5, max: 0.5, noNaN: true }),
  travelKm: fc.integer({ min: 1, max: 45 }),
  dbsInvalidFrom: fc.integer({ min: 0, max: 20 }),
  subjects: fc.integer({ min: 1, max: 7 }),
  weekdays: fc.integer({ min: 1, max: 0b11111110 }),
  pattern: fc.integer({ min: 0, max: 3 }),
});

function pointsOf(drawn: readonly Drawn[]): AmbassadorPoints {
  const f64 = (f: (d: Drawn) => number) => Float64Array.from(drawn, f);
  const i32 = (f: (d: Drawn) => number) => Int32Array.from(drawn, f);
  return {
    lat: f64((d) => d.lat),
    lon: f64((d) => d.lon),
    travelKm: f64((d) => d.travelKm),
    dbsInvalidFrom: f64((d) => d.dbsInvalidFrom),
    subjects: i32((d) => d.subjects),
    activities: i32(() => 1),
    keyStages: i32(() => 2),
    weekdays: i32((d) => d.weekdays),
    pattern: i32((d) => d.pattern),
    online: Uint8Array.from(drawn, (_, i) => i % 2),
  };
}

const fields = (p: AmbassadorPoints, at: ArrayLike<number>) =>
  Array.from(at, (i) => [
    p.lat[i],
    p.lon[i],
    p.travelKm[i],
    p.dbsInvalidFrom[i],
    p.subjects[i],
    p.weekdays[i],
    p.pattern[i],
    p.online[i],
  ]);

describe('placed points', () => {
  it('hold every ambassador once, with the same points, and say where each is', () => {
    fc.assert(
      fc.property(fc.array(arbAmbassador, { minLength: 1, maxLength: 60 }), (drawn) => {
        const points = pointsOf(drawn);
        const placed = placedPoints(points);
        expect([...placed.ambassador].sort((x, y) => x - y)).toEqual(drawn.map((_, i) => i));
        const places = Array.from(placed.ambassador, (_, i) => i);
        expect(fields(placed, places)).toEqual(fields(points, placed.ambassador));
        drawn.forEach((_, amb) => {
          expect(placed.ambassador[placed.place[amb]!]).toBe(amb);
        });
      }),
      { numRuns: 100, seed: 20261202 },
    );
  });
});

describe('placed points beyond 2^20 ambassadors', () => {
  it('are in the same order as the same places would be alone, ties by index', () => {
    const places: Drawn[] = [
      [53.48, -2.24],
      [50.85, 0.57],
      [51.5, -0.12],
      [55.95, -3.19],
    ].map(([lat, lon]) => ({
      lat: lat!,
      lon: lon!,
      travelKm: 10,
      dbsInvalidFrom: 9,
      subjects: 1,
      weekdays: 2,
      pattern: 0,
    }));
    const alone = [...placedPoints(pointsOf(places)).ambassador];
    const n = 2 ** 20 + 2;
    const many = placedPoints(pointsOf(Array.from({ length: n }, (_, k) => places[k % places.length]!)));
    const expected = alone.flatMap((p) => {
      const same: number[] = [];
      for (let k = p; k < n; k += places.length) same.push(k);
      return same;
    });
    // The first place out of order, if any (a diff of a million entries would take minutes to print).
    expect(expected.findIndex((amb, i) => many.ambassador[i] !== amb)).toBe(-1);
    expect(many.ambassador.length).toBe(n);
  });
});

describe('travel bands', () => {
  it('hold every ambassador once, in place order, whatever the order of the list', () => {
    fc.assert(
      fc.property(
        fc.array(arbAmbassador, { minLength: 1, maxLength: 60 }).chain((drawn) =>
          fc.tuple(
            fc.constant(drawn),
            fc.shuffledSubarray(
              drawn.map((_, i) => i),
              { minLength: drawn.length },
            ),
          ),
        ),
        ([drawn, shuffled]) => {
          const placed = placedPoints(pointsOf(drawn));
          const list = drawn.map((_, i) => i);
          const bands = travelBands(list, placed, new BandStore(list.length));
          const members = bands.flatMap((b) => Array.from(b.places, (i) => placed.ambassador[i]!));
          expect(members.sort((x, y) => x - y)).toEqual(list);
          for (const band of bands) {
            expect([...band.places]).toEqual([...band.places].sort((x, y) => x - y));
            expect(band.travelKm).toBe(Math.max(...Array.from(band.places, (i) => placed.travelKm[i]!)));
          }
          const again = travelBands(shuffled, placed, new BandStore(list.length));
          expect(again.map((b) => [b.travelKm, [...b.places]])).toEqual(
            bands.map((b) => [b.travelKm, [...b.places]]),
          );
        },
      ),
      { numRuns: 100, seed: 20261202 },
    );
  });

  it('keep near ambassadors together: two towns far apart are not interleaved', () => {
    const town = (lat: number, lon: number, n: number): Drawn[] =>
      Array.from({ length: n }, (_, k) => ({
        lat: lat + (k % 5) * 0.001,
        lon: lon + Math.floor(k / 5) * 0.001,
        travelKm: 15,
        dbsInvalidFrom: 99,
        subjects: 1,
        weekdays: 2,
        pattern: 0,
      }));
    // Alternate the towns in the input, so input order alone would interleave them.
    const a = town(50.85, 0.57, 20);
    const b = town(53.48, -2.24, 20);
    const drawn = a.flatMap((p, k) => [p, b[k]!]);
    const placed = placedPoints(pointsOf(drawn));
    const [band] = travelBands(
      drawn.map((_, i) => i),
      placed,
      new BandStore(drawn.length),
    );
    const south = Array.from(band!.places, (i) => placed.ambassador[i]! % 2 === 0);
    const switches = south.filter((s, k) => k > 0 && s !== south[k - 1]).length;
    expect(switches).toBe(1);
  });

  it('are refused more points than their store has room for, saying how many', () => {
    const drawn = [0, 1, 2].map((k) => ({
      lat: 51,
      lon: k * 0.01,
      travelKm: 10,
      dbsInvalidFrom: 9,
      subjects: 1,
      weekdays: 2,
      pattern: 0,
    }));
    expect(() => travelBands([0, 1, 2], placedPoints(pointsOf(drawn)), new BandStore(2))).toThrow(
      'band store: room for 2 points, asked for 3',
    );
  });

  it('visit exactly the ambassadors a scan of everyone finds, with their distances', () => {
    const query = fc.record({
      lat: fc.double({ min: 50.5, max: 51.5, noNaN: true }),
      lon: fc.double({ min: -1.5, max: 0.5, noNaN: true }),
      radius: fc.integer({ min: 1, max: 60 }),
      seen: fc.integer({ min: -1, max: 20 }),
      dbsDay: fc.integer({ min: 0, max: 20 }),
      subjects: fc.integer({ min: 1, max: 7 }),
      weekdays: fc.integer({ min: 1, max: 0b11111110 }),
      // Per pattern: 0 (shares no weekday: passed over), -2 (not worked out) or a weekday mask.
      sharedByPattern: fc
        .array(fc.constantFrom(0, -2, 4), { minLength: 4, maxLength: 4 })
        .map((a) => Int32Array.from(a)),
      anyTravel: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbAmbassador, { minLength: 1, maxLength: 60 }), query, (drawn, q) => {
        const list = drawn.map((_, i) => i);
        const bands = travelBands(list, placedPoints(pointsOf(drawn)), new BandStore(list.length));
        const visited = new Map<number, number>();
        forEachReaching(bands, q.lat, q.lon, q.radius, (amb, km) => visited.set(amb, km), q);
        const expected = new Map<number, number>();
        drawn.forEach((d, i) => {
          const km = distanceKm(q.lat, q.lon, d.lat, d.lon);
          const reach = q.anyTravel ? q.radius : Math.min(q.radius, d.travelKm);
          if (d.dbsInvalidFrom <= q.dbsDay || (d.subjects & q.subjects) === 0) return;
          if ((d.weekdays & q.weekdays) === 0 || q.sharedByPattern[d.pattern] === 0) return;
          if (km > reach || km <= q.seen) return;
          expected.set(i, km);
        });
        expect(visited).toEqual(expected);
      }),
      { numRuns: 200, seed: 20261202 },
    );
  });
});
