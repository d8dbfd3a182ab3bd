import { checkRun } from '@stem-match/checker';
import { type Employer, Policy } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { components, match, partition, type SolverName, subSnapshot } from '../src/index.js';
import { buildModel } from '../src/model.js';
import { arbSnapshot } from './arbitraries.js';
import { ambassador, history, LEEDS, organisation, request, snapshot } from './builders.js';

// Employers' volunteering budgets: one day per session, per academic year, shared by the employer's
// ambassadors, existing bookings included.

const ACME = 'Acme Engineering';
const budget = (days: number): Employer[] => [{ employer: ACME, volunteering_days_per_year: days }];
const SOLVERS: SolverName[] = ['engine', 'exact', 'greedy'];
const filled = (r: Awaited<ReturnType<typeof match>>) =>
  [...new Set(r.assignments.map((a) => a.request_id))].sort();

describe('employer volunteering budgets', { timeout: 120_000 }, () => {
  // Two colleagues, two requests they could each take: the budget allows one session.
  const colleagues = (days: number) =>
    snapshot({
      organisations: [organisation('O1'), organisation('O2')],
      ambassadors: [ambassador('A1', { employer: ACME }), ambassador('A2', { employer: ` ${ACME} ` })],
      requests: [
        request('R1', 'O1', { times: 'Mon 09:00-12:00' }),
        request('R2', 'O2', { times: 'Tue 09:00-12:00' }),
      ],
      employers: budget(days),
    });

  for (const solver of SOLVERS) {
    it(`${solver}: the employer's ambassadors share one budget, and the binding budget is the reason`, async () => {
      const r = await match(colleagues(1), {}, { solver });
      expect(filled(r)).toHaveLength(1);
      expect(r.unfilled).toHaveLength(1);
      expect(r.unfilled[0]!.reason).toBe('employer_budget_exhausted');
      expect(r.unfilled[0]!.taken_by).toEqual(filled(r));
      const data = colleagues(1);
      expect(checkRun({ dataset: data, today: data.today, ...r, policy: r.policy }).violations).toEqual([]);
      expect(filled(await match(colleagues(2), {}, { solver }))).toEqual(['R1', 'R2']);
    });
  }

  it('counts existing bookings this academic year against the budget, and not last year', async () => {
    const booked = (start: string) =>
      history({ organisation_id: 'O1', ambassador_id: 'A1', start, end: start.replace('T10', 'T11') });
    const thisYear = { ...colleagues(2), history: [booked('2026-10-05T10:00:00+01:00')] };
    for (const solver of SOLVERS) {
      const r = await match(thisYear, {}, { solver });
      expect(filled(r)).toHaveLength(1);
      expect(r.employer_budgets).toEqual([
        { employer: ACME, academic_year: '2026/27', days: 2, booked_before: 1, this_run: 1, left: 0 },
      ]);
    }
    const used = {
      ...colleagues(2),
      history: [booked('2026-10-05T10:00:00+01:00'), booked('2026-10-06T10:00:00+01:00')],
    };
    const none = await match(used);
    expect(none.assignments).toEqual([]);
    expect(none.unfilled.map((u) => u.reason)).toEqual([
      'employer_budget_exhausted',
      'employer_budget_exhausted',
    ]);
    const lastYear = { ...colleagues(2), history: [booked('2026-06-10T10:00:00+01:00')] };
    expect(filled(await match(lastYear))).toEqual(['R1', 'R2']);
  });

  it('counts each session of a series as a day', async () => {
    const data = snapshot({
      organisations: [organisation('O1')],
      ambassadors: [ambassador('A1', { employer: ACME, max_per_month: 8 })],
      requests: [
        request('R1', 'O1', {
          sessions: 3,
          every_days: 7,
          window_end: '2026-12-07',
          times: 'Mon 09:00-12:00',
        }),
      ],
      employers: budget(2),
    });
    for (const solver of SOLVERS) {
      const r = await match(data, {}, { solver });
      expect(r.assignments).toEqual([]);
      expect(r.unfilled[0]?.reason).toBe('employer_budget_exhausted');
    }
    for (const solver of SOLVERS)
      expect((await match({ ...data, employers: budget(3) }, {}, { solver })).assignments).toHaveLength(3);
  });

  it('keeps colleagues out of one team when the budget cannot take both', async () => {
    const data = snapshot({
      organisations: [organisation('O1')],
      ambassadors: [
        ambassador('A1', { employer: ACME }),
        ambassador('A2', { employer: ACME }),
        ambassador('A3', { travel_km: 5 }),
      ],
      requests: [request('R1', 'O1', { needed: 2 })],
      employers: budget(1),
    });
    for (const solver of SOLVERS) {
      const r = await match(data, {}, { solver });
      const team = r.assignments.map((a) => a.ambassador_id).sort();
      expect(team).toHaveLength(2);
      expect(team).toContain('A3');
      expect(checkRun({ dataset: data, today: data.today, ...r, policy: r.policy }).violations).toEqual([]);
    }
    const noOther = { ...data, ambassadors: data.ambassadors.slice(0, 2) };
    for (const solver of SOLVERS) {
      const r = await match(noOther, {}, { solver });
      expect(r.assignments).toEqual([]);
      expect(r.unfilled[0]?.reason).toBe('employer_budget_exhausted');
    }
  });

  it('links the requests of a binding budget in one component, and only then', () => {
    // Hastings and Leeds share no ambassador, only an employer.
    const data = snapshot({
      organisations: [organisation('O1'), organisation('O2', LEEDS)],
      ambassadors: [ambassador('A1', { employer: ACME }), ambassador('A2', { ...LEEDS, employer: ACME })],
      requests: [request('R1', 'O1'), request('R2', 'O2')],
      history: [
        history({
          organisation_id: 'O1',
          ambassador_id: 'A9',
          start: '2026-10-05T10:00:00+01:00',
          end: '2026-10-05T11:00:00+01:00',
        }),
      ],
      employers: budget(1),
    });
    const off = Policy.parse({ reach: { priority: 0, other: 0 } });
    expect(components(buildModel(data, off))).toEqual([[0, 1]]);
    expect(components(buildModel({ ...data, employers: budget(2) }, off))).toEqual([[0], [1]]);
    expect(components(buildModel({ ...data, employers: [] }, off))).toEqual([[0], [1]]);
  });

  it('a part carries the bookings of its ambassadors’ colleagues, so it uses the same budget', async () => {
    const data = snapshot({
      organisations: [organisation('O1'), organisation('O2', LEEDS)],
      ambassadors: [ambassador('A1', { employer: ACME }), ambassador('A2', { ...LEEDS, employer: ACME })],
      requests: [request('R1', 'O1')],
      // A2, in Leeds, is in no part of R1's, but their booking uses ACME's only day.
      history: [
        history({
          organisation_id: 'O2',
          ambassador_id: 'A2',
          start: '2026-10-05T10:00:00+01:00',
          end: '2026-10-05T11:00:00+01:00',
        }),
      ],
      employers: budget(1),
    });
    const parts = partition(data);
    expect(parts).toHaveLength(1);
    const part = subSnapshot(data, parts[0]!);
    expect(part.ambassadors.map((a) => a.id)).toEqual(['A1', 'A2']);
    expect((await match(part)).unfilled[0]?.reason).toBe('employer_budget_exhausted');
    expect((await match(data)).unfilled[0]?.reason).toBe('employer_budget_exhausted');
  });

  it('on random instances with budgets: no solver breaks one (the checker agrees), exact is never beaten', async () => {
    const withBudgets = arbSnapshot({ orgs: [1, 3], ambassadors: [2, 5], requests: [2, 6] }).chain((data) =>
      fc
        .record({
          employers: fc.array(fc.constantFrom(ACME, 'Beta Ltd', undefined), {
            minLength: data.ambassadors.length,
            maxLength: data.ambassadors.length,
          }),
          acme: fc.integer({ min: 0, max: 3 }),
          beta: fc.integer({ min: 0, max: 3 }),
        })
        .map(({ employers, acme, beta }) => ({
          ...data,
          ambassadors: data.ambassadors.map((a, i) => {
            const employer = employers[i];
            return employer === undefined ? a : { ...a, employer };
          }),
          employers: [
            { employer: ACME, volunteering_days_per_year: acme },
            { employer: 'Beta Ltd', volunteering_days_per_year: beta },
          ],
        })),
    );
    let binding = 0;
    await fc.assert(
      fc.asyncProperty(withBudgets, async (data) => {
        const results = await Promise.all(SOLVERS.map((solver) => match(data, {}, { solver })));
        if (results.some((r) => r.unfilled.some((u) => u.reason === 'employer_budget_exhausted'))) binding++;
        for (const r of results) {
          const { violations } = checkRun({ dataset: data, today: data.today, ...r, policy: r.policy });
          expect(violations).toEqual([]);
        }
        const [engine, exact] = results as [(typeof results)[0], (typeof results)[0]];
        expect(engine.objective.priority_filled).toBeLessThanOrEqual(exact.objective.priority_filled);
        if (engine.objective.priority_filled === exact.objective.priority_filled)
          expect(engine.objective.reach).toBeLessThanOrEqual(exact.objective.reach + 1e-6);
      }),
      { numRuns: 50, seed: 7 },
    );
    // The instances must exercise budgets, or agreement above means little.
    expect(binding).toBeGreaterThanOrEqual(5);
  });
});
