import type { Ambassador } from '@stem-match/domain';
import type { MatchSnapshot } from '@stem-match/matching';
import fc from 'fast-check';
import { ambassador, HASTINGS, LEEDS, organisation, request, snapshot } from './builders.js';

// Small random instances in two towns far apart (Hastings and Leeds), so some parts of a run are out
// of every recruit's reach; supply is scarce, so requests compete and recruits change outcomes.

const SUBJECTS = ['physics', 'chemistry', 'maths'] as const;
const ACTIVITIES = ['hands_on_practical', 'careers_talk', 'talk'] as const;
const STAGES = ['KS2', 'KS3', 'KS4'] as const;
const AVAILABILITY = ['Mon-Fri 09:00-12:00', 'Mon-Fri 13:00-16:00', 'Mon 09:00-12:00; Wed 13:00-16:00'];
const HOSTING = ['Mon-Fri 09:00-15:00', 'Mon-Wed 09:00-12:00', 'Wed-Thu 13:00-16:00'];

const near = (town: { lat: number; lon: number }) =>
  fc
    .record({ dLat: fc.integer({ min: -12, max: 12 }), dLon: fc.integer({ min: -12, max: 12 }) })
    .map(({ dLat, dLon }) => ({ lat: town.lat + dLat / 111, lon: town.lon + dLon / 70 }));
const town = fc.constantFrom(HASTINGS, LEEDS).chain(near);

// Recruits offer more than most (two or three of each), so they often change something.
const offers = (least: number) =>
  fc.record({
    subjects: fc.subarray([...SUBJECTS], { minLength: least }),
    activity_types: fc.subarray([...ACTIVITIES], { minLength: least }),
    key_stages: fc.subarray([...STAGES], { minLength: least }),
  });

const arbAmbassador = (id: string, where: fc.Arbitrary<{ lat: number; lon: number }>, online: boolean) =>
  fc
    .record({
      where,
      offers: offers(online ? 1 : 2),
      travel_km: fc.constantFrom(8, 15, 25),
      delivery: online ? fc.constantFrom('in_person', 'both', 'online') : fc.constant('in_person'),
      availability: fc.constantFrom(...AVAILABILITY),
      max_per_month: fc.integer({ min: 1, max: 2 }),
    })
    .map(
      (a): Ambassador =>
        ambassador(id, {
          ...a.where,
          ...a.offers,
          travel_km: a.travel_km,
          in_person: a.delivery !== 'online',
          online: a.delivery !== 'in_person',
          availability: a.availability,
          max_per_month: a.max_per_month,
        }),
    );

const arbRequest = (i: number, orgs: number) =>
  fc
    .record({
      org: fc.nat(orgs - 1),
      subject: fc.constantFrom(...SUBJECTS),
      activity: fc.constantFrom(...ACTIVITIES),
      stage: fc.constantFrom(...STAGES),
      mode: fc.constantFrom('in_person', 'in_person', 'either', 'online' as const),
      needed: fc.constantFrom(1, 1, 2),
      sessions: fc.constantFrom(1, 1, 2),
      start: fc.integer({ min: 1, max: 14 }),
      length: fc.integer({ min: 0, max: 7 }),
      times: fc.constantFrom(...HOSTING),
    })
    .map((r) =>
      request(`R${i}`, `O${r.org}`, {
        subjects: [r.subject],
        activity_type: r.activity,
        key_stage: r.stage,
        mode: r.mode,
        needed: r.needed,
        sessions: r.sessions,
        every_days: 7,
        window_start: `2026-12-${String(r.start).padStart(2, '0')}`,
        window_end: `2026-12-${String(r.start + r.length).padStart(2, '0')}`,
        times: r.times,
      }),
    );

/** A snapshot in two towns; requests and ambassadors in both. */
export const arbSnapshot: fc.Arbitrary<MatchSnapshot> = fc
  .record({
    orgs: fc.integer({ min: 2, max: 6 }),
    ambassadors: fc.integer({ min: 1, max: 8 }),
    requests: fc.integer({ min: 4, max: 14 }),
  })
  .chain(({ orgs, ambassadors, requests }) =>
    fc.record({
      organisations: fc.tuple(
        ...Array.from({ length: orgs }, (_, i) =>
          fc
            .record({ where: town, priority: fc.boolean() })
            .map(({ where, priority }) => organisation(`O${i}`, { ...where, priority })),
        ),
      ),
      ambassadors: fc.tuple(
        ...Array.from({ length: ambassadors }, (_, i) => arbAmbassador(`A${i}`, town, true)),
      ),
      requests: fc.tuple(...Array.from({ length: requests }, (_, i) => arbRequest(i, orgs))),
    }),
  )
  .map((parts) => snapshot(parts));

/** One to three recruits near a town, Hastings by default (in person only, as the what-if makes them). */
export const arbRecruits = (prefix: string, where = HASTINGS): fc.Arbitrary<Ambassador[]> =>
  fc
    .integer({ min: 1, max: 3 })
    .chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) => arbAmbassador(`${prefix}-${i + 1}`, near(where), false)),
      ),
    );
