import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partition, requestParts } from '../src/index.js';
import { arbSnapshot } from './arbitraries.js';

describe('requestParts', () => {
  it.each([
    ['every candidate', {}],
    ['two candidates per request', { engine_candidates: 2 }],
  ])('is partition without the ambassadors (%s)', (_, policy) => {
    fc.assert(
      fc.property(arbSnapshot({ orgs: [2, 5], ambassadors: [3, 8], requests: [3, 12] }), (snapshot) => {
        expect(requestParts(snapshot, policy)).toEqual(partition(snapshot, policy).map((p) => p.requests));
      }),
      { numRuns: 100, seed: 14 },
    );
  });
});
