import {
  type ActivityRequest,
  type Dataset,
  dayNumber,
  dayToDate,
  isoWeekday,
  type Organisation,
  toLondonWallClock,
} from '@stem-match/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateDataset,
  isHoliday,
  isSchoolDay,
  monthlyDemandIndex,
  nationOf,
  schoolHolidays,
} from '../src/index.js';

const nationOfOrg = (o: Organisation | undefined) => nationOf(o?.region);

/** Requests starting in [from, to], per school day (England and Wales) in that span. */
function startsPerSchoolDay(requests: readonly ActivityRequest[], from: string, to: string): number {
  const [a, b] = [dayNumber(from), dayNumber(to)];
  let days = 0;
  for (let d = a; d <= b; d++) if (isSchoolDay(d, 'england_wales')) days++;
  return requests.filter((r) => r.window_start >= from && r.window_start <= to).length / days;
}

/** Open requests of organisations in England and Wales only, so one calendar applies. */
function inEnglandAndWales(d: Dataset, test: (r: ActivityRequest) => boolean = () => true) {
  const orgs = new Map(d.organisations.map((o) => [o.id, o]));
  return d.requests.filter((r) => nationOfOrg(orgs.get(r.organisation_id)) === 'england_wales' && test(r));
}

describe('school calendar', () => {
  it('has the typical holidays of each nation', () => {
    const england = Object.fromEntries(
      schoolHolidays('england_wales', 2026).map((h) => [h.name, [h.start, h.end]]),
    );
    expect(england).toEqual({
      october: ['2026-10-26', '2026-11-01'],
      christmas: ['2026-12-21', '2027-01-03'],
      february: ['2027-02-15', '2027-02-21'],
      // Easter Sunday 2027 is 28 March: an early Easter, so the holidays start on Easter Monday.
      easter: ['2027-03-29', '2027-04-11'],
      may: ['2027-05-31', '2027-06-06'],
      summer: ['2027-07-22', '2027-09-02'],
    });
    // Easter Sunday 2026 is 5 April: the holidays hold the week before and the week after.
    expect(schoolHolidays('england_wales', 2025).find((h) => h.name === 'easter')).toMatchObject({
      start: '2026-03-30',
      end: '2026-04-12',
    });
    const summer = (n: 'scotland' | 'northern_ireland') =>
      schoolHolidays(n, 2026).find((h) => h.name === 'summer');
    expect(summer('scotland')).toMatchObject({ start: '2027-06-26', end: '2027-08-16' });
    expect(summer('northern_ireland')).toMatchObject({ start: '2027-07-01', end: '2027-08-31' });
    expect(isSchoolDay(dayNumber('2026-12-18'), 'england_wales')).toBe(true);
    expect(isSchoolDay(dayNumber('2026-12-19'), 'england_wales')).toBe(false); // a Saturday
    expect(isHoliday(dayNumber('2026-12-23'), 'england_wales')).toBe(true);
    expect(isHoliday(dayNumber('2027-07-05'), 'scotland')).toBe(true);
    expect(isHoliday(dayNumber('2027-07-05'), 'england_wales')).toBe(false);
  });

  it('puts March at the top and the exam season at the bottom of the demand index', () => {
    const months = ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06'];
    const index = (ks: 'KS3' | 'KS4', m: string) =>
      monthlyDemandIndex(m, 'england_wales', ks, 'hands_on_practical');
    const ks3 = months.map((m) => index('KS3', m));
    expect(Math.max(...ks3)).toBe(index('KS3', '2027-03'));
    expect(index('KS4', '2027-06')).toBeLessThan(0.5 * index('KS3', '2027-06'));
    expect(monthlyDemandIndex('2027-08', 'england_wales', 'KS3', 'talk')).toBe(0);
  });
});

