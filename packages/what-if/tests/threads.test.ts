import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateScenarios, onThreads, runBaseline, solveSettings } from '../src/index.js';
import { arbRecruits, arbSnapshot } from './arbitraries.js';
import { LEEDS } from './builders.js';

describe('re-runs on worker threads', () => {
  it('give exactly what re-runs in this thread give', { timeout: 60_000 }, async () => {
    const cases = fc.sample(
      fc.tuple(
        arbSnapshot,
        fc.array(fc.oneof(arbRecruits('h'), arbRecruits('l', LEEDS)), { minLength: 4, maxLength: 6 }),
      ),
      { numRuns: 3, seed: 41 },
    );
    let compared = 0;
    for (const [snapshot, sets] of cases) {
      const baseline = await runBaseline(snapshot, { seed: 7 });
      const scenarios = sets.map((recruits, i) => ({
        key: String(i),
        recruits: recruits.map((a) => ({ ...a, id: `${a.id}-${i}` })),
      }));
      const here = await evaluateScenarios(baseline, scenarios);
      const solver = onThreads(snapshot, solveSettings(baseline.settings), 2);
      try {
        const there = await evaluateScenarios(baseline, scenarios, { solver });
        expect(there.map((e) => e.outcome)).toEqual(here.map((e) => e.outcome));
        expect(there.map((e) => e.assignments)).toEqual(here.map((e) => e.assignments));
        compared += here.filter((e) => e.outcome.parts_resolved > 0).length;
      } finally {
        await solver.close();
      }
    }
    expect(compared).toBeGreaterThan(3);
  });
});
