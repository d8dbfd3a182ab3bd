import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dataset, dayNumber, weeklyPattern } from '@stem-match/domain';
import { distanceKm } from '@stem-match/geo';
import { afterAll, describe, expect, it } from 'vitest';
import {
  importGias,
  kindOf,
  loadAmbassadors,
  loadDataset,
  loadEmployers,
  loadHubs,
  loadRequests,
  readCsvFile,
  readRunOutputs,
  writeCsvFile,
  writeDataset,
  writeRunOutputs,
} from '../src/index.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const tmp = mkdtempSync(join(tmpdir(), 'stem-dataset-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe('GIAS import', async () => {
  const hubs = (await loadHubs(fixture('hubs.csv'))).records;
  const result = await importGias(fixture('gias-extract.csv'), { hubs, priorityUrns: new Set(['136300']) });
  const byId = new Map(result.organisations.map((o) => [o.id, o]));

  it('reads a Windows-1252 export with accented names', () => {
    expect(byId.get('133200')?.name).toBe('Ysgol Gymraeg Caerdydd — Ysgol Gynradd Gymraeg Pwll Coch');
    expect(byId.get('114504')?.name).toContain('café');
  });

  it('maps phase and type to kinds', () => {
    expect(
      Object.fromEntries(
        ['114500', '136300', '114600', '130900', '140100', 'NS-00012'].map((id) => [id, byId.get(id)?.kind]),
      ),
    ).toEqual({
      '114500': 'primary',
      '136300': 'secondary',
      '114600': 'special',
      '130900': 'college',
      '140100': 'secondary',
      'NS-00012': 'non_school',
    });
    expect(kindOf('Other independent school', 'Not applicable', '11', '18')).toBe('secondary');
    expect(kindOf('Other independent school', 'Not applicable', '3', '11')).toBe('primary');
  });

  it('converts Easting/Northing to WGS84 (the school lands in Hastings)', () => {
    const school = byId.get('136300')!;
    expect(distanceKm(school.lat, school.lon, 50.8543, 0.5735)).toBeLessThan(3);
    const welsh = byId.get('133200')!;
    expect(distanceKm(welsh.lat, welsh.lon, 51.4816, -3.1791)).toBeLessThan(5);
  });

  it('skips closed, not-yet-open and out-of-scope establishments with counts', () => {
    expect(result.skipped).toEqual({ closed: 1, 'proposed to open': 1, 'Higher education institutions': 1 });
    expect(byId.has('114501')).toBe(false);
  });

  it('reports a missing coordinate and an unknown phase with line, column and value', () => {
    expect(result.problems.map((p) => [p.line, p.column, p.given])).toEqual([
      [8, 'Easting', '""'],
      [9, 'PhaseOfEducation (name)', '"Middle deemed tertiary"'],
    ]);
    expect(result.problems[1]!.expected).toContain('a phase GIAS publishes');
  });

  it('takes Priority from the column or the URN list, and the hub from the region', () => {
    expect(byId.get('114500')?.priority).toBe(true);
    expect(byId.get('136300')?.priority).toBe(true);
    expect(byId.get('114600')?.priority).toBe(false);
    expect(byId.get('133200')?.hub).toBe('wales');
    expect(result.organisations).toHaveLength(8);
  });
});

const AMB_HEADER =
  'id,hub,lat,lon,travel_km,in_person,online,subjects,activity_types,key_stages,dbs_status,dbs_expires,availability,unavailable,max_per_month,name,email';
const amb = (id: string, over: Record<string, string> = {}) => {
  const cells: Record<string, string> = {
    id,
    hub: 'kent-sussex',
    lat: '50.85',
    lon: '0.57',
    travel_km: '20',
    in_person: 'true',
    online: 'false',
    subjects: 'physics;maths',
    activity_types: 'talk',
    key_stages: 'KS3;KS4',
    dbs_status: 'cleared',
    dbs_expires: '2028-01-01',
    availability: 'Mon 09:00-12:00; Wed 13:30-16:00',
    unavailable: '2026-12-21..2027-01-03',
    max_per_month: '3',
    name: 'Jo Bloggs',
    email: 'jo@example.org',
    ...over,
  };
  return AMB_HEADER.split(',')
    .map((c) => (cells[c]!.includes(',') ? `"${cells[c]}"` : cells[c]))
    .join(',');
};

