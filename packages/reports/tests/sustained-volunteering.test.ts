import { describe, expect, it } from 'vitest';
import type { ReportRegistry } from '../src/context.js';
import { sustainedReport } from '../src/reports/sustained.js';
import { volunteeringReport } from '../src/reports/volunteering.js';
import { runReport } from '../src/run.js';
import { activity, ambassador, memorySource, offer, org, requestFact, rowsOf } from './facts-builder.js';

const registry = { sustained: sustainedReport, volunteering: volunteeringReport } as ReportRegistry;
const at = (day: string) => `${day}T10:00:00+01:00`;

const facts = memorySource({
  organisations: [org('A'), org('B', { kind: 'primary' }), org('C'), org('N', { hub: 'north' })],
  ambassadors: [
    ambassador('x'),
    ambassador('y'),
    ambassador('z', { dbs_status: 'expired' }),
    ambassador('w', { hub: 'north' }),
  ],
  history: [
    // A: three sessions by three ambassadors on different days → repeated by count; several ambassadors.
    activity('A', 'x', at('2026-09-10'), { volunteer_hours: 2, participants: 30, satisfaction: 5 }),
    activity('A', 'y', at('2026-10-10'), { volunteer_hours: 1, participants: 20, satisfaction: 3 }),
    activity('A', 'z', at('2026-10-20'), { volunteer_hours: 1 }),
    // B: x comes back on another day → repeated by return, one ambassador.
    activity('B', 'x', at('2026-10-01'), { volunteer_hours: 1 }),
    activity('B', 'x', at('2026-10-08'), { volunteer_hours: 1 }),
    // C: two ambassadors at one session → one activity, not repeated; several ambassadors.
    activity('C', 'x', at('2026-10-15'), { request_id: 'c1' }),
    activity('C', 'y', at('2026-10-15'), { request_id: 'c1' }),
    // Last academic year: outside the period.
    activity('C', 'x', at('2026-08-31'), { volunteer_hours: 9 }),
    // Declined: not engagement, not volunteering.
    activity('C', 'y', at('2026-10-16'), { status: 'declined', volunteer_hours: 9 }),
  ],
  requests: [
    // A three-session series at N: all sessions completed.
    requestFact('s1', 'N', {
      status: 'confirmed',
      request: { hub: 'north', sessions: 3 },
      offers: [
        {
          ...offer('w', at('2026-10-05'), { status: 'completed', volunteer_hours: 3, participants: 25 }),
          sessions: [1, 2, 3].map((n) => ({
            session: n,
            start: at(`2026-10-${5 + 7 * (n - 1)}`.replace(/-(\d)T/, '-0$1T')),
            end: at(`2026-10-0${n}`),
          })),
        },
      ],
    }),
    // A series with one session accepted, not yet delivered: started, not completed.
    requestFact('s2', 'N', {
      status: 'offered',
      request: { hub: 'north', sessions: 2 },
      offers: [offer('w', at('2026-12-01'), { status: 'accepted' })],
    }),
  ],
});

describe('sustained report', () => {
  it('finds organisations engaged repeatedly, and those with several ambassadors', async () => {
    const doc = await runReport(registry, 'sustained', facts, { as_of: '2026-11-24' });
    // South East: A, B, C engaged; A (3 activities) and B (x returned) repeated; A and C have two+.
    expect(rowsOf(doc, 'by-hub').find((r) => r.hub === 'South East')).toEqual({
      hub: 'South East',
      engaged: 3,
      repeated: 2,
      repeated_share: 0.6667,
      several_ambassadors: 2,
    });
    expect(
      rowsOf(doc, 'organisations').map((r) => [r.organisation_id, r.activities, r.ambassadors, r.returning]),
    ).toEqual([
      ['N', 4, 1, true],
      ['A', 3, 3, false],
      ['B', 2, 1, true],
    ]);
  });

  it('counts series started and completed', async () => {
    const doc = await runReport(registry, 'sustained', facts, { as_of: '2026-11-24' });
    expect(rowsOf(doc, 'series')).toEqual([{ hub: 'North', started: 2, completed: 1, completed_share: 0.5 }]);
  });
});

