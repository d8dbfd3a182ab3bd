import { describe, expect, it } from 'vitest';
import { match } from '../src/index.js';
import { ambassador, BEXHILL, history, LEEDS, organisation, request, snapshot } from './builders.js';

const school = organisation('O1');

describe('hard constraints', () => {
  it('assigns an eligible ambassador at a time both can do', async () => {
    const r = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { availability: 'Wed 13:00-16:00' })],
        requests: [request('R1', 'O1', { times: 'Mon-Fri 09:00-15:00', duration_min: 90 })],
      }),
    );
    expect(r.assignments).toHaveLength(1);
    expect(r.assignments[0]).toMatchObject({
      request_id: 'R1',
      session: 1,
      ambassador_id: 'A1',
      start: '2026-12-09T13:00:00+00:00',
      end: '2026-12-09T14:30:00+00:00',
      mode: 'in_person',
    });
    expect(r.unfilled).toEqual([]);
  });

  it('never assigns an ambassador whose DBS is pending, expired or missing', async () => {
    for (const dbs_status of ['pending', 'expired', 'none'] as const) {
      const r = await match(
        snapshot({
          organisations: [school],
          ambassadors: [ambassador('A1', { dbs_status })],
          requests: [request('R1', 'O1')],
        }),
      );
      expect(r.assignments).toEqual([]);
      expect(r.unfilled[0]?.reason).toBe('no_dbs_cleared');
    }
  });

  it('takes an ambassador whose DBS is valid (with the margin) on the first day the run can book, and not a day less', async () => {
    // The run is on 24 Nov: the first bookable day is Wed 25 Nov.
    const firstDay = request('R1', 'O1', { window_start: '2026-11-25', window_end: '2026-11-25' });
    for (const [margin_days, valid, lapsed, solver] of [
      [0, '2026-11-26', '2026-11-25', 'engine'],
      [2, '2026-11-28', '2026-11-27', 'engine'],
      [2, '2026-11-28', '2026-11-27', 'greedy'],
      [2, '2026-11-28', '2026-11-27', 'exact'],
    ] as const) {
      const r = await match(
        snapshot({
          organisations: [school],
          ambassadors: [ambassador('A1', { dbs_expires: lapsed }), ambassador('A2', { dbs_expires: valid })],
          requests: [firstDay],
        }),
        { dbs: { margin_days } },
        { solver },
      );
      expect(
        r.assignments.map((a) => [a.ambassador_id, a.start.slice(0, 10)]),
        solver,
      ).toEqual([['A2', '2026-11-25']]);
    }
  });

  it('needs the DBS to be valid on the last session of a series, not just the first', async () => {
    const series = request('R1', 'O1', { sessions: 3, every_days: 7, times: 'Mon 09:00-12:00' });
    // First session Mon 7 Dec, last Mon 21 Dec: a check expiring on 15 Dec does not cover it.
    const lapsing = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { dbs_expires: '2026-12-15' })],
        requests: [series],
      }),
    );
    expect(lapsing.assignments).toEqual([]);
    expect(lapsing.unfilled[0]?.reason).toBe('no_dbs_cleared');
    // Valid through 21 Dec (expires on the 22nd): only the series starting on the 7th fits.
    const justValid = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { dbs_expires: '2026-12-22' })],
        requests: [
          request('R1', 'O1', {
            sessions: 3,
            every_days: 7,
            times: 'Mon 09:00-12:00',
            window_end: '2026-12-14',
          }),
        ],
      }),
    );
    expect(justValid.assignments.map((a) => a.start.slice(0, 10))).toEqual([
      '2026-12-07',
      '2026-12-14',
      '2026-12-21',
    ]);
  });

  it('keeps in-person visits within the ambassador radius and the request limit', async () => {
    const far = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { ...LEEDS })],
        requests: [request('R1', 'O1')],
      }),
    );
    expect(far.assignments).toEqual([]);
    expect(far.unfilled[0]?.reason).toBe('no_ambassador_in_range');
    expect(far.unfilled[0]?.nearest_km).toBeGreaterThan(300);

    const tooFarForRequest = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { ...BEXHILL })],
        requests: [request('R1', 'O1', { max_km: 5 })],
      }),
    );
    expect(tooFarForRequest.unfilled[0]?.reason).toBe('no_ambassador_in_range');
    expect(tooFarForRequest.unfilled[0]?.nearest_km).toBeCloseTo(7.6, 0);
  });

  it('delivers online only when both sides accept it', async () => {
    const remote = ambassador('A1', { ...LEEDS, online: true, in_person: false });
    const online = await match(
      snapshot({
        organisations: [school],
        ambassadors: [remote],
        requests: [request('R1', 'O1', { mode: 'online' })],
      }),
    );
    expect(online.assignments[0]).toMatchObject({ mode: 'online', distance_km: 0 });

    const notOnline = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { ...LEEDS })],
        requests: [request('R1', 'O1', { mode: 'online' })],
      }),
    );
    expect(notOnline.unfilled[0]?.reason).toBe('no_ambassador_in_range');

    const inPersonOnly = await match(
      snapshot({
        organisations: [school],
        ambassadors: [remote],
        requests: [request('R1', 'O1', { mode: 'in_person' })],
      }),
    );
    expect(inPersonOnly.unfilled[0]?.reason).toBe('no_ambassador_in_range');
  });

  it('prefers a local ambassador to an online one for an either-mode request', async () => {
    const r = await match(
      snapshot({
        organisations: [school],
        ambassadors: [
          ambassador('A-online', { ...LEEDS, online: true }),
          ambassador('A-local', { ...BEXHILL }),
        ],
        requests: [request('R1', 'O1', { mode: 'either' })],
      }),
    );
    expect(r.assignments[0]).toMatchObject({ ambassador_id: 'A-local', mode: 'in_person' });
  });

  it('matches subject, activity type and key stage, in that funnel order', async () => {
    const cases: Array<[Parameters<typeof ambassador>[1], string]> = [
      [{ subjects: ['biology'] }, 'no_subject_match'],
      [{ activity_types: ['mentoring'] }, 'no_activity_type_match'],
      [{ key_stages: ['KS1'] }, 'no_key_stage_match'],
    ];
    for (const [offer, reason] of cases) {
      const r = await match(
        snapshot({
          organisations: [school],
          ambassadors: [ambassador('A1', offer)],
          requests: [request('R1', 'O1')],
        }),
      );
      expect(r.unfilled[0]?.reason).toBe(reason);
    }
  });

  it('finds a time inside both weekly patterns, or says there is none', async () => {
    const none = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { availability: 'Sat 09:00-12:00' })],
        requests: [request('R1', 'O1')],
      }),
    );
    expect(none.unfilled[0]).toMatchObject({ reason: 'no_common_time', funnel: [1, 1, 1, 1, 1, 0] });
  });

  it('moves a series to a week clear of an unavailable date, or leaves it unfilled', async () => {
    const series = (window_end: string) =>
      request('R1', 'O1', { sessions: 3, every_days: 7, times: 'Mon 09:00-12:00', window_end });
    const moved = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { unavailable: [{ start: '2026-12-07', end: '2026-12-07' }] })],
        requests: [series('2026-12-14')],
      }),
    );
    expect(moved.assignments.map((a) => a.start.slice(0, 10))).toEqual([
      '2026-12-14',
      '2026-12-21',
      '2026-12-28',
    ]);
    const blocked = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { unavailable: [{ start: '2026-12-21', end: '2026-12-21' }] })],
        requests: [series('2026-12-14')],
      }),
    );
    expect(blocked.unfilled[0]?.reason).toBe('no_common_time');
  });

  it('keeps a travel buffer between one ambassador’s sessions', async () => {
    const data = snapshot({
      organisations: [school, organisation('O2', BEXHILL)],
      ambassadors: [ambassador('A1', { availability: 'Wed 09:00-12:00' })],
      requests: [
        request('R1', 'O1', { times: 'Wed 09:00-10:00' }),
        request('R2', 'O2', { times: 'Wed 10:00-11:00' }),
      ],
    });
    const buffered = await match(data);
    expect(buffered.assignments).toHaveLength(1);
    expect(buffered.unfilled[0]?.reason).toBe('taken_by_other_requests');
    const noBuffer = await match(data, { travel_buffer_min: 0 });
    expect(noBuffer.assignments).toHaveLength(2);
  });

  it('respects monthly capacity, counting bookings that already exist', async () => {
    const two = [request('R1', 'O1'), request('R2', 'O1', { times: 'Mon-Fri 13:00-15:00' })];
    const capOne = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { max_per_month: 1 })],
        requests: two,
      }),
    );
    expect(capOne.assignments).toHaveLength(1);
    expect(capOne.unfilled[0]?.reason).toBe('taken_by_other_requests');

    const alreadyBooked = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1', { max_per_month: 1 })],
        requests: [request('R1', 'O1')],
        history: [
          history({
            organisation_id: 'O1',
            ambassador_id: 'A1',
            status: 'accepted',
            start: '2026-12-01T10:00:00+00:00',
            end: '2026-12-01T11:00:00+00:00',
          }),
        ],
      }),
    );
    expect(alreadyBooked.unfilled[0]?.reason).toBe('no_common_time');
  });

  it('never assigns the same ambassador twice to one request, and fills all-or-nothing', async () => {
    const r = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1'), ambassador('A2'), ambassador('A3', { subjects: ['biology'] })],
        requests: [request('R1', 'O1', { needed: 3 })],
      }),
    );
    expect(r.assignments).toEqual([]);
    expect(r.unfilled[0]).toMatchObject({ reason: 'partially_filled', filled: 2, needed: 3 });
  });

  it('never offers a request again to an ambassador who declined it', async () => {
    const data = snapshot({
      organisations: [school],
      ambassadors: [ambassador('A1'), ambassador('A2', BEXHILL)],
      requests: [request('R1', 'O1')],
    });
    expect((await match(data)).assignments[0]?.ambassador_id).toBe('A1');
    const again = await match({ ...data, declined: [{ request_id: 'R1', ambassador_id: 'A1' }] });
    expect(again.assignments[0]?.ambassador_id).toBe('A2');
    const noOneLeft = await match({
      ...data,
      declined: [
        { request_id: 'R1', ambassador_id: 'A1' },
        { request_id: 'R1', ambassador_id: 'A2' },
      ],
    });
    expect(noOneLeft.unfilled[0]).toMatchObject({ reason: 'no_common_time', funnel: [2, 2, 2, 2, 2, 0] });
  });

  it('starts sessions only after the run date', async () => {
    const r = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A1')],
        requests: [request('R1', 'O1', { window_start: '2026-11-20', window_end: '2026-11-25' })],
      }),
    );
    expect(r.assignments[0]?.start.slice(0, 10)).toBe('2026-11-25');
  });

  it('keeps a series at the same wall-clock time across the March clock change', async () => {
    const r = await match(
      snapshot({
        today: '2027-03-01',
        organisations: [school],
        ambassadors: [ambassador('A1', { availability: 'Fri 10:00-11:00' })],
        requests: [
          request('R1', 'O1', {
            window_start: '2027-03-19',
            window_end: '2027-03-19',
            sessions: 3,
            every_days: 7,
            times: 'Fri 09:00-15:00',
          }),
        ],
      }),
    );
    expect(r.assignments.map((a) => a.start)).toEqual([
      '2027-03-19T10:00:00+00:00',
      '2027-03-26T10:00:00+00:00',
      '2027-04-02T10:00:00+01:00',
    ]);
  });
});