describe('ambassadors.csv with bad rows', () => {
  it('reports each bad cell with file, line, column, value and reason, and keeps the good rows', async () => {
    const path = write(
      'ambassadors.csv',
      [
        AMB_HEADER,
        amb('A1'),
        amb('A2', { subjects: 'physics;astrology' }),
        amb('A3', { dbs_expires: '2026-02-30' }),
        amb('A4', { availability: 'Mon 9-12' }),
        amb('A1'),
        amb('A5', { email: 'not personal in an error', travel_km: 'far' }),
        amb('A6'),
      ].join('\n'),
    );
    const { records, problems } = await loadAmbassadors(path);
    expect(records.map((r) => r.id)).toEqual(['A1', 'A6']);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'subjects'],
      [4, 'dbs_expires'],
      [5, 'availability'],
      [6, 'id'],
      [7, 'travel_km'],
    ]);
    expect(problems[0]!.given).toBe('"physics;astrology"');
    expect(problems[2]!.expected).toContain("expected 'Mon 09:00-12:00'");
    expect(problems[3]!.expected).toContain('already used on line 2');
    expect(JSON.stringify(problems)).not.toContain('Jo Bloggs');
  });

  it('names missing columns once and reads no row', async () => {
    const path = write('no-dbs.csv', `id,hub,lat,lon\nA1,x,50,0\n`);
    const { records, problems } = await loadAmbassadors(path);
    expect(records).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.column).toContain('dbs_status');
  });

  it('survives broken quoting: one bad line costs one row', async () => {
    const path = write(
      'broken.csv',
      [AMB_HEADER, amb('A1'), amb('A2').replace('Jo Bloggs', '"Jo "Bloggs'), amb('A3')].join('\n'),
    );
    const { records, problems } = await loadAmbassadors(path);
    expect(records.map((r) => r.id)).toEqual(['A1', 'A3']);
    expect(problems[0]).toMatchObject({ line: 3, column: '(row)' });
  });

  it('keeps rows whose quoted cells hold line breaks when another row has broken quoting', async () => {
    const path = write(
      'multiline.csv',
      [
        AMB_HEADER,
        amb('A1', { name: '"Jo\r\nBloggs"' }),
        amb('A2').replace('Jo Bloggs', '"Jo "Bloggs'),
        amb('A3', { name: '"an unclosed quote' }),
        amb('A4', { name: '"Three\nline\nname"' }),
      ].join('\r\n'),
    );
    const { records, problems } = await loadAmbassadors(path);
    expect(records.map((r) => r.id)).toEqual(['A1', 'A4']);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [4, '(row)'],
      [5, '(row)'],
    ]);
  });

  it('reads UTF-8 with a byte-order mark', async () => {
    const path = write(
      'bom.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([AMB_HEADER, amb('A1')].join('\n'))]),
    );
    expect((await loadAmbassadors(path)).records.map((r) => r.id)).toEqual(['A1']);
  });

  it('refuses a file over the size limit with a clear error', async () => {
    const path = write('big.csv', 'a,b\n'.repeat(1000));
    await expect(readCsvFile(path, { maxBytes: 100 })).rejects.toThrow(
      /big\.csv is 4,000 bytes, over the limit of 100/,
    );
  });
});

