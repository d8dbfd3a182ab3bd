import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ActivityRequest,
  Ambassador,
  AmbassadorCsvRow,
  RequestCsvRow,
  UnfilledCsvRow,
} from '../src/index.js';

const row = {
  id: 'A1',
  hub: 'kent-sussex',
  lat: '50.85',
  lon: '0.57',
  travel_km: '20',
  in_person: 'true',
  online: 'false',
  subjects: 'physics;maths',
  activity_types: 'talk;careers_talk',
  key_stages: 'KS3;KS4',
  dbs_status: 'cleared',
  dbs_expires: '2028-01-01',
  availability: 'Mon 09:00-12:00; Wed 13:30-16:00',
  unavailable: '2026-12-21..2027-01-03',
  max_per_month: '3',
  employer: '',
  name: '',
  email: '',
  phone: '',
};

describe('CSV row codecs', () => {
  it('decode an ambassadors.csv row into a valid Ambassador and encode it back', () => {
    const decoded = AmbassadorCsvRow.parse(row);
    const ambassador = Ambassador.parse(decoded);
    expect(ambassador).toMatchObject({
      lat: 50.85,
      in_person: true,
      subjects: ['physics', 'maths'],
      max_per_month: 3,
    });
    expect(ambassador.availability).toHaveLength(2);
    expect(ambassador.name).toBeUndefined();
    expect(z.encode(AmbassadorCsvRow, decoded)).toEqual(row);
  });

  it('name the cell and what was expected', () => {
    // Decode the cells first, then the entity, as the dataset loader does.
    const issues = (over: Record<string, string>) => {
      const cells = AmbassadorCsvRow.safeParse({ ...row, ...over });
      const result = cells.success ? Ambassador.safeParse(cells.data) : cells;
      return result.error?.issues.map((i) => [i.path.join('.'), i.message]);
    };
    expect(issues({ travel_km: 'far' })).toEqual([['travel_km', 'expected a number']]);
    expect(issues({ online: 'yes' })).toEqual([['online', 'expected true or false']]);
    expect(issues({ subjects: 'physics;astrology' })?.[0]?.[0]).toBe('subjects.1');
    expect(issues({ availability: 'Mon 9-12' })?.[0]?.[1]).toContain("expected 'Mon 09:00-12:00'");
  });

  it('give requests the entity defaults for empty optional cells', () => {
    const r = RequestCsvRow.pipe(ActivityRequest).parse({
      id: 'R1',
      organisation_id: '136300',
      hub: 'kent-sussex',
      activity_type: 'talk',
      subjects: 'physics',
      key_stage: 'KS3',
      mode: 'either',
      needed: '2',
      window_start: '2026-12-07',
      window_end: '2026-12-18',
      times: 'Mon-Fri 09:00-15:00',
      duration_min: '60',
      sessions: '',
      every_days: '',
      max_km: '',
      created_at: '2026-11-01T09:00:00+00:00',
    });
    expect(r).toMatchObject({ sessions: 1, every_days: 7, needed: 2, status: 'open' });
  });

  it('read and write the unfilled funnel cell', () => {
    const u = UnfilledCsvRow.parse({
      request_id: 'R1',
      reason: 'no_common_time',
      filled: '0',
      needed: '1',
      nearest_km: '',
      funnel: '12;8;8;5;3;0',
    });
    expect(u.funnel).toEqual([12, 8, 8, 5, 3, 0]);
    expect(z.encode(UnfilledCsvRow, u).funnel).toBe('12;8;8;5;3;0');
    expect(
      UnfilledCsvRow.safeParse({ ...z.encode(UnfilledCsvRow, u), funnel: '1;x' }).error?.issues[0]?.message,
    ).toBe('expected counts like 12;8;8;5;3;0');
  });
});
