import { match, type ProposedAssignment } from '@stem-match/matching';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateScenarios, runBaseline } from '../src/index.js';
import { arbRecruits, arbSnapshot } from './arbitraries.js';
import { LEEDS } from './builders.js';

const sorted = (xs: readonly ProposedAssignment[]) => [...xs].map((a) => JSON.stringify(a)).sort();

describe('re-solving only the parts recruits can touch', () => {
  it.each([
    ['every candidate', {}],
    ['two candidates per request', { engine_candidates: 2 }],
  ])('gives exactly what re-solving everything gives (%s)', async (_, policy) => {
    let partial = 0;
    let changed = 0;
    await fc.assert(
      fc.asyncProperty(arbSnapshot, arbRecruits('what-if-1'), async (snapshot, recruits) => {
        const baseline = await runBaseline(snapshot, { policy, seed: 5 });
        const [evaluation] = await evaluateScenarios(baseline, [{ key: 's', recruits }]);
        const { outcome, resolved, assignments } = evaluation!;
        const everything = await match(
          { ...snapshot, ambassadors: [...snapshot.ambassadors, ...recruits] },
          policy,
          { seed: 5 },
        );
        const inResolved = (a: ProposedAssignment) => resolved.has(a.request_id);
        // The re-solved parts as the full re-run decides them, the rest exactly as the baseline.
        expect(sorted(assignments)).toEqual(sorted(everything.assignments.filter(inResolved)));
        expect(sorted(everything.assignments.filter((a) => !inResolved(a)))).toEqual(
          sorted(baseline.result.assignments.filter((a) => !inResolved(a))),
        );
        const before = new Set(baseline.result.assignments.map((a) => a.request_id));
        const after = new Set(everything.assignments.map((a) => a.request_id));
        expect(outcome.newly_served.map((r) => r.request_id)).toEqual(
          [...after].filter((id) => !before.has(id)).sort(),
        );
        expect(outcome.no_longer_served.map((r) => r.request_id)).toEqual(
          [...before].filter((id) => !after.has(id)).sort(),
        );
        expect(outcome.requests_more).toBe(everything.objective.filled - baseline.result.objective.filled);
        expect(outcome.priority_more).toBe(
          everything.objective.priority_filled - baseline.result.objective.priority_filled,
        );
        if (resolved.size > 0 && resolved.size < snapshot.requests.length) partial++;
        if (outcome.newly_served.length > 0) changed++;
      }),
      { numRuns: 150, seed: 31 },
    );
    // The property is about something: runs that left parts alone, and runs the recruits changed.
    expect(partial).toBeGreaterThan(40);
    expect(changed).toBeGreaterThan(25);
  });

  it('evaluates scenarios together exactly as one by one', async () => {
    let shared = 0;
    await fc.assert(
      fc.asyncProperty(
        arbSnapshot,
        arbRecruits('a'),
        arbRecruits('b', LEEDS),
        arbRecruits('c'),
        async (snapshot, ...sets) => {
          const baseline = await runBaseline(snapshot, { seed: 2 });
          const scenarios = sets.map((recruits, i) => ({ key: String(i), recruits }));
          const together = await evaluateScenarios(baseline, scenarios);
          for (const [i, s] of scenarios.entries()) {
            const [alone] = await evaluateScenarios(baseline, [s]);
            expect(together[i]!.outcome).toEqual(alone!.outcome);
            expect(sorted(together[i]!.assignments)).toEqual(sorted(alone!.assignments));
          }
          // Recruits in Hastings and in Leeds touch different parts, so they share one re-run.
          if (together[0]!.outcome.parts_resolved > 0 && together[1]!.outcome.parts_resolved > 0) shared++;
        },
      ),
      { numRuns: 150, seed: 32 },
    );
    expect(shared).toBeGreaterThan(15);
  });
});