describe('employers.csv', () => {
  it('reads budgets, and reports a bad day count and an employer named twice with line and column', async () => {
    const path = write(
      'employers.csv',
      [
        'employer,volunteering_days_per_year',
        'Acme Engineering,10',
        'Beta Ltd,-1',
        '"Gamma, Sons & Co",2.5',
        'Acme Engineering,3',
        'Delta plc,0',
      ].join('\n'),
    );
    const { records, problems } = await loadEmployers(path);
    expect(records).toEqual([
      { employer: 'Acme Engineering', volunteering_days_per_year: 10 },
      { employer: 'Delta plc', volunteering_days_per_year: 0 },
    ]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'volunteering_days_per_year'],
      [4, 'volunteering_days_per_year'],
      [5, 'employer'],
    ]);
    expect(problems[2]!.expected).toContain('already used on line 2');
  });

  it('is optional: a dataset without it has no employers', async () => {
    const dir = join(tmp, 'no-employers');
    await writeDataset(dir, {
      hubs: [{ id: 'h', name: 'H', regions: [] }],
      organisations: [],
      ambassadors: [],
      requests: [],
      history: [],
    });
    const loaded = await loadDataset(dir);
    expect(loaded.problems).toEqual([]);
    expect(loaded.dataset.employers).toBeUndefined();
  });
});

describe('requests.csv', () => {
  it('applies cross-field rules and defaults', async () => {
    const header =
      'id,organisation_id,hub,activity_type,subjects,key_stage,mode,needed,window_start,window_end,times,duration_min,sessions,every_days,created_at';
    const path = write(
      'requests.csv',
      [
        header,
        'R1,114500,kent-sussex,careers_talk,engineering,KS2,in_person,1,2026-12-07,2026-12-18,Mon-Fri 09:00-15:00,60,,,2026-11-01T09:00:00+00:00',
        'R2,114500,kent-sussex,other,engineering,KS2,in_person,1,2026-12-07,2026-12-18,Mon-Fri 09:00-15:00,60,,,2026-11-01T09:00:00+00:00',
        'R3,114500,kent-sussex,talk,physics,KS2,in_person,1,2026-12-18,2026-12-07,Mon-Fri 09:00-15:00,60,,,2026-11-01T09:00:00+00:00',
      ].join('\n'),
    );
    const { records, problems } = await loadRequests(path);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ sessions: 1, every_days: 7, status: 'open' });
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'activity_type'],
      [4, 'window_end'],
    ]);
  });
});

