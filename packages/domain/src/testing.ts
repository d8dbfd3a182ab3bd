import { Ambassador, Organisation } from './entities.js';
import { weeklyPattern } from './weekly-pattern.js';

// The small world the service's tests play out in: hub `se`, a school in Hastings and physics
// ambassadors a couple of kilometres away. For tests only (`@stem-match/domain/testing`).

/** A secondary school of hub `se` in Hastings. */
export const hastingsSchool = (id: string, over: Partial<Organisation> = {}): Organisation =>
  Organisation.parse({
    id,
    name: 'Hastings Academy',
    kind: 'secondary',
    lat: 50.8543,
    lon: 0.5735,
    hub: 'se',
    ...over,
  });

/** A cleared physics ambassador of hub `se` who gives KS3 talks in person, weekday daytimes. */
export const physicsAmbassador = (id: string, over: Partial<Ambassador> = {}): Ambassador =>
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
    dbs_status: 'cleared',
    dbs_expires: '2029-01-01',
    availability: weeklyPattern('Mon-Fri 09:00-16:00'),
    max_per_month: 8,
    ...over,
  });
