import { describe, expect, it } from 'vitest';
import { checkRun, type ViolationRule } from '../src/index.js';
import {
  ambassador,
  at,
  BEXHILL,
  booking,
  change,
  changeRows,
  changeUnfilled,
  HASTINGS,
  km,
  type Run,
  request,
  validRun,
} from './builders.js';

function rulesOf(run: Run): ViolationRule[] {
  return checkRun(run).violations.map((v) => v.rule);
}

describe('edges of the hard constraints', () => {
  it('DBS: valid on day D only while D + margin is before the expiry date', () => {
    const run = validRun();
    change(run.dataset.ambassadors, 'A1', { dbs_expires: '2026-12-10' }); // R1 is on 12-07
    run.policy = { ...run.policy, dbs: { margin_days: 2 } };
    expect(rulesOf(run)).not.toContain('dbs_expired');
    run.policy = { ...run.policy, dbs: { margin_days: 3 } };
    expect(rulesOf(run)).toContain('dbs_expired');
  });

  it('travel buffer: a booking exactly buffer minutes after the session is fine, a minute less is not', () => {
    const run = validRun(); // R1: A1 on 2026-12-07 10:00-11:00, buffer 30
    run.dataset.history.push(booking('A1', '2026-12-07', '11:30', '12:00'));
    expect(rulesOf(run)).not.toContain('clash');
    run.dataset.history.push(booking('A1', '2026-12-07', '09:00', '09:31'));
    expect(rulesOf(run)).toContain('clash');
  });

  it('history that does not hold time (declined, cancelled) neither clashes nor counts', () => {
    const run = validRun();
    change(run.dataset.ambassadors, 'A1', { max_per_month: 2 });
    run.dataset.history.push({ ...booking('A1', '2026-12-07', '10:00', '11:00'), status: 'declined' });
    run.dataset.history.push({ ...booking('A1', '2026-12-10', '10:00', '11:00'), status: 'cancelled' });
    expect(rulesOf(run)).toEqual([]);
  });

  it('capacity is per calendar month', () => {
    const run = validRun(); // A1: one existing booking on 2026-12-09 and R1 on 2026-12-07
    change(run.dataset.ambassadors, 'A1', { max_per_month: 1 });
    expect(rulesOf(run)).toContain('over_monthly_capacity');
    run.dataset.history = [booking('A1', '2026-11-30', '10:00', '11:00')];
    expect(rulesOf(run)).not.toContain('over_monthly_capacity');
  });

  it('distance: rounding at the limit is tolerated, a real excess is not', () => {
    const run = validRun(); // A2 visits R2's school from Bexhill
    const d = km(BEXHILL, HASTINGS);
    change(run.dataset.ambassadors, 'A2', { travel_km: d - 0.03 });
    expect(rulesOf(run)).not.toContain('out_of_range');
    change(run.dataset.ambassadors, 'A2', { travel_km: d - 0.5 });
    expect(rulesOf(run)).toContain('out_of_range');
  });

  it('reads times as UK wall clock across the change to summer time', () => {
    const run = validRun();
    run.dataset.requests.push(
      request('R6', { window_start: '2027-03-29', window_end: '2027-03-29', times: 'Mon 10:00-11:00' }),
    );
    run.assignments.push({
      request_id: 'R6',
      session: 1,
      ambassador_id: 'A1',
      start: '2027-03-29T10:00:00+01:00',
      end: '2027-03-29T11:00:00+01:00',
      mode: 'in_person',
      distance_km: 0,
    });
    expect(at('2027-03-29', '10:00')).toBe('2027-03-29T10:00:00+01:00');
    expect(rulesOf(run)).toEqual([]);
    // 10:00 UTC is 11:00 in London that day: outside the hosting time.
    changeRows(run, { request_id: 'R6' }, { start: '2027-03-29T10:00:00Z', end: '2027-03-29T11:00:00Z' });
    expect(rulesOf(run)).toContain('outside_hosting_times');
  });
});

