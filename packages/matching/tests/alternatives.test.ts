import { checkRun } from '@stem-match/checker';
import { Policy } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alternatives, match, type PlacedAssignment } from '../src/index.js';
import { arbSnapshot } from './arbitraries.js';
import { ambassador, BEXHILL, EASTBOURNE, history, organisation, request, snapshot } from './builders.js';

const school = organisation('O1');
// One possible slot: Wed 9 Dec 10:00-11:00 (UK winter time = UTC).
const oneSlot = { window_start: '2026-12-09', window_end: '2026-12-09', times: 'Wed 10:00-11:00' };
const placed = (
  request_id: string,
  ambassador_id: string,
  day = '2026-12-09',
  session = 1,
): PlacedAssignment => ({
  request_id,
  session,
  ambassador_id,
  start: `${day}T10:00:00+00:00`,
  end: `${day}T11:00:00+00:00`,
});
const idsOf = (rows: ReturnType<typeof alternatives>, requestId: string) =>
  rows.find((r) => r.request_id === requestId)?.substitutes.map((s) => s.ambassador_id);

describe('alternatives: substitutes for each filled request', () => {
  it('ranks the eligible ambassadors not on the request, best quality first, with their score', () => {
    const snap = snapshot({
      organisations: [school],
      ambassadors: [
        ambassador('A1'),
        ambassador('FAR', { ...EASTBOURNE }),
        ambassador('NEAR', { ...BEXHILL }),
        ambassador('KNOWN', { ...EASTBOURNE }),
      ],
      requests: [request('R1', 'O1', oneSlot)],
      history: [history({ organisation_id: 'O1', ambassador_id: 'KNOWN' })],
    });
    const [r1] = alternatives(snap, [placed('R1', 'A1')]);
    // Continuity outweighs 15 km more travel; then the nearer of the two strangers.
    expect(r1?.substitutes.map((s) => s.ambassador_id)).toEqual(['KNOWN', 'NEAR', 'FAR']);
    expect(r1?.substitutes.map((s) => s.rank)).toEqual([1, 2, 3]);
    const [known, near] = r1!.substitutes;
    expect(known!.score.continuity).toBeGreaterThan(0);
    expect(near!.score.continuity).toBe(0);
    expect(near!.distance_km).toBeCloseTo(7.5, 0);
    expect(near!.mode).toBe('in_person');
    expect(known!.score.total).toBeGreaterThan(near!.score.total);
    expect(alternatives(snap, [placed('R1', 'A1')], {}, { limit: 1 })[0]?.substitutes).toHaveLength(1);
    expect(alternatives(snap, [placed('R1', 'A1')], {}, { limit: 0 })[0]?.substitutes).toEqual([]);
  });

  it('lists only filled requests, and none for a request placed outside its slots', () => {
    const snap = snapshot({
      organisations: [school],
      ambassadors: [ambassador('A1'), ambassador('A2')],
      requests: [request('R1', 'O1', oneSlot), request('R2', 'O1', oneSlot)],
    });
    const rows = alternatives(snap, [placed('R1', 'A1', '2026-12-10')]);
    expect(rows).toEqual([{ request_id: 'R1', substitutes: [] }]);
  });

  it('leaves out an ambassador the rest of the solution holds at a clashing time, or within the travel buffer', () => {
    const snap = snapshot({
      organisations: [school],
      ambassadors: [ambassador('A1'), ambassador('BUSY'), ambassador('FREE')],
      requests: [
        request('R1', 'O1', oneSlot),
        // BUSY ends R2 at 11:15 on the same day: 15 minutes later than R1 ends, inside the buffer.
        request('R2', 'O1', { ...oneSlot, times: 'Wed 09:00-12:00', duration_min: 60 }),
      ],
    });
    const r2AtQuarterPast = {
      ...placed('R2', 'BUSY'),
      start: '2026-12-09T11:15:00+00:00',
      end: '2026-12-09T12:15:00+00:00',
    };
    expect(idsOf(alternatives(snap, [placed('R1', 'A1'), r2AtQuarterPast]), 'R1')).toEqual(['FREE']);
    // Without R2 in the solution, BUSY is free again.
    expect(idsOf(alternatives(snap, [placed('R1', 'A1')]), 'R1')).toEqual(['BUSY', 'FREE']);
  });

  it('counts the rest of the solution against monthly capacity', () => {
    const snap = snapshot({
      organisations: [school],
      ambassadors: [
        ambassador('A1'),
        ambassador('FULL', { max_per_month: 1 }),
        ambassador('ROOM', { max_per_month: 2 }),
      ],
      requests: [
        request('R1', 'O1', oneSlot),
        request('R2', 'O1', {
          window_start: '2026-12-14',
          window_end: '2026-12-14',
          times: 'Mon 10:00-11:00',
        }),
        request('R3', 'O1', {
          window_start: '2026-12-15',
          window_end: '2026-12-15',
          times: 'Tue 10:00-11:00',
        }),
      ],
    });
    const rows = alternatives(snap, [
      placed('R1', 'A1'),
      placed('R2', 'FULL', '2026-12-14'),
      placed('R3', 'ROOM', '2026-12-15'),
    ]);
    expect(idsOf(rows, 'R1')).toEqual(['ROOM']);
  });

  it('for a series, needs every session: DBS on the last, leave and availability on each', () => {
    const series = request('R1', 'O1', {
      window_start: '2026-12-07',
      window_end: '2026-12-07',
      times: 'Mon 10:00-11:00',
      sessions: 3,
      every_days: 7,
    });
    const snap = snapshot({
      organisations: [school],
      ambassadors: [
        ambassador('A1'),
        ambassador('LAPSES', { dbs_expires: '2026-12-18' }), // covers 7 and 14 Dec, not 21 Dec
        ambassador('AWAY', { unavailable: [{ start: '2026-12-14', end: '2026-12-14' }] }),
        ambassador('PENDING', { dbs_status: 'pending' }),
        ambassador('OK'),
      ],
      requests: [series],
    });
    const rows = alternatives(
      snap,
      [1, 2, 3].map((k) => placed('R1', 'A1', `2026-12-${String(7 * k).padStart(2, '0')}`, k)),
    );
    expect(idsOf(rows, 'R1')).toEqual(['OK']);
  });

  it('never offers a request again to an ambassador who declined it, nor one already on it', () => {
    const snap = snapshot({
      organisations: [school],
      ambassadors: [ambassador('A1'), ambassador('A2'), ambassador('NO'), ambassador('YES')],
      requests: [request('R1', 'O1', { ...oneSlot, needed: 2 })],
      declined: [{ request_id: 'R1', ambassador_id: 'NO' }],
    });
    expect(idsOf(alternatives(snap, [placed('R1', 'A1'), placed('R1', 'A2')]), 'R1')).toEqual(['YES']);
  });

  it('refuses a limit that is not a whole number', () => {
    expect(() => alternatives(snapshot({}), [], {}, { limit: 1.5 })).toThrow(/limit must be a whole number/);
  });

  // match's own substitutes (no second candidate search) are alternatives' whenever the engine's
  // candidate limit cuts nothing (fewer ambassadors than engine_candidates) — so the swap property below holds for them too.
  it('match({ substitutes }) ranks the same substitutes as alternatives() on the run it returns', async () => {
    let ranked = 0;
    await fc.assert(
      fc.asyncProperty(
        arbSnapshot({ orgs: [1, 3], ambassadors: [4, 10], requests: [2, 8] }),
        fc.integer({ min: 1, max: 4 }),
        async (snap, limit) => {
          const result = await match(snap, {}, { substitutes: limit });
          const expected = alternatives(snap, result.assignments, {}, { limit });
          expect(result.substitutes).toEqual(expected);
          ranked += expected.reduce((n, r) => n + r.substitutes.length, 0);
        },
      ),
      { numRuns: 120, seed: 20261202 },
    );
    expect(ranked).toBeGreaterThan(40);
  });

  // The property the offer cascade relies on: putting any one substitute in place of any one
  // assigned ambassador leaves a run the independent checker accepts.
  it('any substitute swapped in for any one ambassador keeps every hard constraint (checker)', async () => {
    let swaps = 0;
    await fc.assert(
      fc.asyncProperty(
        arbSnapshot({ orgs: [1, 3], ambassadors: [4, 10], requests: [2, 8] }),
        async (snap) => {
          const result = await match(snap);
          const filled = new Set(result.assignments.map((a) => a.request_id));
          const dataset = { ...snap, requests: snap.requests.filter((r) => filled.has(r.id)) };
          const policy = Policy.parse({});
          for (const { request_id, substitutes } of alternatives(snap, result.assignments)) {
            const team = [
              ...new Set(
                result.assignments.filter((a) => a.request_id === request_id).map((a) => a.ambassador_id),
              ),
            ];
            for (const sub of substitutes) {
              for (const out of team) {
                swaps++;
                const swapped = result.assignments.map((a) =>
                  a.request_id === request_id && a.ambassador_id === out
                    ? { ...a, ambassador_id: sub.ambassador_id, distance_km: sub.distance_km, mode: sub.mode }
                    : a,
                );
                const { violations } = checkRun({
                  dataset,
                  today: snap.today,
                  assignments: swapped,
                  unfilled: [],
                  policy,
                });
                expect(violations).toEqual([]);
              }
            }
          }
        },
      ),
      { numRuns: 120, seed: 90210 },
    );
    expect(swaps).toBeGreaterThan(40); // the property was exercised, not vacuous
  });
});
