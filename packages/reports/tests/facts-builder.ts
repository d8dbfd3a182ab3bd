import {
  ActivityRequest,
  Ambassador,
  type Cell,
  type Employer,
  type Hub,
  Organisation,
  type ReportDocument,
  type RequestStatus,
  type StoredExplanation,
  weeklyPattern,
} from '@stem-match/domain';
import type { ActivityFact, OfferFact, ReportSource, RequestFact } from '../src/facts.js';

// Hand-built facts for report tests: every number a test asserts is worked out from these by hand.

export const HUBS: Hub[] = [
  { id: 'south-east', name: 'South East', regions: [] },
  { id: 'north', name: 'North', regions: [] },
];
export const HASTINGS = { lat: 50.8543, lon: 0.5735 };
export const LEEDS = { lat: 53.8008, lon: -1.5491 };

export function org(id: string, over: Partial<Organisation> = {}): Organisation {
  return Organisation.parse({
    id,
    name: `School ${id}`,
    kind: 'secondary',
    hub: 'south-east',
    ...HASTINGS,
    ...over,
  });
}

export function ambassador(id: string, over: Partial<Omit<Ambassador, 'availability'>> = {}): Ambassador {
  return Ambassador.parse({
    id,
    hub: 'south-east',
    ...HASTINGS,
    travel_km: 30,
    in_person: true,
    online: false,
    subjects: ['physics'],
    activity_types: ['talk'],
    key_stages: ['KS3'],
    dbs_status: 'cleared',
    dbs_expires: '2029-01-01',
    availability: weeklyPattern('Mon-Fri 09:00-17:00'),
    max_per_month: 4,
    ...over,
  });
}

export function requestFact(
  id: string,
  organisation_id: string,
  over: {
    status?: RequestStatus;
    explanation?: Omit<StoredExplanation, 'run_id' | 'taken_by'>;
    offers?: OfferFact[];
    request?: Partial<Omit<ActivityRequest, 'times'>>;
  } = {},
): RequestFact {
  const request = ActivityRequest.parse({
    id,
    organisation_id,
    hub: 'south-east',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2026-10-01',
    window_end: '2026-10-31',
    times: weeklyPattern('Mon-Fri 09:00-15:00'),
    duration_min: 60,
    created_at: '2026-09-15T09:00:00+01:00',
    ...over.request,
  });
  return {
    request,
    status: over.status ?? 'open',
    ...(over.explanation ? { explanation: over.explanation } : {}),
    offers: over.offers ?? [],
  };
}

/** An offer of one session at `start` (a UK wall-clock instant), one hour long. */
export function offer(ambassador_id: string, start: string, over: Partial<OfferFact> = {}): OfferFact {
  const end = new Date(new Date(start).getTime() + 3_600_000).toISOString().replace('.000Z', '+00:00');
  return {
    ambassador_id,
    status: 'accepted',
    sessions: [{ session: 1, start, end }],
    distance_km: 5,
    mode: 'in_person',
    ...over,
  };
}

export function activity(
  organisation_id: string,
  ambassador_id: string,
  start: string,
  over: Partial<ActivityFact> = {},
): ActivityFact {
  return {
    organisation_id,
    ambassador_id,
    activity_type: 'talk',
    start,
    end: start,
    status: 'completed',
    ...over,
  };
}

/** A source over arrays, in batches of two so batching is exercised. */
export function memorySource(facts: {
  organisations: Organisation[];
  ambassadors?: Ambassador[];
  requests?: RequestFact[];
  history?: ActivityFact[];
  hubs?: Hub[];
  employers?: Employer[];
}): ReportSource {
  async function* twos<T>(items: readonly T[]): AsyncIterable<readonly T[]> {
    for (let i = 0; i < items.length; i += 2) yield items.slice(i, i + 2);
  }
  return {
    describe: 'test facts',
    hubs: async () => facts.hubs ?? HUBS,
    organisations: async () => facts.organisations,
    ...(facts.employers ? { employers: async () => facts.employers ?? [] } : {}),
    ambassadors: () => twos(facts.ambassadors ?? []),
    // As the store does: offers only for a report that looks at them, and with `withOffersOnly`
    // only requests that hold one — so a report that forgets to say what it reads fails its tests.
    requests: (reads) =>
      twos(
        (facts.requests ?? [])
          .filter((r) => !reads?.withOffersOnly || r.offers.length > 0)
          .map((r) => (reads && !reads.offers && !reads.withOffersOnly ? { ...r, offers: [] } : r)),
      ),
    history: () => twos(facts.history ?? []),
    sizes: async () => ({
      ambassadors: facts.ambassadors?.length ?? 0,
      requests: facts.requests?.length ?? 0,
      history: facts.history?.length ?? 0,
    }),
  };
}

/** A table of a report as objects keyed by column, for readable assertions. */
export function rowsOf(doc: ReportDocument, id: string): Array<Record<string, Cell>> {
  const t = doc.sections.flatMap((s) => s.tables).find((x) => x.id === id);
  if (!t)
    throw new Error(
      `no table ${id} in ${doc.report}: ${doc.sections.flatMap((s) => s.tables.map((x) => x.id)).join(', ')}`,
    );
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.key, r[i] ?? null])));
}

// Facts that give every report something to draw: two hubs, unmet and filled requests, a series,
// history over three months, an ambassador whose DBS check lapses soon.
export const everyReportFacts = memorySource({
  organisations: [
    org('A', { priority: true, postcode: 'TN34 1AB', tags: ['rural'] }),
    org('B', { kind: 'primary', hub: 'north', ...LEEDS }),
    org('C', { lat: 51.5074, lon: -0.1278 }),
    org('D', { kind: 'primary' }),
    org('E', { kind: 'college', hub: 'north', ...LEEDS }),
  ],
  ambassadors: [
    ambassador('x'),
    ambassador('y', { hub: 'north', ...LEEDS }),
    ambassador('z', { dbs_expires: '2026-12-20' }),
  ],
  requests: [
    requestFact('r1', 'A', {
      status: 'unfilled',
      explanation: {
        reason: 'no_subject_match',
        filled: 0,
        needed: 1,
        nearest_km: 12.5,
        funnel: [3, 3, 0, 0, 0, 0],
      },
    }),
    requestFact('r2', 'B', { request: { hub: 'north', window_end: '2026-12-20' } }),
    requestFact('r3', 'C', { status: 'confirmed', offers: [offer('x', '2026-10-07T10:00:00+01:00')] }),
    requestFact('r4', 'D', {
      status: 'confirmed',
      request: { sessions: 2, every_days: 7 },
      offers: [
        {
          ...offer('z', '2026-10-08T10:00:00+01:00', {
            status: 'completed',
            volunteer_hours: 2,
            participants: 20,
          }),
          sessions: [
            { session: 1, start: '2026-10-08T10:00:00+01:00', end: '2026-10-08T11:00:00+01:00' },
            { session: 2, start: '2026-10-15T10:00:00+01:00', end: '2026-10-15T11:00:00+01:00' },
          ],
        },
      ],
    }),
  ],
  history: [
    activity('A', 'x', '2026-09-20T10:00:00+01:00', {
      volunteer_hours: 2,
      participants: 25,
      satisfaction: 4,
    }),
    activity('B', 'y', '2026-10-14T10:00:00+01:00', { volunteer_hours: 3, participants: 30 }),
    activity('E', 'y', '2026-10-21T10:00:00+01:00', { volunteer_hours: 1, participants: 10 }),
    activity('C', 'x', '2026-11-04T10:00:00+00:00', { volunteer_hours: 1, participants: 12 }),
  ],
});
