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

  it('solving the parts separately gives exactly the result of solving the whole', async () => {
    await fc.assert(
      fc.asyncProperty(INSTANCES, async (snapshot) => {
        const whole = await match(snapshot, {}, { seed: 3 });
        const parts = await Promise.all(
          partition(snapshot).map((p) => match(subSnapshot(snapshot, p), {}, { seed: 3 })),
        );
        const byId = <T extends { request_id: string }>(xs: T[]) =>
          [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        expect(byId(parts.flatMap((p) => p.assignments))).toEqual(byId(whole.assignments));
        expect(byId(parts.flatMap((p) => p.unfilled))).toEqual(byId(whole.unfilled));
      }),
      { numRuns: 100, seed: 12 },
    );
  });
});
