import { Policy } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { components, match, type SolverName } from '../src/index.js';
import { buildModel } from '../src/model.js';
import { arbSnapshot } from './arbitraries.js';
import { ambassador, history, LEEDS, organisation, request, snapshot } from './builders.js';

// The reach level: organisations with no activity yet this academic year (2026/27 for a run on
// 2026-11-24) count once when the run gives them a filled request, after Priority fills, before fills.

const OFF = { reach: { priority: 0, other: 0 } };
const ONE_SLOT = 'Wed 09:00-10:00';
/** An activity this academic year: the organisation is already reached. */
const engagedThisYear = (organisation_id: string, status: 'completed' | 'offered' = 'completed') =>
  history({
    organisation_id,
    ambassador_id: 'A-past',
    start: '2026-10-05T10:00:00+01:00',
    end: '2026-10-05T11:00:00+01:00',
    status,
  });
const filledBy = async (data: ReturnType<typeof snapshot>, solver: SolverName, policy = {}) =>
  [...new Set((await match(data, policy, { solver })).assignments.map((a) => a.request_id))].sort();

describe('reach: first engagements of organisations not yet reached this academic year', {
  timeout: 120_000,
}, () => {
  // One ambassador, one slot. The engaged school's request is older (it weighs more as a fill).
  const oneSlot = snapshot({
    organisations: [organisation('ENGAGED'), organisation('NEW')],
    ambassadors: [ambassador('A1', { availability: ONE_SLOT })],
    requests: [
      request('R-ENGAGED', 'ENGAGED', { created_at: '2026-09-01T09:00:00+01:00' }),
      request('R-NEW', 'NEW', { created_at: '2026-11-20T09:00:00+00:00' }),
    ],
    history: [engagedThisYear('ENGAGED')],
  });

  for (const solver of ['engine', 'exact'] as const) {
    it(`${solver}: gives the only slot to the organisation not yet reached, over an older request`, async () => {
      expect(await filledBy(oneSlot, solver)).toEqual(['R-NEW']);
      const r = await match(oneSlot, {}, { solver });
      expect(r.objective).toMatchObject({
        new_organisations_reached: 1,
        new_priority_schools_reached: 0,
        reach: 1,
      });
    });

    it(`${solver}: without the reach level, the older request wins as before`, async () => {
      expect(await filledBy(oneSlot, solver, OFF)).toEqual(['R-ENGAGED']);
      // Counted all the same: the engaged school's request reaches no new organisation.
      expect((await match(oneSlot, OFF, { solver })).objective).toMatchObject({
        new_organisations_reached: 0,
        reach: 0,
      });
      const onlyNew = { ...oneSlot, requests: oneSlot.requests.filter((r) => r.id === 'R-NEW') };
      expect((await match(onlyNew, OFF, { solver })).objective).toMatchObject({
        new_organisations_reached: 1,
        reach: 0,
      });
    });

    it(`${solver}: counts an organisation once — a second request of a reached one does not outweigh a new one`, async () => {
      // Two slots (Wed, Thu). NEW-A's two requests are older, so fill weight alone would take both.
      const data = snapshot({
        organisations: [organisation('NEW-A'), organisation('NEW-B')],
        ambassadors: [ambassador('A1', { availability: 'Wed 09:00-10:00; Thu 09:00-10:00' })],
        requests: [
          request('RA1', 'NEW-A', { times: 'Wed 09:00-12:00', created_at: '2026-09-01T09:00:00+01:00' }),
          request('RA2', 'NEW-A', { times: 'Thu 09:00-12:00', created_at: '2026-09-01T09:00:00+01:00' }),
          request('RB', 'NEW-B', { times: 'Wed-Thu 09:00-12:00', created_at: '2026-11-20T09:00:00+00:00' }),
        ],
      });
      const filled = await filledBy(data, solver);
      expect(filled).toHaveLength(2);
      expect(filled).toContain('RB');
      expect((await match(data, {}, { solver })).objective.new_organisations_reached).toBe(2);
      expect(await filledBy(data, solver, OFF)).toEqual(['RA1', 'RA2']);
    });

    it(`${solver}: among Priority requests, the Priority School not yet reached comes first`, async () => {
      const data = snapshot({
        organisations: [
          organisation('P-ENGAGED', { priority: true }),
          organisation('P-NEW', { priority: true }),
        ],
        ambassadors: [ambassador('A1', { availability: ONE_SLOT })],
        requests: [
          request('R-P-ENGAGED', 'P-ENGAGED', { created_at: '2026-09-01T09:00:00+01:00' }),
          request('R-P-NEW', 'P-NEW', { created_at: '2026-11-20T09:00:00+00:00' }),
        ],
        history: [engagedThisYear('P-ENGAGED')],
      });
      expect(await filledBy(data, solver)).toEqual(['R-P-NEW']);
      expect((await match(data, {}, { solver })).objective.new_priority_schools_reached).toBe(1);
    });

    it(`${solver}: a new Priority School outweighs a new ordinary organisation in weighted mode`, async () => {
      // In weighted mode Priority is no longer a level of its own, so the reach weights decide.
      const data = snapshot({
        organisations: [organisation('P-NEW', { priority: true }), organisation('NEW')],
        ambassadors: [ambassador('A1', { availability: ONE_SLOT })],
        requests: [
          request('R-NEW', 'NEW', { created_at: '2026-09-01T09:00:00+01:00' }),
          request('R-P-NEW', 'P-NEW', { created_at: '2026-11-20T09:00:00+00:00' }),
        ],
      });
      const weighted = { priority_mode: 'weighted' as const, priority_weight: 1 };
      expect(await filledBy(data, solver, weighted)).toEqual(['R-P-NEW']);
      expect(await filledBy(data, solver, { ...weighted, ...OFF })).toEqual(['R-NEW']);
    });
  }

  it('never outranks Priority fills: a Priority request of a reached school beats a new organisation', async () => {
    const data = snapshot({
      organisations: [organisation('P-ENGAGED', { priority: true }), organisation('NEW')],
      ambassadors: [ambassador('A1', { availability: ONE_SLOT })],
      requests: [request('R-P', 'P-ENGAGED'), request('R-NEW', 'NEW')],
      history: [engagedThisYear('P-ENGAGED')],
    });
    for (const solver of ['engine', 'exact'] as const) expect(await filledBy(data, solver)).toEqual(['R-P']);
  });

  it('treats an offer this year as reached, and an activity last academic year as not', async () => {
    const offered = { ...oneSlot, history: [engagedThisYear('ENGAGED', 'offered')] };
    expect(await filledBy(offered, 'engine')).toEqual(['R-NEW']);
    const lastYear = {
      ...oneSlot,
      history: [
        history({
          organisation_id: 'ENGAGED',
          ambassador_id: 'A-past',
          start: '2026-08-31T10:00:00+01:00',
          end: '2026-08-31T11:00:00+01:00',
        }),
      ],
    };
    const r = await match(lastYear);
    expect(r.assignments.map((a) => a.request_id)).toEqual(['R-ENGAGED']); // both new: the older wins
    expect(r.objective.new_organisations_reached).toBe(1);
  });

  it('keeps the requests of an organisation not yet reached in one component, even with no ambassador in common', () => {
    const physics = { subjects: ['physics' as const] };
    const chemistry = { subjects: ['chemistry' as const] };
    const data = snapshot({
      organisations: [organisation('NEW'), organisation('ENGAGED', LEEDS)],
      ambassadors: [
        ambassador('A1', physics),
        ambassador('A2', chemistry),
        ambassador('A3', { ...LEEDS, ...physics }),
        ambassador('A4', { ...LEEDS, ...chemistry }),
      ],
      requests: [
        request('R1', 'NEW', physics),
        request('R2', 'NEW', chemistry),
        request('R3', 'ENGAGED', physics),
        request('R4', 'ENGAGED', chemistry),
      ],
      history: [engagedThisYear('ENGAGED')],
    });
    expect(components(buildModel(data, Policy.parse({})))).toEqual([[0, 1], [2], [3]]);
    expect(components(buildModel(data, Policy.parse(OFF)))).toEqual([[0], [1], [2], [3]]);
  });

  it('on random instances: exact reaches the most at its Priority fills; the engine never more, nor less than greedy', async () => {
    await fc.assert(
      fc.asyncProperty(arbSnapshot({ orgs: [2, 5], ambassadors: [2, 5], requests: [3, 8] }), async (data) => {
        const engine = await match(data);
        const greedy = await match(data, {}, { solver: 'greedy' });
        const exact = await match(data, {}, { solver: 'exact' });
        expect(exact.objective.priority_filled).toBe(engine.objective.priority_filled);
        expect(engine.objective.reach).toBeLessThanOrEqual(exact.objective.reach + 1e-6);
        // Greedy ignores Priority; where it fills as many Priority requests it cannot reach more.
        if (greedy.objective.priority_filled === exact.objective.priority_filled)
          expect(exact.objective.reach).toBeGreaterThanOrEqual(greedy.objective.reach - 1e-6);
        // The engine's search, not the model, promises this: the status quo never reaches more.
        if (greedy.objective.priority_filled === engine.objective.priority_filled)
          expect(engine.objective.reach).toBeGreaterThanOrEqual(greedy.objective.reach - 1e-6);
      }),
      { numRuns: 40, seed: 9 },
    );
  });

  it('with reach weights that are not whole numbers, exact still proves each level and is never beaten', async () => {
    const thirds = { reach: { priority: 2 / 3, other: 1 / 3 } };
    await fc.assert(
      fc.asyncProperty(arbSnapshot({ orgs: [2, 5], ambassadors: [2, 5], requests: [3, 8] }), async (data) => {
        const exact = await match(data, thirds, { solver: 'exact' });
        expect(exact.stats.exact_optimal).toBe(true);
        for (const solver of ['engine', 'greedy'] as const) {
          const other = (await match(data, thirds, { solver })).objective;
          const best = exact.objective;
          expect(other.priority_filled).toBeLessThanOrEqual(best.priority_filled);
          if (other.priority_filled === best.priority_filled)
            expect(other.reach).toBeLessThanOrEqual(best.reach + 1e-6);
          if (other.priority_filled === best.priority_filled && Math.abs(other.reach - best.reach) < 1e-6)
            expect(other.scalar).toBeLessThanOrEqual(best.scalar + 1e-6);
        }
      }),
      { numRuns: 25, seed: 11 },
    );
  });
});
