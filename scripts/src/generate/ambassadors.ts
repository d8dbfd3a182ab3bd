import { type Ambassador, dayNumber, dayToDate, type KeyStage, weeklyPattern } from '@stem-match/domain';
import type { Place } from './places.js';
import { offset, type Random } from './random.js';
import { KEY_STAGES, OFFERED_ACTIVITIES, SUBJECTS } from './weights.js';

const HALF_DAYS = [
  'Mon 09:00-12:00',
  'Mon 13:00-16:00',
  'Tue 09:00-12:00',
  'Tue 13:00-16:00',
  'Wed 09:00-12:00',
  'Wed 13:00-16:00',
  'Thu 09:00-12:00',
  'Thu 13:00-16:00',
  'Fri 09:00-12:00',
  'Fri 13:00-16:00',
];
const EVENINGS = ['Mon 17:00-20:00', 'Tue 17:00-20:00', 'Wed 17:00-20:00', 'Thu 17:00-20:00'];
const EMPLOYERS = [
  'Aerospace',
  'Engineering',
  'Pharmaceuticals',
  'Software',
  'Energy',
  'Water',
  'Rail',
  'Defence',
  'University',
  'NHS Trust',
  'Construction',
  'Telecoms',
];

/** A contiguous band of two to four key stages, centred on secondary more often than not. */
function keyStages(random: Random): KeyStage[] {
  const width = random.int(2, 4);
  const start = Math.min(KEY_STAGES.length - width, Math.max(0, Math.round(random.normal(3, 1.5)) - 1));
  return KEY_STAGES.slice(start, start + width);
}

/**
 * Ambassadors clustered in cities (weight ∝ population^1.2, so cities gain over towns and rural and
 * coastal areas stay sparse), with realistic offers, DBS states, availability and capacity.
 */
export function generateAmbassadors(
  random: Random,
  places: readonly Place[],
  count: number,
  today: string,
): Ambassador[] {
  const byPop = random.sampler(places.map((p) => [p, p.pop ** 1.2] as const));
  const day = dayNumber(today);
  const out: Ambassador[] = [];
  for (let i = 0; i < count; i++) {
    const place = byPop();
    const where = offset(
      random,
      place.lat,
      place.lon,
      Math.abs(random.normal(0, 3 + Math.sqrt(place.pop) / 5)),
    );
    const onlineOnly = random.chance(0.05);
    const dbs = random.weighted([
      ['cleared', 85],
      ['pending', 6],
      ['expired', 5],
      ['none', 4],
    ] as const);
    const expires =
      dbs === 'cleared'
        ? dayToDate(day + random.int(1, 1095))
        : dbs === 'expired'
          ? dayToDate(day - random.int(1, 400))
          : undefined;
    const halfDays = random.chance(0.1)
      ? ['Mon-Fri 09:00-16:00']
      : random.weightedDistinct(
          HALF_DAYS.map((h) => [h, 1] as const),
          random.int(1, 3),
        );
    if (random.chance(0.2)) halfDays.push(random.pick(EVENINGS));
    const leave = random.chance(0.4) ? day + random.int(7, 90) : undefined;
    out.push({
      id: `A${String(i).padStart(6, '0')}`,
      hub: place.hub,
      lat: where.lat,
      lon: where.lon,
      travel_km: random.weighted([
        [10, 20],
        [15, 20],
        [20, 25],
        [25, 15],
        [30, 12],
        [40, 8],
      ] as const),
      in_person: !onlineOnly,
      online: onlineOnly || random.chance(0.27),
      subjects: random.weightedDistinct(
        SUBJECTS,
        random.weighted([
          [1, 40],
          [2, 40],
          [3, 20],
        ] as const),
      ),
      activity_types: random.weightedDistinct(OFFERED_ACTIVITIES, random.int(2, 4)),
      key_stages: keyStages(random),
      dbs_status: dbs,
      ...(expires ? { dbs_expires: expires } : {}),
      availability: weeklyPattern(halfDays.join('; ')),
      unavailable:
        leave === undefined ? [] : [{ start: dayToDate(leave), end: dayToDate(leave + random.int(4, 14)) }],
      max_per_month: random.weighted([
        [1, 30],
        [2, 35],
        [3, 20],
        [4, 15],
      ] as const),
      employer: `${place.name} ${random.pick(EMPLOYERS)}`,
      name: `Ambassador ${i}`,
      email: `ambassador.${i}@example.org`,
      phone: `07700 900${String(i % 1000).padStart(3, '0')}`, // Ofcom's range for fiction
    });
  }
  return out;
}
