import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ActivityRequest,
  Ambassador,
  Assignment,
  DateRange,
  DEFAULT_POLICY,
  HistoryRecord,
  Hub,
  Instant,
  LocalDate,
  MatchRun,
  Organisation,
  Policy,
  parseRecord,
  personalFields,
  UnfilledRequest,
  ValidationError,
  WeeklyInterval,
} from '../src/index.js';

const errorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
};

const org = {
  id: '136300',
  urn: '136300',
  name: 'The Hastings Academy',
  kind: 'secondary',
  lat: 50.858,
  lon: 0.578,
  hub: 'kent-sussex',
};
const amb = {
  id: 'A1',
  hub: 'kent-sussex',
  lat: 50.85,
  lon: 0.57,
  travel_km: 20,
  in_person: true,
  online: false,
  subjects: ['physics'],
  activity_types: ['talk'],
  key_stages: ['KS3'],
  dbs_status: 'cleared',
  dbs_expires: '2028-01-01',
  availability: [{ day: 1, start: 540, end: 720 }],
  max_per_month: 2,
  name: 'Priya Shah',
  email: 'priya@example.org',
  phone: '07700 900123',
};
const req = {
  id: 'R1',
  organisation_id: '136300',
  hub: 'kent-sussex',
  activity_type: 'careers_talk',
  subjects: ['engineering'],
  key_stage: 'KS4',
  mode: 'in_person',
  needed: 1,
  window_start: '2026-12-07',
  window_end: '2026-12-18',
  times: [{ day: 2, start: 540, end: 900 }],
  duration_min: 60,
  created_at: '2026-11-01T09:00:00+00:00',
};

describe('valid records', () => {
  it('parse, with documented defaults', () => {
    expect(Organisation.parse(org)).toMatchObject({ priority: false, tags: [] });
    expect(Ambassador.parse(amb)).toMatchObject({ unavailable: [] });
    expect(ActivityRequest.parse(req)).toMatchObject({ sessions: 1, every_days: 7, status: 'open' });
    expect(Hub.parse({ id: 'wales', name: 'STEM Cymru' }).regions).toEqual([]);
    expect(
      Assignment.parse({
        request_id: 'R1',
        session: 1,
        ambassador_id: 'A1',
        start: '2026-12-08T10:00:00+00:00',
        end: '2026-12-08T11:00:00+00:00',
        distance_km: 3,
        mode: 'in_person',
      }).status,
    ).toBe('offered');
    expect(
      HistoryRecord.parse({
        organisation_id: '136300',
        ambassador_id: 'A1',
        activity_type: 'talk',
        start: '2026-06-10T10:00:00+01:00',
        end: '2026-06-10T11:00:00+01:00',
        status: 'completed',
        satisfaction: 5,
      }).status,
    ).toBe('completed');
    expect(
      MatchRun.parse({
        id: 'run-1',
        started_at: '2026-11-24T02:00:00+00:00',
        solver: 'engine',
        policy_version: 'x',
        inputs: { organisations: 1, ambassadors: 1, requests: 1, history: 0 },
      }).status,
    ).toBe('finished');
    expect(
      UnfilledRequest.parse({
        request_id: 'R1',
        reason: 'no_common_time',
        filled: 0,
        needed: 1,
        funnel: [1, 1, 1, 1, 1, 0],
      }).reason,
    ).toBe('no_common_time');
  });
});