describe('volunteering report', () => {
  it('adds hours, activities and young people by hub, with satisfaction', async () => {
    const doc = await runReport(registry, 'volunteering', facts, { as_of: '2026-11-24' });
    const hubs = Object.fromEntries(rowsOf(doc, 'by-hub').map((r) => [r.hub, r]));
    // South East completed in 2026/27: A×3 (2+1+1 h, 50 young people), B×2 (2 h), C×2 (0 h) = 7, 6 h.
    expect(hubs['South East']).toMatchObject({
      activities: 7,
      hours: 6,
      young_people: 50,
      satisfaction: 4,
      ratings: 2,
    });
    // North: s1's three completed sessions share its 3 hours; s2's accepted session is upcoming.
    expect(hubs.North).toMatchObject({ activities: 3, hours: 3, young_people: 25, confirmed_upcoming: 1 });
  });

  it('measures utilisation over ambassadors with a valid DBS check', async () => {
    const doc = await runReport(registry, 'volunteering', facts, { as_of: '2026-11-24' });
    // South East: x, y valid (z expired) and both active → 100%; North: w active → 100%.
    expect(rowsOf(doc, 'utilisation').map((r) => [r.hub, r.able, r.active])).toEqual([
      ['North', 1, 1],
      ['South East', 2, 2],
      ['All', 3, 3],
    ]);
  });
});

describe('volunteering report: employer budgets', () => {
  it('sets each budgeted employer’s sessions in the academic year against its days', async () => {
    const withEmployers = memorySource({
      organisations: [org('A'), org('B', { kind: 'primary' }), org('C'), org('N', { hub: 'north' })],
      ambassadors: [
        ambassador('x', { employer: 'Acme' }),
        ambassador('y', { employer: ' Acme ' }),
        ambassador('w', { hub: 'north', employer: 'Beta' }),
        ambassador('v', { employer: 'No budget Ltd' }),
      ],
      history: [
        activity('A', 'x', at('2026-09-10')),
        activity('B', 'x', at('2026-10-01')),
        activity('C', 'y', at('2026-10-15')),
        activity('C', 'x', at('2026-08-31')), // 2025/26: last year's days
        activity('C', 'y', at('2026-10-16'), { status: 'declined' }), // holds no day
        activity('C', 'v', at('2026-10-16')),
      ],
      requests: [
        // An offer out holds its day as the engine counts it; w volunteers in the north.
        requestFact('s3', 'N', {
          status: 'offered',
          request: { hub: 'north' },
          offers: [offer('w', at('2026-12-01'), { status: 'offered' })],
        }),
      ],
      employers: [
        { employer: 'Acme', volunteering_days_per_year: 2 },
        { employer: 'Beta', volunteering_days_per_year: 10 },
        { employer: 'Gamma', volunteering_days_per_year: 3 },
      ],
    });
    // Scoped to one hub, budgets still count every hub (a budget is the employer's, not the hub's).
    const doc = await runReport(registry, 'volunteering', withEmployers, {
      as_of: '2026-11-24',
      hub: 'south-east',
    });
    expect(rowsOf(doc, 'employer-budgets')).toEqual([
      { employer: 'Acme', academic_year: '2026/27', days: 2, used: 3, left: -1, used_share: 1.5 },
      { employer: 'Beta', academic_year: '2026/27', days: 10, used: 1, left: 9, used_share: 0.1 },
      { employer: 'Gamma', academic_year: '2026/27', days: 3, used: 0, left: 3, used_share: 0 },
    ]);
  });

  it('has no budget table when the source has no employers', async () => {
    const doc = await runReport(registry, 'volunteering', facts, { as_of: '2026-11-24' });
    const ids = doc.sections.flatMap((s) => s.tables.map((t) => t.id));
    expect(ids).not.toContain('employer-budgets');
  });
});
