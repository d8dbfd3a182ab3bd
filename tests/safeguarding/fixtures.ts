import {
  type ActivityRequest,
  ActivityRequest as ActivityRequestSchema,
  type Ambassador,
  Ambassador as AmbassadorSchema,
  type Organisation,
  Organisation as OrganisationSchema,
  weeklyPattern,
} from '@stem-match/domain';

// Small, real places for the safeguarding tests: a school in Hastings and ambassadors nearby.

export const SCHOOL: Organisation = OrganisationSchema.parse({
  id: '100001',
  name: 'Hastings Academy',
  kind: 'secondary',
  lat: 50.8543,
  lon: 0.5735,
  hub: 'se',
});

export function ambassador(id: string, over: Partial<Ambassador> = {}): Ambassador {
  return AmbassadorSchema.parse({
    id,
    hub: 'se',
    lat: 50.85,
    lon: 0.55,
    travel_km: 30,
    in_person: true,
    online: false,
    subjects: ['physics'],
    activity_types: ['talk'],
    key_stages: ['KS3'],
    dbs_status: 'cleared',
    dbs_expires: '2029-01-01',
    availability: weeklyPattern('Mon-Fri 09:00-16:00'),
    max_per_month: 8,
    ...over,
  });
}

export function request(id: string, over: Partial<ActivityRequest> = {}): ActivityRequest {
  return ActivityRequestSchema.parse({
    id,
    organisation_id: SCHOOL.id,
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2027-03-01',
    window_end: '2027-03-05',
    times: weeklyPattern('Mon-Fri 09:00-15:00'),
    duration_min: 60,
    created_at: '2026-11-20T10:00:00+00:00',
    ...over,
  });
}

/** Polls until `read` gives a value (not undefined or false). */
export async function until<T>(read: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
