import { FUNNEL_STAGES, REASON_AT_STAGE } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { match } from '../src/index.js';
import { arbSnapshot } from './arbitraries.js';

const SMALL = arbSnapshot({ orgs: [1, 4], ambassadors: [2, 5], requests: [3, 10] });
const RUNS = { numRuns: 150, seed: 20261124 };

describe('engine invariants on random small instances', () => {
  it('fills all-or-nothing: needed distinct ambassadors for every session, at one common time', async () => {
    await fc.assert(
      fc.asyncProperty(SMALL, async (snapshot) => {
        const result = await match(snapshot);
        const byRequest = new Map<string, typeof result.assignments>();
        for (const a of result.assignments)
          byRequest.set(a.request_id, [...(byRequest.get(a.request_id) ?? []), a]);
        for (const [id, rows] of byRequest) {
          const r = snapshot.requests.find((q) => q.id === id)!;
          expect(rows).toHaveLength(r.needed * r.sessions);
          for (let k = 1; k <= r.sessions; k++) {
            const session = rows.filter((a) => a.session === k);
            expect(new Set(session.map((a) => a.ambassador_id)).size).toBe(r.needed);
            expect(new Set(session.map((a) => a.start)).size).toBe(1);
          }
        }
        // Every request is either filled or explained, never both, never neither.
        const explained = new Set(result.unfilled.map((u) => u.request_id));
        for (const r of snapshot.requests) expect(byRequest.has(r.id)).toBe(!explained.has(r.id));
      }),
      RUNS,
    );
  });

  it('gives every unfilled request the reason its funnel implies', async () => {
    await fc.assert(
      fc.asyncProperty(SMALL, async (snapshot) => {
        const result = await match(snapshot);
        for (const u of result.unfilled) {
          expect(u.funnel).toHaveLength(FUNNEL_STAGES.length);
          for (let i = 1; i < u.funnel.length; i++) expect(u.funnel[i]).toBeLessThanOrEqual(u.funnel[i - 1]!);
          const firstZero = u.funnel.indexOf(0);
          if (firstZero >= 0) expect(u.reason).toBe(REASON_AT_STAGE[FUNNEL_STAGES[firstZero]!]);
          else expect(['partially_filled', 'taken_by_other_requests']).toContain(u.reason);
          expect(u.filled).toBeLessThan(u.needed);
          if (u.reason === 'taken_by_other_requests') {
            const assigned = new Set(result.assignments.map((a) => a.request_id));
            for (const id of u.taken_by) expect(assigned.has(id)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('never fills fewer Priority School requests than first-come greedy', async () => {
    await fc.assert(
      fc.asyncProperty(SMALL, async (snapshot) => {
        const engine = await match(snapshot);
        const greedy = await match(snapshot, {}, { solver: 'greedy' });
        expect(engine.objective.priority_filled).toBeGreaterThanOrEqual(greedy.objective.priority_filled);
      }),
      RUNS,
    );
  });

  it('is deterministic: the same input and seed give the same result', async () => {
    await fc.assert(
      fc.asyncProperty(SMALL, fc.integer({ min: 0, max: 1000 }), async (snapshot, seed) => {
        const a = await match(snapshot, {}, { seed });
        const b = await match(structuredClone(snapshot), {}, { seed });
        expect(b.assignments).toEqual(a.assignments);
        expect(b.unfilled).toEqual(a.unfilled);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