describe('objective', () => {
  it('serves two Priority Schools before an ordinary one competing for the same ambassador', async () => {
    // One ambassador, free Wed and Thu mornings. P1 can only host Wed, N1 only Thu, P2 either day.
    // The ordinary school asked first, so arrival order (greedy) gives it Thursday and strands P2.
    const data = snapshot({
      organisations: [
        organisation('P1', { priority: true }),
        organisation('P2', { priority: true }),
        organisation('N1'),
      ],
      ambassadors: [ambassador('A1', { availability: 'Wed 09:00-10:00; Thu 09:00-10:00' })],
      requests: [
        request('RN1', 'N1', { times: 'Thu 09:00-12:00', created_at: '2026-10-01T09:00:00+01:00' }),
        request('RP1', 'P1', { times: 'Wed 09:00-12:00', created_at: '2026-10-02T09:00:00+01:00' }),
        request('RP2', 'P2', { times: 'Wed-Thu 09:00-12:00', created_at: '2026-10-03T09:00:00+01:00' }),
      ],
    });
    const engine = await match(data);
    expect(engine.objective.priority_filled).toBe(2);
    expect(engine.assignments.map((a) => a.request_id).sort()).toEqual(['RP1', 'RP2']);
    expect(engine.unfilled).toMatchObject([{ request_id: 'RN1', reason: 'taken_by_other_requests' }]);
    expect(engine.unfilled[0]?.taken_by).toEqual(['RP2']);

    const greedy = await match(data, {}, { solver: 'greedy' });
    expect(greedy.objective.priority_filled).toBe(1);
  });

  it('prefers an ambassador the school already knows (sustained engagement)', async () => {
    const r = await match(
      snapshot({
        organisations: [school],
        ambassadors: [ambassador('A-near'), ambassador('A-known', { ...BEXHILL })],
        requests: [request('R1', 'O1')],
        history: [history({ organisation_id: 'O1', ambassador_id: 'A-known' })],
      }),
    );
    expect(r.assignments[0]?.ambassador_id).toBe('A-known');
    expect(r.assignments[0]?.score.continuity).toBeGreaterThan(0);
  });

  it('is deterministic for a given input and seed', async () => {
    const data = snapshot({
      organisations: [school, organisation('O2', BEXHILL)],
      ambassadors: [ambassador('A1'), ambassador('A2', BEXHILL), ambassador('A3', { max_per_month: 1 })],
      requests: [
        request('R1', 'O1', { needed: 2 }),
        request('R2', 'O2'),
        request('R3', 'O1', { sessions: 2 }),
      ],
    });
    const a = await match(data, {}, { seed: 7 });
    const b = await match(data, {}, { seed: 7 });
    expect(b.assignments).toEqual(a.assignments);
    expect(b.unfilled).toEqual(a.unfilled);
  });
});
