import {
  ActivityRequest,
  Ambassador,
  DEFAULT_POLICY,
  dayNumber,
  type Employer,
  formatLondon,
  HistoryRecord,
  Organisation,
  type Policy,
  weeklyPattern,
} from '@stem-match/domain';
import { getDistance } from 'geolib';
import type { AssignmentRow, UnfilledRow } from '../src/index.js';

// Small hand-made datasets. Places are real towns on the Sussex coast.
export const HASTINGS = { lat: 50.8543, lon: 0.5735 };
export const BEXHILL = { lat: 50.8424, lon: 0.4676 }; // ~7.6 km from Hastings
export const EASTBOURNE = { lat: 50.7684, lon: 0.2905 }; // ~22 km from Hastings
export const LEEDS = { lat: 53.8008, lon: -1.5491 };

export function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  return getDistance({ latitude: a.lat, longitude: a.lon }, { latitude: b.lat, longitude: b.lon }) / 1000;
}

export function organisation(id: string, over: Record<string, unknown> = {}): Organisation {
  return Organisation.parse({
    id,
    name: `School ${id}`,
    kind: 'secondary',
    hub: 'south-east',
    ...HASTINGS,
    ...over,
  });
}

export function ambassador(id: string, over: Record<string, unknown> = {}): Ambassador {
  const { availability = 'Mon-Fri 08:00-18:00', ...rest } = over;
  return Ambassador.parse({
    id,
    hub: 'south-east',
    ...HASTINGS,
    travel_km: 30,
    in_person: true,
    online: false,
    subjects: ['physics', 'maths'],
    activity_types: ['hands_on_practical', 'careers_talk'],
    key_stages: ['KS3', 'KS4'],
    dbs_status: 'cleared',
    dbs_expires: '2029-01-01',
    availability: weeklyPattern(String(availability)),
    unavailable: [],
    max_per_month: 4,
    ...rest,
  });
}

export function request(id: string, over: Record<string, unknown> = {}): ActivityRequest {
  const { times = 'Mon-Fri 09:00-15:00', ...rest } = over;
  return ActivityRequest.parse({
    id,
    organisation_id: 'O1',
    hub: 'south-east',
    activity_type: 'hands_on_practical',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2026-12-07',
    window_end: '2026-12-11',
    times: weeklyPattern(String(times)),
    duration_min: 60,
    created_at: '2026-11-01T09:00:00+00:00',
    ...rest,
  });
}

/** UK wall-clock `date` + `HH:MM` as an instant with its offset. */
export function at(date: string, clock: string): string {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return formatLondon(dayNumber(date), h * 60 + m);
}

export function booking(ambassador_id: string, date: string, from: string, to: string): HistoryRecord {
  return HistoryRecord.parse({
    organisation_id: 'O2',
    ambassador_id,
    activity_type: 'talk',
    start: at(date, from),
    end: at(date, to),
    status: 'accepted',
  });
}

export function row(
  request_id: string,
  session: number,
  ambassador_id: string,
  date: string,
  from: string,
  to: string,
  place: { mode: 'in_person' | 'online'; distance_km: number } = { mode: 'in_person', distance_km: 0 },
): AssignmentRow {
  return { request_id, session, ambassador_id, start: at(date, from), end: at(date, to), ...place };
}

export const TODAY = '2026-11-24';

/** A checker input whose parts tests may change in place. */
export interface Run {
  today: string;
  policy: Policy;
  dataset: {
    organisations: Organisation[];
    ambassadors: Ambassador[];
    requests: ActivityRequest[];
    history: HistoryRecord[];
    employers?: Employer[];
  };
  assignments: AssignmentRow[];
  unfilled: UnfilledRow[];
}

/** Replaces the record with this id by a copy with some fields changed. */
export function change<T extends { id: string }>(list: T[], id: string, over: Partial<T>): void {
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) throw new Error(`no ${id}`);
  list[i] = { ...list[i]!, ...over };
}

