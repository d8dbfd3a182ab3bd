import { describe, expect, it } from 'vitest';
import { loadHighs, solveLevel } from '../src/exact/index.js';

// A path of 30 binaries, neighbours exclusive, worth 1..7 each: small, but not solved before HiGHS
// first looks at the clock, so a zero time limit leaves it no time to find anything itself.
const names = Array.from({ length: 30 }, (_, i) => `x${i}`);
const text = [
  'Maximize',
  ` obj: ${names.map((v, i) => `+ ${(i % 7) + 1} ${v}`).join(' ')}`,
  'Subject To',
  ...names.slice(1).map((v, i) => ` c${i}: x${i} + ${v} <= 1`),
  'Binary',
  ` ${names.join(' ')}`,
  'End',
].join('\n');

describe('one level of the exact solve', () => {
  it('with time, proves the optimum whether or not it starts from a solution', async () => {
    const highs = await loadHighs();
    const cold = solveLevel(highs, text, 10);
    const warm = solveLevel(highs, text, 10, new Set(['x0', 'x2']));
    expect(cold.optimal).toBe(true);
    expect(warm.optimal).toBe(true);
    expect(warm.objective).toBe(cold.objective);
    expect(cold.objective).toBe(63);
  });

  it('out of time, keeps the solution it started from, where a cold start has none', async () => {
    const highs = await loadHighs();
    expect(solveLevel(highs, text, 0).chosen).toBeUndefined();
    const warm = solveLevel(highs, text, 0, new Set(['x0', 'x2', 'x5']));
    expect(warm.optimal).toBe(false);
    expect([...(warm.chosen ?? [])].sort()).toEqual(['x0', 'x2', 'x5']);
    expect(warm.objective).toBe(1 + 3 + 6);
  });

  it('does not take a start that breaks a row', async () => {
    const highs = await loadHighs();
    expect(solveLevel(highs, text, 0, new Set(['x0', 'x1'])).chosen).toBeUndefined();
  });
});
