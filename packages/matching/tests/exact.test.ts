import { checkRun } from '@stem-match/checker';
import { Policy } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { match } from '../src/index.js';
import { arbSnapshot } from './arbitraries.js';
import { ambassador, organisation, request, snapshot } from './builders.js';

const TINY = arbSnapshot({ orgs: [1, 3], ambassadors: [2, 4], requests: [2, 6] });

describe('exact (HiGHS) against the engine', { timeout: 120_000 }, () => {
  it('solves the Priority competition optimally', async () => {
    const data = snapshot({
      organisations: [
        organisation('P1', { priority: true }),
        organisation('P2', { priority: true }),
        organisation('N1'),
      ],
      ambassadors: [ambassador('A1', { availability: 'Wed 09:00-10:00; Thu 09:00-10:00' })],
      requests: [
        request('RN1', 'N1', { times: 'Thu 09:00-12:00' }),
        request('RP1', 'P1', { times: 'Wed 09:00-12:00' }),
        request('RP2', 'P2', { times: 'Wed-Thu 09:00-12:00' }),
      ],
    });
    const exact = await match(data, {}, { solver: 'exact' });
    expect(exact.stats.exact_optimal).toBe(true);
    expect(exact.assignments.map((a) => a.request_id).sort()).toEqual(['RP1', 'RP2']);
  });

  it('on tiny instances the engine fills as many Priority requests as the optimum, and never beats it', async () => {
    let strictlyBetterThanEngine = 0;
    await fc.assert(
      fc.asyncProperty(TINY, async (data) => {
        const engine = await match(data);
        const exact = await match(data, {}, { solver: 'exact' });
        expect(exact.stats.exact_optimal).toBe(true);
        expect(engine.objective.priority_filled).toBe(exact.objective.priority_filled);
        // Lexicographic: the engine never beats the optimum on reach, nor on the scalar at equal reach.
        expect(engine.objective.reach).toBeLessThanOrEqual(exact.objective.reach + 1e-6);
        if (Math.abs(engine.objective.reach - exact.objective.reach) <= 1e-6)
          expect(engine.objective.scalar).toBeLessThanOrEqual(exact.objective.scalar + 1e-6);
        const better =
          exact.objective.reach > engine.objective.reach + 1e-6 ||
          (exact.objective.reach >= engine.objective.reach - 1e-6 &&
            exact.objective.scalar > engine.objective.scalar + 1e-6);
        if (better) strictlyBetterThanEngine++;
        const { violations } = checkRun({
          dataset: data,
          today: data.today,
          assignments: exact.assignments,
          unfilled: exact.unfilled,
          policy: Policy.parse({}),
        });
        expect(violations).toEqual([]);
      }),
      { numRuns: 60, seed: 2026 },
    );
    console.log(`exact strictly better than the engine on ${strictlyBetterThanEngine} of 60 tiny instances`);
  });
});
