import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of randomness (pure-rand's xoroshiro128+): the same seed gives the same data. */
export class Random {
  private readonly rng;
  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return uniformInt(this.rng, 0, 0x3fffffff) / 0x40000000;
  }
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  /** One item, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  /** A sampler for many draws from one large list: cumulative weights and binary search, O(log n) a draw. */
  sampler<T>(items: readonly (readonly [T, number])[]): () => T {
    const cumulative: number[] = [];
    let total = 0;
    for (const [, w] of items) {
      total += w;
      cumulative.push(total);
    }
    return () => {
      const x = this.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      return items[lo]![0];
    };
  }

  /** `count` distinct items, each drawn by weight. */
  weightedDistinct<T>(items: readonly (readonly [T, number])[], count: number): T[] {
    const left = [...items];
    const out: T[] = [];
    while (out.length < count && left.length > 0) {
      const chosen = this.weighted(left);
      out.push(chosen);
      left.splice(
        left.findIndex(([item]) => item === chosen),
        1,
      );
    }
    return out;
  }
  /** Normally distributed (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = Math.max(this.next(), 1e-12);
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** A point `km` away from (lat, lon) in a random direction. */
export function offset(random: Random, lat: number, lon: number, km: number): { lat: number; lon: number } {
  const bearing = random.next() * 2 * Math.PI;
  const dLat = (km * Math.cos(bearing)) / 111.2;
  const dLon = (km * Math.sin(bearing)) / (111.2 * Math.cos((lat * Math.PI) / 180));
  return { lat: Math.round((lat + dLat) * 1e5) / 1e5, lon: Math.round((lon + dLon) * 1e5) / 1e5 };
}
