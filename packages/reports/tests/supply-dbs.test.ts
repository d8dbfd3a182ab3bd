import { describe, expect, it } from 'vitest';
import type { ReportRegistry } from '../src/context.js';
import { dbsReport } from '../src/reports/dbs.js';
import { supplyReport } from '../src/reports/supply.js';
import { runReport } from '../src/run.js';
import {
  ambassador,
  HASTINGS,
  LEEDS,
  memorySource,
  offer,
  org,
  requestFact,
  rowsOf,
} from './facts-builder.js';

const registry = { supply: supplyReport, dbs: dbsReport } as ReportRegistry;
const EASTBOURNE = { lat: 50.7684, lon: 0.2905 }; // ~22 km from Hastings

const facts = memorySource({
  organisations: [org('H', { priority: true, postcode: 'TN34 1AB' }), org('L', { ...LEEDS, hub: 'north' })],
  ambassadors: [
    ambassador('near'), // Hastings, 30 km radius: physics, talk, KS3
    ambassador('far', { ...EASTBOURNE, travel_km: 10 }), // 22 km away, only travels 10
    ambassador('online', { ...LEEDS, in_person: false, online: true }),
    ambassador('lapsing', { dbs_expires: '2026-11-05' }), // valid to the end of October windows only
    ambassador('chemist', { subjects: ['chemistry'] }),
  ],
  requests: [
    // Physics KS3 talk at H in October, in person: near and lapsing (far is out of range).
    requestFact('p1', 'H', { status: 'open' }),
    // The same, in November: lapsing's DBS has expired by the window's end → only near.
    requestFact('p2', 'H', {
      status: 'open',
      request: { window_start: '2026-11-01', window_end: '2026-11-30' },
    }),
    // Either mode: near can visit; online can teach online; lapsing has lapsed by December.
    requestFact('p3', 'H', {
      status: 'unfilled',
      request: { mode: 'either', window_start: '2026-12-01', window_end: '2026-12-20' },
    }),
    // Maths at Leeds, in person: nobody offers maths → none eligible: a place to recruit.
    requestFact('m1', 'L', { status: 'open', request: { hub: 'north', subjects: ['maths'] } }),
    // Filled: not open demand.
    requestFact('f1', 'H', { status: 'confirmed' }),
  ],
});

describe('supply report', () => {
  it('counts eligible ambassadors per open request by hub, subject and key stage', async () => {
    const doc = await runReport(registry, 'supply', facts, { as_of: '2026-09-20' });
    // South East: p1 → 2 (near, lapsing), p2 → 1, p3 → 2 (near; online) → median 2, none with zero.
    // North: m1 → 0.
    expect(
      rowsOf(doc, 'by-hub').map((r) => [r.hub, r.open_requests, r.median_eligible, r.none_eligible]),
    ).toEqual([
      ['North', 1, 0, 1],
      ['South East', 3, 2, 0],
    ]);
    expect(rowsOf(doc, 'by-subject').map((r) => [r.subject, r.open_requests, r.none_eligible])).toEqual([
      ['Maths', 1, 1],
      ['Physics', 3, 0],
    ]);
  });

  it('ranks where to recruit: squares with open requests nobody can reach', async () => {
    const doc = await runReport(registry, 'supply', facts, { as_of: '2026-09-20' });
    const recruit = rowsOf(doc, 'where-to-recruit');
    expect(recruit).toHaveLength(1);
    // Leeds: the nearest in-person ambassador offering maths — there is none, so no distance.
    expect(recruit[0]).toMatchObject({
      rank: 1,
      requests: 1,
      priority: 0,
      subjects: 'Maths',
      median_nearest_km: null,
    });
    expect(String(recruit[0]!.cell)).toMatch(/^E 4\d0 N 4\d0$/);
  });
});

