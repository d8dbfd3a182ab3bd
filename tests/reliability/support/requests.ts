import { weeklyPattern } from '@stem-match/domain';

const times = weeklyPattern('Mon-Fri 09:00-15:00');

/** A valid request (as a hub would send it) from `hub` with id `id`, for an organisation `org`. */
export const validRequest = (hub: string, id: string, org = '100001') => ({
  id,
  organisation_id: org,
  hub,
  activity_type: 'careers_talk',
  subjects: ['engineering'],
  key_stage: 'KS4',
  mode: 'either',
  needed: 1,
  window_start: '2026-12-07',
  window_end: '2026-12-18',
  times,
  duration_min: 60,
  created_at: '2026-11-20T10:00:00+00:00',
});
