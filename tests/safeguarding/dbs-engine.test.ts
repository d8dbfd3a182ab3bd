import { type Ambassador, dayNumber, dayToDate, dbsValidAt } from '@stem-match/domain';
import { match } from '@stem-match/matching';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ambassador, request, SCHOOL } from './fixtures.js';

// Random instances whose DBS checks are of every kind (cleared, pending, expired, none, cleared with
// no date) and whose expiry dates fall before, inside and after the requests' series.

const FIRST_DAY = dayNumber('2027-03-01');
const day = (offset: number) => dayToDate(FIRST_DAY + offset);

const arbAmbassador = (i: number) =>
  fc
    .record({
      status: fc.constantFrom('cleared', 'cleared', 'cleared', 'pending', 'expired', 'none'),
      expires: fc.option(fc.integer({ min: -5, max: 60 }), { nil: undefined, freq: 6 }),
      dLat: fc.integer({ min: -5, max: 5 }),
    })
    .map(({ status, expires, dLat }) =>
      ambassador(`A${i}`, {
        dbs_status: status as Ambassador['dbs_status'],
        ...(expires === undefined ? {} : { dbs_expires: day(expires) }),
        lat: 50.85 + dLat / 111,
      }),
    );

const arbRequest = (i: number) =>
  fc
    .record({
      start: fc.integer({ min: 0, max: 14 }),
      span: fc.integer({ min: 0, max: 10 }),
      sessions: fc.integer({ min: 1, max: 5 }),
      every: fc.constantFrom(1, 7, 14),
      needed: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ start, span, sessions, every, needed }) =>
      request(`R${i}`, {
        window_start: day(start),
        window_end: day(start + span),
        sessions,
        every_days: every,
        needed,
      }),
    );

const arbInstance = fc
  .record({ ambassadors: fc.integer({ min: 1, max: 7 }), requests: fc.integer({ min: 1, max: 6 }) })
  .chain(({ ambassadors, requests }) =>
    fc.record({
      ambassadors: fc.tuple(...Array.from({ length: ambassadors }, (_, i) => arbAmbassador(i))),
      requests: fc.tuple(...Array.from({ length: requests }, (_, i) => arbRequest(i))),
      margin: fc.constantFrom(0, 0, 7),
    }),
  );

describe('DBS: no assignment to an ambassador whose check does not cover the session', () => {
  for (const solver of ['engine', 'greedy', 'exact'] as const) {
    it(`${solver}: every session of every assignment is on a day the ambassador's check is valid`, async () => {
      let assigned = 0;
      await fc.assert(
        fc.asyncProperty(arbInstance, async ({ ambassadors, requests, margin }) => {
          const result = await match(
            { today: '2027-02-20', organisations: [SCHOOL], ambassadors, requests, history: [] },
            { dbs: { margin_days: margin } },
            { solver, timeLimitMs: 2000 },
          );
          const byId = new Map(ambassadors.map((a) => [a.id, a]));
          for (const a of result.assignments) {
            const who = byId.get(a.ambassador_id)!;
            expect(dbsValidAt(who, a.start), `${a.ambassador_id} on ${a.start}`).toBe(true);
            // The policy's margin is kept too: valid `margin` days after the session.
            const until = new Date(Date.parse(a.start) + margin * 86_400_000);
            expect(dbsValidAt(who, until)).toBe(true);
          }
          assigned += result.assignments.length;
        }),
        { numRuns: solver === 'exact' ? 15 : 200, seed: 20270301 },
      );
      // Not vacuous: the instances do get filled.
      expect(assigned).toBeGreaterThan(20);
    });
  }
});
