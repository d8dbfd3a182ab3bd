import {
  type ActivityRequest,
  ActivityRequest as ActivityRequestSchema,
  type Ambassador,
  Ambassador as AmbassadorSchema,
  type Organisation,
  Organisation as OrganisationSchema,
  weeklyPattern,
} from '@stem-match/domain';
import type { MatchSnapshot } from '@stem-match/matching';

// Small, readable instances. Places are real: Hastings and its neighbours, and Leeds far away.
export const HASTINGS = { lat: 50.8543, lon: 0.5735 };
export const BEXHILL = { lat: 50.8424, lon: 0.4676 }; // ~7.5 km west of Hastings
export const RYE = { lat: 50.9497, lon: 0.734 }; // ~15 km north-east of Hastings
export const EASTBOURNE = { lat: 50.7684, lon: 0.2905 }; // ~22 km west of Hastings
export const LEEDS = { lat: 53.8008, lon: -1.5491 };
export const TODAY = '2026-11-24';

export function organisation(id: string, over: Partial<Organisation> = {}): Organisation {
  return OrganisationSchema.parse({
    id,
    name: `School ${id}`,
    kind: 'secondary',
    hub: 'south-east',
    ...HASTINGS,
    ...over,
  });
}

export function ambassador(
  id: string,
  over: Partial<Omit<Ambassador, 'availability'>> & { availability?: string } = {},
): Ambassador {
  const { availability = 'Mon-Fri 08:00-18:00', ...rest } = over;
  return AmbassadorSchema.parse({
    id,
    hub: 'south-east',
    ...HASTINGS,
    travel_km: 30,
    in_person: true,
    online: false,
    subjects: ['physics', 'chemistry'],
    activity_types: ['hands_on_practical', 'careers_talk'],
    key_stages: ['KS3', 'KS4'],
    dbs_status: 'cleared',
    dbs_expires: '2029-01-01',
    availability: weeklyPattern(availability),
    unavailable: [],
    max_per_month: 4,
    ...rest,
  });
}

export function request(
  id: string,
  organisation_id: string,
  over: Partial<Omit<ActivityRequest, 'times'>> & { times?: string } = {},
): ActivityRequest {
  const { times = 'Mon-Fri 09:00-15:00', ...rest } = over;
  return ActivityRequestSchema.parse({
    id,
    organisation_id,
    hub: 'south-east',
    activity_type: 'hands_on_practical',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2026-12-07',
    window_end: '2026-12-11',
    times: weeklyPattern(times),
    duration_min: 60,
    created_at: '2026-11-01T09:00:00+00:00',
    ...rest,
  });
}

export function snapshot(parts: Partial<MatchSnapshot>): MatchSnapshot {
  return { today: TODAY, organisations: [], ambassadors: [], requests: [], history: [], ...parts };
}
