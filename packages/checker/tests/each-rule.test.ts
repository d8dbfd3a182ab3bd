import { describe, expect, it } from 'vitest';
import { checkRun, VIOLATION_RULES, type ViolationRule } from '../src/index.js';
import { at, booking, change, changeRows, changeUnfilled, type Run, row, validRun } from './builders.js';

interface Case {
  /** Breaks the valid run in exactly one way. */
  breakIt: (run: Run) => void;
  /** The ids the violation must carry and name in its message. */
  names: { request_id?: string; ambassador_id?: string };
}

// A Record over the closed union: the compiler refuses this table until every code has a case.
const CASES: Record<ViolationRule, Case> = {
  unknown_request: {
    breakIt: (run) => run.assignments.push(row('R99', 1, 'A1', '2026-12-10', '10:00', '11:00')),
    names: { request_id: 'R99' },
  },
  unknown_ambassador: {
    breakIt: (run) => changeRows(run, { request_id: 'R1' }, { ambassador_id: 'A99' }),
    names: { request_id: 'R1', ambassador_id: 'A99' },
  },
  unknown_organisation: {
    breakIt: (run) => change(run.dataset.requests, 'R1', { organisation_id: 'O99' }),
    names: { request_id: 'R1' },
  },
  request_not_open: {
    breakIt: (run) => change(run.dataset.requests, 'R1', { status: 'cancelled' }),
    names: { request_id: 'R1' },
  },
  dbs_not_cleared: {
    breakIt: (run) => change(run.dataset.ambassadors, 'A1', { dbs_status: 'pending' }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  dbs_expired: {
    // The check lapses ON its expiry date, which is the session's date.
    breakIt: (run) => change(run.dataset.ambassadors, 'A1', { dbs_expires: '2026-12-07' }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  mode_not_allowed_by_request: {
    breakIt: (run) => change(run.dataset.requests, 'R1', { mode: 'online' }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  mode_not_offered_by_ambassador: {
    breakIt: (run) => change(run.dataset.ambassadors, 'A3', { online: false }),
    names: { request_id: 'R2', ambassador_id: 'A3' },
  },
  out_of_range: {
    // Bexhill is ~7.6 km from the school; the request now allows 5 km.
    breakIt: (run) => change(run.dataset.requests, 'R2', { max_km: 5 }),
    names: { request_id: 'R2', ambassador_id: 'A2' },
  },
  distance_mismatch: {
    breakIt: (run) => changeRows(run, { request_id: 'R2', ambassador_id: 'A2' }, { distance_km: 3 }),
    names: { request_id: 'R2', ambassador_id: 'A2' },
  },
  subject_mismatch: {
    breakIt: (run) => change(run.dataset.ambassadors, 'A1', { subjects: ['biology'] }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  activity_type_mismatch: {
    breakIt: (run) => change(run.dataset.ambassadors, 'A1', { activity_types: ['talk'] }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  key_stage_mismatch: {
    breakIt: (run) => change(run.dataset.ambassadors, 'A1', { key_stages: ['KS5'] }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  invalid_time: {
    breakIt: (run) => changeRows(run, { request_id: 'R1' }, { start: 'Monday morning' }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  wrong_duration: {
    breakIt: (run) => changeRows(run, { request_id: 'R1' }, { end: at('2026-12-07', '11:30') }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  not_after_today: {
    breakIt: (run) => {
      run.today = '2026-12-07';
    },
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  outside_window: {
    breakIt: (run) => change(run.dataset.requests, 'R1', { window_start: '2026-12-08' }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  series_spacing: {
    breakIt: (run) =>
      changeRows(
        run,
        { request_id: 'R2', session: 2 },
        { start: at('2026-12-16', '13:00'), end: at('2026-12-16', '14:00') },
      ),
    names: { request_id: 'R2', ambassador_id: 'A2' },
  },
  start_time_differs: {
    breakIt: (run) =>
      changeRows(
        run,
        { request_id: 'R2', session: 2 },
        { start: at('2026-12-15', '14:00'), end: at('2026-12-15', '15:00') },
      ),
    names: { request_id: 'R2', ambassador_id: 'A3' },
  },
  team_times_differ: {
    breakIt: (run) =>
      changeRows(
        run,
        { request_id: 'R2', ambassador_id: 'A3' },
        { start: at('2026-12-08', '12:00'), end: at('2026-12-08', '13:00') },
      ),
    names: { request_id: 'R2' },
  },
  outside_hosting_times: {
    breakIt: (run) =>
      change(run.dataset.requests, 'R1', { times: [{ day: 1, start: 13 * 60, end: 15 * 60 }] }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  outside_availability: {
    breakIt: (run) =>
      change(run.dataset.ambassadors, 'A1', { availability: [{ day: 1, start: 13 * 60, end: 18 * 60 }] }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  on_unavailable_date: {
    breakIt: (run) =>
      change(run.dataset.ambassadors, 'A1', { unavailable: [{ start: '2026-12-05', end: '2026-12-07' }] }),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  clash: {
    // Starts 11:15, inside the 30 min buffer after R1 ends at 11:00.
    breakIt: (run) => run.dataset.history.push(booking('A1', '2026-12-07', '11:15', '12:00')),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  over_monthly_capacity: {
    // One existing booking in December plus R1 makes two.
    breakIt: (run) => change(run.dataset.ambassadors, 'A1', { max_per_month: 1 }),
    names: { ambassador_id: 'A1' },
  },
  over_employer_budget: {
    // A1's employer gives one day a year: the existing booking on 2026-12-09 uses it, R1 goes over.
    breakIt: (run) => {
      change(run.dataset.ambassadors, 'A1', { employer: 'Acme Engineering' });
      run.dataset.employers = [{ employer: 'Acme Engineering', volunteering_days_per_year: 1 }];
    },
    names: {},
  },
  duplicate_assignment: {
    breakIt: (run) => run.assignments.push(row('R1', 1, 'A1', '2026-12-07', '10:00', '11:00')),
    names: { request_id: 'R1', ambassador_id: 'A1' },
  },
  incomplete_series: {
    breakIt: (run) => {
      run.assignments = run.assignments.filter((r) => !(r.ambassador_id === 'A3' && r.session === 2));
    },
    names: { request_id: 'R2', ambassador_id: 'A3' },
  },
  wrong_team_size: {
    breakIt: (run) => {
      run.assignments = run.assignments.filter((r) => r.ambassador_id !== 'A3');
    },
    names: { request_id: 'R2' },
  },
  assigned_and_unfilled: {
    breakIt: (run) =>
      run.unfilled.push({
        request_id: 'R1',
        reason: 'no_common_time',
        filled: 0,
        needed: 1,
        funnel: [2, 2, 2, 2, 2, 0],
      }),
    names: { request_id: 'R1' },
  },
  duplicate_unfilled: {
    breakIt: (run) => run.unfilled.push({ ...run.unfilled[0]! }),
    names: { request_id: 'R3' },
  },
  request_dropped: {
    breakIt: (run) => {
      run.unfilled = run.unfilled.filter((u) => u.request_id !== 'R3');
    },
    names: { request_id: 'R3' },
  },
  unfilled_counts_invalid: {
    breakIt: (run) => changeUnfilled(run, 'R5', { needed: 2 }),
    names: { request_id: 'R5' },
  },
  funnel_mismatch: {
    breakIt: (run) => changeUnfilled(run, 'R3', { funnel: [3, 3, 3, 3, 0, 0] }),
    names: { request_id: 'R3' },
  },
  wrong_reason: {
    breakIt: (run) => changeUnfilled(run, 'R3', { reason: 'no_subject_match' }),
    names: { request_id: 'R3' },
  },
  taken_by_invalid: {
    // R2's team (A2, A3) are not R4's candidates: A2 lacks KS4, A3 does not visit.
    breakIt: (run) => changeUnfilled(run, 'R4', { taken_by: ['R2'] }),
    names: { request_id: 'R4' },
  },
  nearest_km_invalid: {
    // Bexhill is ~14 km from Eastbourne and nobody offering R5 is nearer.
    breakIt: (run) => changeUnfilled(run, 'R5', { nearest_km: 5 }),
    names: { request_id: 'R5' },
  },
};

describe('each rule catches a run broken in its way', () => {
  it('the table has one case per violation code', () => {
    expect(Object.keys(CASES).sort()).toEqual([...VIOLATION_RULES].sort());
  });

  it.each(VIOLATION_RULES)('%s', (rule) => {
    const run = validRun();
    CASES[rule].breakIt(run);
    const { violations } = checkRun(run);
    const { request_id, ambassador_id } = CASES[rule].names;
    // The violation of this rule that concerns the broken records (others may be reported too).
    const hit = violations.find(
      (v) =>
        v.rule === rule &&
        (request_id === undefined || v.request_id === request_id) &&
        (ambassador_id === undefined || v.ambassador_id === ambassador_id),
    );
    expect(hit, JSON.stringify(violations, null, 2)).toBeDefined();
    for (const id of [request_id, ambassador_id]) if (id !== undefined) expect(hit?.message).toContain(id);
  });
});