describe('round trips', () => {
  const times = weeklyPattern('Mon-Fri 09:00-15:00');
  const dataset: Dataset = {
    hubs: [{ id: 'kent-sussex', name: 'Kent and Sussex', regions: ['South East'] }],
    organisations: [
      {
        id: '136300',
        urn: '136300',
        name: 'The Hastings Academy',
        kind: 'secondary',
        lat: 50.8583,
        lon: 0.5781,
        hub: 'kent-sussex',
        priority: true,
        tags: ['coastal'],
        pupils: 1050,
        region: 'South East',
        postcode: 'TN34 2LX',
      },
      {
        id: 'NS-00012',
        name: 'Ore Valley Youth Club',
        kind: 'non_school',
        lat: 50.87,
        lon: 0.6,
        hub: 'kent-sussex',
        priority: false,
        tags: [],
        region: 'South East',
      },
    ],
    ambassadors: [
      {
        id: 'A1',
        hub: 'kent-sussex',
        lat: 50.85,
        lon: 0.57,
        travel_km: 20,
        in_person: true,
        online: true,
        subjects: ['physics'],
        activity_types: ['talk'],
        key_stages: ['KS3'],
        dbs_status: 'cleared',
        dbs_expires: '2028-01-01',
        availability: times,
        unavailable: [{ start: '2026-12-21', end: '2027-01-03' }],
        max_per_month: 2,
        employer: 'Hastings Engineering Ltd',
        name: 'Jo',
      },
    ],
    requests: [
      {
        id: 'R1',
        organisation_id: '136300',
        hub: 'kent-sussex',
        activity_type: 'talk',
        subjects: ['physics'],
        key_stage: 'KS3',
        mode: 'either',
        needed: 2,
        window_start: '2026-12-07',
        window_end: '2026-12-18',
        times: times,
        duration_min: 60,
        sessions: 3,
        every_days: 7,
        created_at: '2026-11-01T09:00:00+00:00',
        status: 'open',
      },
    ],
    history: [
      {
        organisation_id: '136300',
        ambassador_id: 'A1',
        activity_type: 'talk',
        start: '2026-06-10T10:00:00+01:00',
        end: '2026-06-10T11:00:00+01:00',
        status: 'completed',
        volunteer_hours: 1,
        participants: 30,
        satisfaction: 5,
      },
    ],
    employers: [{ employer: 'Hastings Engineering Ltd', volunteering_days_per_year: 5 }],
  };

  it('writeDataset then loadDataset gives the dataset back (coordinates to the metre)', async () => {
    const dir = join(tmp, 'round');
    await writeDataset(dir, dataset);
    expect(readFileSync(join(dir, 'organisations.csv'), 'utf8').split('\n')[0]).toContain(
      'TypeOfEstablishment (name)',
    );
    const loaded = await loadDataset(dir);
    expect(loaded.problems).toEqual([]);
    const { organisations, ...rest } = loaded.dataset;
    const { organisations: expectedOrgs, ...expectedRest } = dataset;
    expect(rest).toEqual(expectedRest);
    organisations.forEach((o, i) => {
      const { lat, lon, ...fields } = o;
      const { lat: eLat, lon: eLon, ...expected } = expectedOrgs[i]!;
      expect(fields).toEqual(expected);
      expect(Math.abs(lat - eLat) * 111_000).toBeLessThan(5);
      expect(Math.abs(lon - eLon) * 70_000).toBeLessThan(5);
    });
  });

  it('flags a request whose organisation or hub is unknown', async () => {
    const dir = join(tmp, 'refs');
    await writeDataset(dir, {
      ...dataset,
      requests: [...dataset.requests, { ...dataset.requests[0]!, id: 'R2', organisation_id: '999999' }],
    });
    const loaded = await loadDataset(dir);
    expect(loaded.dataset.requests.map((r) => r.id)).toEqual(['R1']);
    expect(loaded.problems).toMatchObject([{ file: 'requests.csv', line: 3, column: 'organisation_id' }]);
  });

  it('writes and reads run outputs', async () => {
    const dir = join(tmp, 'run');
    await writeRunOutputs(dir, {
      assignments: [
        {
          request_id: 'R1',
          session: 1,
          ambassador_id: 'A1',
          start: '2026-12-07T10:00:00+00:00',
          end: '2026-12-07T11:00:00+00:00',
          distance_km: 1.234,
          mode: 'in_person',
          score: { total: 1 },
        },
      ],
      unfilled: [
        {
          request_id: 'R2',
          reason: 'no_common_time',
          filled: 0,
          needed: 1,
          funnel: [3, 3, 2, 2, 2, 0],
          taken_by: [],
        },
      ],
      summary: { today: '2026-11-24' },
    });
    const back = await readRunOutputs(dir);
    expect(back.problems).toEqual([]);
    expect(back.assignments[0]).toMatchObject({ request_id: 'R1', distance_km: 1.234 });
    expect(back.unfilled[0]).toEqual({
      request_id: 'R2',
      reason: 'no_common_time',
      filled: 0,
      needed: 1,
      funnel: [3, 3, 2, 2, 2, 0],
    });
    expect(back.summary).toEqual({ today: '2026-11-24' });
  });

  it('neutralises spreadsheet formulas when asked', async () => {
    const path = join(tmp, 'report.csv');
    await writeCsvFile(path, ['name'], [{ name: '=HYPERLINK("x")' }, { name: '+1' }, { name: 'plain' }], {
      neutraliseFormulas: true,
    });
    expect(readFileSync(path, 'utf8')).toBe('name\n"\'=HYPERLINK(""x"")"\n\'+1\nplain\n');
    expect(dayNumber('2026-11-24')).toBeGreaterThan(0);
  });
});
