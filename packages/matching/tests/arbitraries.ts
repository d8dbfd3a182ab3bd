import type { ActivityRequest, Ambassador, HistoryRecord, Organisation } from '@stem-match/domain';
import fc from 'fast-check';
import type { MatchSnapshot } from '../src/index.js';
import { ambassador, HASTINGS, organisation, request } from './builders.js';

// Small random instances around Hastings with deliberately scarce supply, so requests compete:
// few ambassadors, narrow availability, low capacity, a mix of series and multi-ambassador requests.

const SUBJECTS = ['physics', 'chemistry', 'maths'] as const;
const AVAILABILITY = [
  'Mon-Fri 09:00-12:00',
  'Mon-Fri 13:00-16:00',
  'Mon 09:00-12:00; Wed 13:00-16:00',
  'Tue 09:00-10:30; Thu 14:00-15:30',
];
const HOSTING = ['Mon-Fri 09:00-15:00', 'Mon-Fri 09:00-15:00', 'Mon-Wed 09:00-12:00', 'Wed-Thu 13:00-16:00'];
const DBS_EXPIRY = ['2029-01-01', '2029-01-01', '2029-01-01', '2026-12-10', '2026-12-20'];

const offsetKm = fc.integer({ min: -10, max: 10 }).map((km) => km / 111);

const arbOrganisation = (i: number) =>
  fc
    .record({ dLat: offsetKm, dLon: offsetKm, priority: fc.boolean() })
    .map(
      ({ dLat, dLon, priority }): Organisation =>
        organisation(`O${i}`, { lat: HASTINGS.lat + dLat, lon: HASTINGS.lon + dLon, priority }),
    );

const arbAmbassador = (i: number) =>
  fc
    .record({
      dLat: offsetKm,
      dLon: offsetKm,
      travel_km: fc.constantFrom(8, 20, 40),
      online: fc.boolean(),
      subjects: fc.subarray([...SUBJECTS], { minLength: 2 }),
      availability: fc.constantFrom(...AVAILABILITY),
      dbs: fc.constantFrom('cleared', 'cleared', 'cleared', 'cleared', 'pending' as const),
      expires: fc.constantFrom(...DBS_EXPIRY),
      max_per_month: fc.integer({ min: 1, max: 2 }),
      unavailable: fc.option(fc.integer({ min: 7, max: 18 }), { nil: undefined }),
    })
    .map(
      (a): Ambassador =>
        ambassador(`A${i}`, {
          lat: HASTINGS.lat + a.dLat,
          lon: HASTINGS.lon + a.dLon,
          travel_km: a.travel_km,
          online: a.online,
          subjects: a.subjects,
          availability: a.availability,
          dbs_status: a.dbs,
          dbs_expires: a.expires,
          max_per_month: a.max_per_month,
          unavailable:
            a.unavailable === undefined
              ? []
              : [
                  {
                    start: `2026-12-${String(a.unavailable).padStart(2, '0')}`,
                    end: `2026-12-${String(a.unavailable).padStart(2, '0')}`,
                  },
                ],
        }),
    );

const arbRequest = (i: number, orgCount: number) =>
  fc
    .record({
      org: fc.integer({ min: 0, max: orgCount - 1 }),
      subject: fc.constantFrom(...SUBJECTS),
      mode: fc.constantFrom('in_person', 'in_person', 'online', 'either' as const),
      needed: fc.constantFrom(1, 1, 1, 2),
      sessions: fc.constantFrom(1, 1, 1, 2, 3),
      startDay: fc.integer({ min: 1, max: 10 }),
      length: fc.integer({ min: 0, max: 6 }),
      times: fc.constantFrom(...HOSTING),
      duration: fc.constantFrom(45, 60, 90),
      createdDay: fc.integer({ min: 1, max: 28 }),
      max_km: fc.option(fc.constantFrom(5, 10), { nil: undefined }),
    })
    .map((r): ActivityRequest => {
      const start = r.startDay;
      const end = Math.min(start + r.length, 28);
      return request(`R${i}`, `O${r.org}`, {
        subjects: [r.subject],
        mode: r.mode,
        needed: r.needed,
        sessions: r.sessions,
        every_days: 7,
        window_start: `2026-12-${String(start).padStart(2, '0')}`,
        window_end: `2026-12-${String(end).padStart(2, '0')}`,
        times: r.times,
        duration_min: r.duration,
        created_at: `2026-10-${String(r.createdDay).padStart(2, '0')}T09:00:00+01:00`,
        ...(r.max_km === undefined ? {} : { max_km: r.max_km }),
      });
    });

export function arbSnapshot(sizes: {
  orgs: [number, number];
  ambassadors: [number, number];
  requests: [number, number];
}) {
  return fc
    .record({
      orgs: fc.integer({ min: sizes.orgs[0], max: sizes.orgs[1] }),
      ambassadors: fc.integer({ min: sizes.ambassadors[0], max: sizes.ambassadors[1] }),
      requests: fc.integer({ min: sizes.requests[0], max: sizes.requests[1] }),
    })
    .chain(({ orgs, ambassadors, requests }) =>
      fc.record({
        organisations: fc.tuple(...Array.from({ length: orgs }, (_, i) => arbOrganisation(i))),
        ambassadors: fc.tuple(...Array.from({ length: ambassadors }, (_, i) => arbAmbassador(i))),
        requests: fc.tuple(...Array.from({ length: requests }, (_, i) => arbRequest(i, orgs))),
        known: fc.array(fc.tuple(fc.nat(orgs - 1), fc.nat(ambassadors - 1)), { maxLength: 3 }),
      }),
    )
    .map(
      ({ organisations, ambassadors, requests, known }): MatchSnapshot => ({
        today: '2026-11-24',
        organisations,
        ambassadors,
        requests,
        history: known.map(
          ([o, a]): HistoryRecord => ({
            organisation_id: `O${o}`,
            ambassador_id: `A${a}`,
            activity_type: 'talk',
            start: '2026-06-10T10:00:00+01:00',
            end: '2026-06-10T11:00:00+01:00',
            status: 'completed',
          }),
        ),
      }),
    );
}