/** Changes the assignment rows that match, e.g. all of request R2's session 2. */
export function changeRows(run: Run, match: Partial<AssignmentRow>, over: Partial<AssignmentRow>): void {
  const hits = (r: AssignmentRow) =>
    Object.entries(match).every(([k, v]) => r[k as keyof AssignmentRow] === v);
  if (!run.assignments.some(hits)) throw new Error('no row matches');
  run.assignments = run.assignments.map((r) => (hits(r) ? { ...r, ...over } : r));
}

export function changeUnfilled(run: Run, id: string, over: Partial<UnfilledRow>): void {
  const i = run.unfilled.findIndex((u) => u.request_id === id);
  if (i < 0) throw new Error(`no unfilled ${id}`);
  run.unfilled[i] = { ...run.unfilled[i]!, ...over };
}

/**
 * A run with nothing wrong in it, built by hand:
 * - R1 (one visit) goes to A1, who lives next to the school.
 * - R2 (two ambassadors, two weekly sessions, in person or online) goes to A2 in person from
 *   Bexhill and A3 online from Leeds.
 * - R3 asks for EYFS, which nobody offers: no_key_stage_match.
 * - R4 can only be hosted Monday 7 December 10:00, when its one candidate A1 is at R1:
 *   taken_by_other_requests, taken by R1.
 * - R5 needs three ambassadors in Eastbourne; only A1 and A2 are near: partially_filled.
 */
export function validRun(): Run {
  const o2 = organisation('O2', EASTBOURNE);
  const a2 = ambassador('A2', { ...BEXHILL, online: true, key_stages: ['KS3'] });
  const bexhillToHastings = Math.round(km(BEXHILL, HASTINGS) * 10) / 10;
  return {
    today: TODAY,
    policy: DEFAULT_POLICY,
    dataset: {
      organisations: [organisation('O1'), o2],
      ambassadors: [
        ambassador('A1'),
        a2,
        ambassador('A3', { ...LEEDS, in_person: false, online: true, key_stages: ['KS3'] }),
      ],
      requests: [
        request('R1'),
        request('R2', { needed: 2, sessions: 2, every_days: 7, mode: 'either' }),
        request('R3', { key_stage: 'EYFS' }),
        request('R4', {
          activity_type: 'careers_talk',
          subjects: ['maths'],
          key_stage: 'KS4',
          window_end: '2026-12-07',
          times: 'Mon 10:00-11:00',
        }),
        request('R5', {
          organisation_id: 'O2',
          needed: 3,
          window_start: '2026-12-14',
          window_end: '2026-12-18',
        }),
      ],
      history: [booking('A1', '2026-12-09', '10:00', '11:00')],
    },
    assignments: [
      row('R1', 1, 'A1', '2026-12-07', '10:00', '11:00'),
      row('R2', 1, 'A2', '2026-12-08', '13:00', '14:00', {
        mode: 'in_person',
        distance_km: bexhillToHastings,
      }),
      row('R2', 1, 'A3', '2026-12-08', '13:00', '14:00', { mode: 'online', distance_km: 0 }),
      row('R2', 2, 'A2', '2026-12-15', '13:00', '14:00', {
        mode: 'in_person',
        distance_km: bexhillToHastings,
      }),
      row('R2', 2, 'A3', '2026-12-15', '13:00', '14:00', { mode: 'online', distance_km: 0 }),
    ],
    unfilled: [
      { request_id: 'R3', reason: 'no_key_stage_match', filled: 0, needed: 1, funnel: [2, 2, 2, 2, 0, 0] },
      {
        request_id: 'R4',
        reason: 'taken_by_other_requests',
        filled: 0,
        needed: 1,
        nearest_km: 0,
        funnel: [2, 2, 2, 2, 1, 1],
        taken_by: ['R1'],
      },
      {
        request_id: 'R5',
        reason: 'partially_filled',
        filled: 2,
        needed: 3,
        nearest_km: Math.round(km(BEXHILL, EASTBOURNE) * 10) / 10,
        funnel: [2, 2, 2, 2, 2, 2],
      },
    ],
  };
}