describe('dbs report', () => {
  const withBookings = memorySource({
    organisations: [org('H', HASTINGS)],
    ambassadors: [
      ambassador('booked', { dbs_expires: '2026-12-01' }),
      ambassador('wanted', { dbs_expires: '2027-01-10' }),
      ambassador('idle', { dbs_expires: '2026-12-15', subjects: ['chemistry'] }),
      ambassador('later', { dbs_expires: '2027-06-01' }), // beyond 90 days
      ambassador('lapsed', { dbs_expires: '2026-11-01' }), // already lapsed, still marked cleared
    ],
    requests: [
      // booked holds an accepted session on 2026-12-02: the day after the lapse.
      requestFact('b1', 'H', {
        status: 'confirmed',
        request: { window_start: '2026-12-02', window_end: '2026-12-02' },
        offers: [offer('booked', '2026-12-02T10:00:00+00:00')],
      }),
      // An open physics request running to February: booked, wanted and lapsed could be offered it.
      requestFact('o1', 'H', {
        status: 'open',
        request: { window_start: '2026-12-01', window_end: '2027-02-28' },
      }),
    ],
  });

  it('lists the lapsing checks that matter, soonest first, with what to do', async () => {
    const doc = await runReport(registry, 'dbs', withBookings, { as_of: '2026-11-24' });
    expect(
      rowsOf(doc, 'expiring').map((r) => [r.ambassador_id, r.days_left, r.sessions_after, r.likely_requests]),
    ).toEqual([
      ['lapsed', -23, 0, 1],
      ['booked', 7, 1, 1],
      ['wanted', 47, 0, 1],
    ]);
    expect(rowsOf(doc, 'expiring')[1]!.action).toBe(
      'Renew before 2026-12-01: 1 session booked after it lapses',
    );
    expect(doc.sections[0]!.text[0]).toMatch(/^3 ambassadors .* 1 more lapse/);
  });

  it('looks further with a longer horizon, and never shows personal data', async () => {
    const doc = await runReport(registry, 'dbs', withBookings, { as_of: '2026-11-24', dbs_days: 200 });
    // 'later' now lapses within the horizon, but o1 closes before it does: nothing at stake.
    expect(rowsOf(doc, 'expiring')).toHaveLength(3);
    expect(doc.sections[0]!.text[0]).toMatch(/^3 ambassadors .* 2 more lapse/);
    expect(JSON.stringify(doc)).not.toMatch(/email|phone/i);
  });

  it('treats a check as lapsed on its expiry date, as the matcher does', async () => {
    const onTheDay = memorySource({
      organisations: [org('H', HASTINGS)],
      ambassadors: [ambassador('edge', { dbs_expires: '2026-12-02' })],
      requests: [
        // A session on the expiry date itself: the matcher would not offer it, so it is at stake.
        requestFact('b1', 'H', {
          status: 'confirmed',
          request: { window_start: '2026-12-02', window_end: '2026-12-02' },
          offers: [offer('edge', '2026-12-02T10:00:00+00:00')],
        }),
        // A window ending on the expiry date: its last day is not covered.
        requestFact('o1', 'H', {
          status: 'open',
          request: { window_start: '2026-11-25', window_end: '2026-12-02' },
        }),
        // A window ending the day before: covered, nothing at stake.
        requestFact('o2', 'H', {
          status: 'open',
          request: { window_start: '2026-11-25', window_end: '2026-12-01' },
        }),
      ],
    });
    const dbs = await runReport(registry, 'dbs', onTheDay, { as_of: '2026-11-24' });
    expect(
      rowsOf(dbs, 'expiring').map((r) => [r.ambassador_id, r.sessions_after, r.likely_requests]),
    ).toEqual([['edge', 1, 1]]);
    const supply = await runReport(registry, 'supply', onTheDay, { as_of: '2026-11-24' });
    // o1 has nobody eligible (edge lapses on its last day); o2 has edge.
    expect(rowsOf(supply, 'by-hub').map((r) => [r.open_requests, r.none_eligible])).toEqual([[2, 1]]);
  });
});
