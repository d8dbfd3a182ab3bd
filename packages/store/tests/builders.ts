import { Ambassador, type AmbassadorDbs, weeklyPattern } from '@stem-match/domain';

/** An ambassador near Hastings with the given DBS check (commits offer only covered ambassadors). */
export const ambassador = (
  id: string,
  dbs: AmbassadorDbs = { dbs_status: 'cleared', dbs_expires: '2029-01-01' },
): Ambassador =>
  Ambassador.parse({
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
    availability: weeklyPattern('Mon-Fri 09:00-16:00'),
    max_per_month: 8,
    ...dbs,
  });