describe('invalid records name the record, the field, what was given and what was expected', () => {
  it('an unknown category: there is no catch-all "other"', () => {
    const e = errorOf(() =>
      parseRecord(ActivityRequest, { ...req, activity_type: 'other' }, 'request R1 (hub kent-sussex)'),
    );
    expect(e.record).toBe('request R1 (hub kent-sussex)');
    expect(e.problems).toEqual([
      { field: 'activity_type', given: '"other"', expected: expect.stringContaining('expected one of') },
    ]);
    expect(e.message).toMatch(/^request R1 \(hub kent-sussex\) is invalid: activity_type: .*given "other"/);
  });

  it('a window that ends before it starts', () => {
    const e = errorOf(() => parseRecord(ActivityRequest, { ...req, window_end: '2026-12-01' }, 'request R1'));
    expect(e.problems).toEqual([
      { field: 'window_end', given: '"2026-12-01"', expected: 'window_end must be on or after window_start' },
    ]);
  });

  it('coordinates outside the UK', () => {
    const e = errorOf(() =>
      parseRecord(Organisation, { ...org, lat: 48.85, lon: 2.35 }, 'organisation 136300'),
    );
    expect(e.problems.map((p) => [p.field, p.given, p.expected])).toEqual([
      ['lat', '48.85', 'expected a UK latitude (49.8 to 61)'],
      ['lon', '2.35', 'expected a UK longitude (-8.7 to 2)'],
    ]);
  });

  it('unknown keys, including prototype-pollution keys, are refused', () => {
    const e = errorOf(() =>
      parseRecord(Organisation, JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(org).slice(1)}`), 'org'),
    );
    expect(e.problems).toEqual([{ field: '(record)', given: '"__proto__"', expected: 'no such field' }]);
  });

  it('a huge string is shortened in the message', () => {
    const e = errorOf(() => parseRecord(Organisation, { ...org, kind: 'x'.repeat(5000) }, 'org'));
    expect(e.problems[0]!.given).toMatch(/^"xxxx.*… \(5002 characters\)$/);
    expect(e.message.length).toBeLessThan(400);
  });

  it('personal fields are never echoed', () => {
    const e = errorOf(() =>
      parseRecord(
        Ambassador,
        { ...amb, email: `${'x'.repeat(300)}@example.org`, travel_km: -1 },
        'ambassador A1',
        personalFields(Ambassador),
      ),
    );
    expect(e.problems.map((p) => p.field).sort()).toEqual(['email', 'travel_km']);
    expect(e.problems.find((p) => p.field === 'email')!.given).toBe('[personal data withheld]');
    expect(e.message).not.toContain('@example.org');
    expect(personalFields(Ambassador)).toEqual(['name', 'email', 'phone']);
  });

  it('impossible dates, instants, intervals and ranges', () => {
    expect(LocalDate.safeParse('2026-02-30').success).toBe(false);
    expect(LocalDate.safeParse('2026-2-3').error?.issues[0]?.message).toBe('expected a date as YYYY-MM-DD');
    expect(Instant.safeParse('2026-12-08T10:00:00').success).toBe(false);
    expect(WeeklyInterval.safeParse({ day: 8, start: 0, end: 60 }).success).toBe(false);
    expect(WeeklyInterval.safeParse({ day: 1, start: 600, end: 540 }).error?.issues[0]?.message).toBe(
      'an interval must end after it starts',
    );
    expect(DateRange.safeParse({ start: '2027-01-03', end: '2026-12-21' }).error?.issues[0]?.message).toBe(
      'a date range must end on or after its start',
    );
    expect(
      Assignment.safeParse({
        request_id: 'R1',
        session: 0,
        ambassador_id: 'A1',
        start: 'x',
        end: 'y',
        distance_km: -1,
        mode: 'by_post',
      }).error?.issues.length,
    ).toBe(5);
  });

  it('ids are short and plain', () => {
    expect(Hub.safeParse({ id: 'a b', name: 'x' }).error?.issues[0]?.message).toBe(
      'an id uses letters, digits and _ . : / - only',
    );
    expect(Hub.safeParse({ id: 'x'.repeat(65), name: 'x' }).error?.issues[0]?.message).toBe(
      'an id has at most 64 characters',
    );
  });

  it("a hub's id has no ':', so hub:id references cannot collide", () => {
    const e = errorOf(() => parseRecord(ActivityRequest, { ...req, hub: 'kent:sussex' }, 'request R1'));
    expect(e.message).toContain('hub');
    expect(e.message).toContain("a hub id has no ':'");
    expect(Hub.safeParse({ id: 'a:b', name: 'x' }).success).toBe(false);
    // Request and organisation ids may still carry ':' (GIAS-style and hub-local references).
    expect(ActivityRequest.safeParse({ ...req, id: 'R:1' }).success).toBe(true);
  });
});

describe('Policy', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_POLICY).toMatchObject({
      priority_mode: 'strict',
      travel_buffer_min: 30,
      default_max_per_month: 4,
      slot_step_min: 15,
      dbs: { margin_days: 0 },
      quality: { continuity: 3, subject_fit: 1, travel_per_10km: 0.5, load: 0.25 },
    });
  });
  it('keeps other defaults under a partial override, and refuses bad weights', () => {
    const p = Policy.parse({ quality: { continuity: 5 } });
    expect(p.quality).toEqual({ continuity: 5, subject_fit: 1, travel_per_10km: 0.5, load: 0.25 });
    expect(p.travel_buffer_min).toBe(30);
    const bad = Policy.safeParse({ quality: { load: -1 } });
    expect(z.prettifyError(bad.error!)).toContain('quality.load');
  });
});