describe('recomputed explanations', () => {
  it('judges DBS at the earliest slot the organisation can host, not at the window start', () => {
    const run = validRun();
    // Window opens Monday 7 December, but the school hosts on Thursdays only: first slot 10 December.
    run.dataset.organisations.push({ ...run.dataset.organisations[0]!, id: 'O3', lat: 51.5, lon: -0.12 });
    run.dataset.ambassadors.push(ambassador('A4', { lat: 51.5, lon: -0.12, dbs_expires: '2026-12-09' }));
    run.dataset.requests.push(request('R6', { organisation_id: 'O3', times: 'Thu 09:00-15:00' }));
    run.unfilled.push({
      request_id: 'R6',
      reason: 'no_dbs_cleared',
      filled: 0,
      needed: 1,
      nearest_km: 0,
      funnel: [1, 0, 0, 0, 0, 0],
    });
    expect(checkRun(run).violations).toEqual([]);
  });

  it('tells partially_filled from taken_by_other_requests by who can share one slot', () => {
    const run = validRun();
    // Two candidates near O3, but never free at the same time: a team of two is impossible.
    run.dataset.organisations.push({ ...run.dataset.organisations[0]!, id: 'O3', lat: 51.5, lon: -0.12 });
    run.dataset.ambassadors.push(
      ambassador('A4', { lat: 51.5, lon: -0.12, availability: 'Mon 08:00-18:00' }),
      ambassador('A5', { lat: 51.5, lon: -0.12, availability: 'Tue 08:00-18:00' }),
    );
    run.dataset.requests.push(request('R6', { organisation_id: 'O3', needed: 2 }));
    const row = { request_id: 'R6', filled: 1, needed: 2, nearest_km: 0, funnel: [2, 2, 2, 2, 2, 2] };
    run.unfilled.push({ ...row, reason: 'partially_filled' });
    expect(rulesOf(run)).toEqual([]);
    run.unfilled[run.unfilled.length - 1] = { ...row, reason: 'taken_by_other_requests' };
    expect(rulesOf(run)).toEqual(['wrong_reason']);
    // Once both are free on Mondays, two could share a slot: now partially_filled is wrong.
    change(run.dataset.ambassadors, 'A5', { availability: [{ day: 1, start: 480, end: 1080 }] });
    run.unfilled[run.unfilled.length - 1] = { ...row, reason: 'partially_filled' };
    expect(rulesOf(run)).toEqual(['wrong_reason']);
  });

  it('counts an ambassador at the very edge of range either way, but not one clearly beyond', () => {
    const run = validRun();
    run.dataset.requests.push(request('R6', { key_stage: 'KS5', max_km: km(BEXHILL, HASTINGS) - 0.02 }));
    const row = { request_id: 'R6', reason: 'no_key_stage_match' as const, filled: 0, needed: 1 };
    // A1 (0 km) is surely in range; A2 sits on the limit.
    run.unfilled.push({ ...row, funnel: [1, 1, 1, 1, 0, 0] });
    expect(rulesOf(run)).toEqual([]);
    run.unfilled[run.unfilled.length - 1] = { ...row, funnel: [2, 2, 2, 2, 0, 0] };
    expect(rulesOf(run)).toEqual([]);
    change(run.dataset.requests, 'R6', { max_km: 5 });
    expect(rulesOf(run)).toEqual(['funnel_mismatch']);
  });

  it('flags a nearest_km when nobody anywhere offers the request', () => {
    const run = validRun();
    run.unfilled[0] = { ...run.unfilled[0]!, nearest_km: 12 }; // R3 asks for EYFS
    expect(rulesOf(run)).toEqual(['nearest_km_invalid']);
  });
});

describe('employer volunteering budgets', () => {
  const acme = (run: ReturnType<typeof validRun>, days: number) => {
    change(run.dataset.ambassadors, 'A1', { employer: 'Acme Engineering' });
    run.dataset.employers = [{ employer: 'Acme Engineering', volunteering_days_per_year: days }];
  };

  it('counts existing bookings and this run per academic year, one day per session', () => {
    const run = validRun(); // A1: R1 on 2026-12-07 and an existing booking on 2026-12-09
    acme(run, 2);
    expect(rulesOf(run)).not.toContain('over_employer_budget');
    acme(run, 1);
    expect(rulesOf(run)).toContain('over_employer_budget');
    // A booking in the last academic year (before 1 September 2026) uses last year's days.
    run.dataset.history = [booking('A1', '2026-08-28', '10:00', '11:00')];
    expect(rulesOf(run)).not.toContain('over_employer_budget');
    // An ambassador of an employer without a budget row is not limited.
    run.dataset.employers = [{ employer: 'Other Ltd', volunteering_days_per_year: 0 }];
    run.dataset.history = [booking('A1', '2026-12-09', '10:00', '11:00')];
    expect(rulesOf(run)).not.toContain('over_employer_budget');
  });

  it('accepts employer_budget_exhausted only when a candidate employer has used its days', () => {
    const run = validRun(); // R4's one candidate, A1, holds R1
    changeUnfilled(run, 'R4', { reason: 'employer_budget_exhausted' });
    expect(rulesOf(run)).toContain('wrong_reason'); // A1 has no budgeted employer
    acme(run, 3);
    expect(rulesOf(run)).toContain('wrong_reason'); // 2 of 3 days used
    acme(run, 2);
    expect(rulesOf(run)).not.toContain('wrong_reason'); // both days used: the budget binds
  });
});
