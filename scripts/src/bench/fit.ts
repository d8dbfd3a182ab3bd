/**
 * The exponent k of a power law y ≈ c·x^k through the points: the least-squares slope of ln y
 * against ln x, with r² of that line. k ≈ 1 is linear growth, k ≈ 2 quadratic. Needs at least two
 * distinct x and positive values throughout.
 */
export function powerLawExponent(points: ReadonlyArray<{ x: number; y: number }>): {
  exponent: number;
  r2: number;
} {
  for (const [i, p] of points.entries()) {
    if (!(p.x > 0 && p.y > 0) || !Number.isFinite(p.x) || !Number.isFinite(p.y))
      throw new Error(`point ${i} (x ${p.x}, y ${p.y}) must have positive, finite x and y for a log-log fit`);
  }
  if (new Set(points.map((p) => p.x)).size < 2)
    throw new Error('a log-log fit needs points at two different sizes at least');
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const exponent = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent, r2 };
}