describe('seasonal history (national, a year back from 24 November 2026)', () => {
  let d: Dataset;
  let orgs: Map<string, Organisation>;
  beforeAll(() => {
    d = generateDataset({ scale: 'national', seed: 1, today: '2026-11-24' });
    orgs = new Map(d.organisations.map((o) => [o.id, o]));
  }, 60_000);

  const dayOf = (start: string) => toLondonWallClock(start).day;

  it('has no session in a school holiday or at a weekend, past or booked', () => {
    const off = d.history.filter((h) => {
      const day = dayOf(h.start);
      return isoWeekday(day) > 5 || isHoliday(day, nationOfOrg(orgs.get(h.organisation_id)));
    });
    expect(off).toEqual([]);
    // England's and Wales's summer holiday covers August (Scotland's schools are back by the 17th).
    const inEngland = (h: (typeof d.history)[number]) =>
      nationOfOrg(orgs.get(h.organisation_id)) === 'england_wales';
    expect(d.history.filter((h) => inEngland(h) && h.start.startsWith('2026-08'))).toEqual([]);
    expect(d.history.some((h) => h.status === 'accepted')).toBe(true);
  });

  it('peaks in March and dips for secondary schools and colleges in the exam season', () => {
    const perSchoolDay = new Map<string, number>();
    for (const h of d.history) {
      const month = dayToDate(dayOf(h.start)).slice(0, 7);
      perSchoolDay.set(month, (perSchoolDay.get(month) ?? 0) + 1);
    }
    const term = ['2026-01', '2026-02', '2026-04', '2026-05', '2026-06', '2026-10'];
    const schoolDays = (m: string) => {
      let n = 0;
      for (let day = dayNumber(`${m}-01`); dayToDate(day).startsWith(m); day++)
        if (isSchoolDay(day, 'england_wales')) n++;
      return n;
    };
    const rate = (m: string) => (perSchoolDay.get(m) ?? 0) / schoolDays(m);
    const others = term.map(rate);
    expect(rate('2026-03')).toBeGreaterThan(1.3 * (others.reduce((s, x) => s + x, 0) / others.length));
    expect(Math.max(...perSchoolDay.values())).toBe(perSchoolDay.get('2026-03'));
    // KS4 and KS5 are taught at secondary schools and colleges: their share falls in the exams.
    const share = (from: string, to: string) => {
      const xs = d.history.filter((h) => h.start.slice(0, 10) >= from && h.start.slice(0, 10) <= to);
      const kind = (h: (typeof xs)[number]) => orgs.get(h.organisation_id)!.kind;
      return xs.filter((h) => kind(h) === 'secondary' || kind(h) === 'college').length / xs.length;
    };
    expect(share('2026-05-11', '2026-06-25')).toBeLessThan(0.8 * share('2026-01-05', '2026-02-13'));
  });
});

describe('seasonal open requests', () => {
  it('crowd into British Science Week, with more events and competitions', { timeout: 60_000 }, () => {
    const d = generateDataset({ scale: 'national', seed: 3, today: '2027-02-01', factor: 0.5 });
    const requests = inEnglandAndWales(d);
    // British Science Week 2027: 5–14 March.
    const week = startsPerSchoolDay(requests, '2027-03-05', '2027-03-14');
    const before = startsPerSchoolDay(requests, '2027-02-22', '2027-03-04');
    expect(week).toBeGreaterThan(1.5 * before);
    const events = (r: ActivityRequest) =>
      r.activity_type === 'exhibition_or_event' || r.activity_type === 'competition';
    const inWeek = requests.filter((r) => r.window_start >= '2027-03-05' && r.window_start <= '2027-03-14');
    const outside = requests.filter((r) => !inWeek.includes(r));
    const eventShare = (rs: ActivityRequest[]) => rs.filter(events).length / rs.length;
    expect(eventShare(inWeek)).toBeGreaterThan(1.5 * eventShare(outside));
  });

  it('thin out for KS4 and KS5 in the exam season, not for KS3', { timeout: 60_000 }, () => {
    const d = generateDataset({ scale: 'national', seed: 3, today: '2027-04-19', factor: 0.5 });
    const exams = inEnglandAndWales(d, (r) => r.key_stage === 'KS4' || r.key_stage === 'KS5');
    const ks3 = inEnglandAndWales(d, (r) => r.key_stage === 'KS3');
    const ratio = (rs: ActivityRequest[]) =>
      startsPerSchoolDay(rs, '2027-05-10', '2027-06-25') / startsPerSchoolDay(rs, '2027-04-26', '2027-05-07');
    expect(ratio(exams)).toBeLessThan(0.5);
    expect(ratio(ks3)).toBeGreaterThan(0.7);
    expect(ratio(ks3)).toBeLessThan(1.4);
  });

  it('keep every window, and every session of a series, out of the holidays', { timeout: 120_000 }, () => {
    for (const today of ['2026-11-24', '2027-02-01', '2027-06-20']) {
      const d = generateDataset({ scale: 'national', seed: 4, today, factor: 0.3 });
      const orgs = new Map(d.organisations.map((o) => [o.id, o]));
      const clashes = d.requests.filter((r) => {
        const nation = nationOfOrg(orgs.get(r.organisation_id));
        const last = dayNumber(r.window_end) + (r.sessions - 1) * r.every_days;
        for (let day = dayNumber(r.window_start); day <= last; day++) if (isHoliday(day, nation)) return true;
        return !isSchoolDay(dayNumber(r.window_start), nation);
      });
      expect(clashes.map((r) => r.id)).toEqual([]);
      expect(d.requests.length).toBe(Math.round(5000 * 0.3));
    }
  });
});
