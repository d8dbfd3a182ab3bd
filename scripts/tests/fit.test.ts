import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { powerLawExponent } from '../src/bench/fit.js';

describe('power-law exponent (log-log least squares)', () => {
  it('recovers the exponent, whatever c is, from points on y = c·x^k', () => {
    fc.assert(
      fc.property(
        // Away from 0: y flat to rounding has no line to speak of (r² is then meaningless).
        fc.double({ min: -3, max: 3, noNaN: true }).filter((k) => Math.abs(k) > 0.05),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.uniqueArray(fc.double({ min: 0.1, max: 1e6, noNaN: true }), {
          minLength: 2,
          maxLength: 8,
          comparator: (a, b) => Math.abs(Math.log(a) - Math.log(b)) < 1e-3,
        }),
        (k, c, xs) => {
          const { exponent, r2 } = powerLawExponent(xs.map((x) => ({ x, y: c * x ** k })));
          expect(exponent).toBeCloseTo(k, 6);
          expect(r2).toBeCloseTo(1, 6);
        },
      ),
    );
  });

  it('gives the least-squares slope when the points do not lie on one line', () => {
    // ln-space points (0,0), (1,1), (2,3): slope 1.5 by the normal equations, r² = 9/(2·4.667).
    const e = Math.E;
    const { exponent, r2 } = powerLawExponent([
      { x: 1, y: 1 },
      { x: e, y: e },
      { x: e * e, y: e ** 3 },
    ]);
    expect(exponent).toBeCloseTo(1.5, 10);
    expect(r2).toBeCloseTo(2.25 / (14 / 6), 10);
  });

  it('tells linear from quadratic growth on the ×1, ×3, ×10 sizes', () => {
    const sizes = [5000, 15000, 50000];
    expect(powerLawExponent(sizes.map((x) => ({ x, y: 0.002 * x }))).exponent).toBeCloseTo(1, 10);
    expect(powerLawExponent(sizes.map((x) => ({ x, y: 1e-7 * x * x }))).exponent).toBeCloseTo(2, 10);
  });

  it('refuses what it cannot fit, naming the point', () => {
    expect(() => powerLawExponent([{ x: 1, y: 1 }])).toThrow(/two different sizes/);
    expect(() =>
      powerLawExponent([
        { x: 1, y: 1 },
        { x: 2, y: 0 },
      ]),
    ).toThrow(/point 1 \(x 2, y 0\)/);
  });
});
