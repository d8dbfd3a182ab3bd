import { checkRun } from '@stem-match/checker';
import { Policy } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { match } from '../src/index.js';
import { arbSnapshot } from './arbitraries.js';

// The independent checker shares only the schemas with the engine: if both agree on random
// instances, a broken rule would have to be broken the same way twice.
const SMALL = arbSnapshot({ orgs: [1, 4], ambassadors: [2, 6], requests: [3, 10] });

describe('engine against the independent checker', () => {
  // The last keeps two candidates per request, so the engine's limit and the explanations that look
  // past it are exercised on every instance.
  const variants = [
    ['engine', {}],
    ['greedy', {}],
    ['engine', { engine_candidates: 2 }],
  ] as const;
  for (const [solver, policyInput] of variants) {
    const label = `${solver}${'engine_candidates' in policyInput ? ' (2 candidates per request)' : ''}`;
    it(`${label}: no hard constraint violated and every unfilled reason confirmed`, async () => {
      await fc.assert(
        fc.asyncProperty(SMALL, async (snapshot) => {
          const result = await match(snapshot, policyInput, { solver });
          const { violations } = checkRun({
            dataset: snapshot,
            today: snapshot.today,
            assignments: result.assignments,
            unfilled: result.unfilled,
            policy: Policy.parse(policyInput),
          });
          expect(violations).toEqual([]);
        }),
        { numRuns: 150, seed: 424242 },
      );
    });
  }

  it('the checker notices a corrupted run (so agreement above means something)', async () => {
    let corrupted = 0;
    await fc.assert(
      fc.asyncProperty(SMALL, async (snapshot) => {
        const result = await match(snapshot);
        const [first, ...rest] = result.assignments;
        if (!first) return;
        corrupted++;
        const check = (assignments: typeof result.assignments) =>
          checkRun({
            dataset: snapshot,
            today: snapshot.today,
            assignments,
            unfilled: result.unfilled,
            policy: Policy.parse({}),
          }).violations;
        // A missing row breaks all-or-nothing; 03:00 lies outside every availability in these instances.
        expect(check(rest).length).toBeGreaterThan(0);
        const night = (iso: string) => iso.replace(/T\d\d:\d\d/, 'T03:00');
        expect(
          check([{ ...first, start: night(first.start), end: night(first.end) }, ...rest]).length,
        ).toBeGreaterThan(0);
      }),
      { numRuns: 100, seed: 99 },
    );
    expect(corrupted).toBeGreaterThan(30);
  });
});
