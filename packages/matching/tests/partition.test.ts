import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { match, partition, subSnapshot } from '../src/index.js';
import { arbSnapshot } from './arbitraries.js';

const INSTANCES = arbSnapshot({ orgs: [2, 5], ambassadors: [3, 8], requests: [3, 12] });

describe('partition', () => {
  it('covers every request exactly once', async () => {
    fc.assert(
      fc.property(INSTANCES, (snapshot) => {
        const parts = partition(snapshot);
        const seen = parts.flatMap((p) => p.requests).sort((a, b) => a - b);
        expect(seen).toEqual(snapshot.requests.map((_, i) => i));
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it.each([
    ['every candidate', {}],
    ['two candidates per request', { engine_candidates: 2 }],
  ])('solving the parts separately gives exactly the result of solving the whole (%s)', async (_, policy) => {
    await fc.assert(
      fc.asyncProperty(INSTANCES, async (snapshot) => {
        const whole = await match(snapshot, policy, { seed: 3 });
        const parts = await Promise.all(
          partition(snapshot, policy).map((p) => match(subSnapshot(snapshot, p), policy, { seed: 3 })),
        );
        const byId = <T extends { request_id: string }>(xs: T[]) =>
          [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        expect(byId(parts.flatMap((p) => p.assignments))).toEqual(byId(whole.assignments));
        expect(byId(parts.flatMap((p) => p.unfilled))).toEqual(byId(whole.unfilled));
      }),
      { numRuns: 100, seed: 12 },
    );
  });

  it('explains an unfilled request against every ambassador, whatever the engine kept', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(INSTANCES, async (snapshot) => {
        const few = await match(snapshot, { engine_candidates: 1 }, { seed: 3 });
        const all = await match(snapshot, { engine_candidates: 1000 }, { seed: 3 });
        const unfilledInAll = new Map(all.unfilled.map((u) => [u.request_id, u]));
        for (const u of few.unfilled) {
          const v = unfilledInAll.get(u.request_id);
          if (!v) continue;
          compared++;
          expect(u.funnel).toEqual(v.funnel);
          expect(u.reason === 'partially_filled').toBe(v.reason === 'partially_filled');
          expect(u.nearest_km).toEqual(v.nearest_km);
        }
      }),
      { numRuns: 100, seed: 13 },
    );
    expect(compared).toBeGreaterThan(50);
  });
});
