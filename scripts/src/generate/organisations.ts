import type { Organisation, OrganisationKind, OrganisationTag } from '@stem-match/domain';
import type { Place } from './places.js';
import { offset, type Random } from './random.js';
import { KINDS } from './weights.js';

const NAME_STEMS = [
  'Oakfield',
  'St Mary’s',
  'Hillside',
  'Riverside',
  'St John’s',
  'Park View',
  'Meadow',
  'Highfield',
  'Holy Trinity',
  'Westgate',
  'Brookside',
  'Kingsway',
  'Orchard',
  'St Peter’s',
  'Greenway',
  'Elm Tree',
];
const SUFFIX: Record<OrganisationKind, string[]> = {
  primary: ['Primary School', 'Primary Academy', 'Infant and Junior School', 'CofE Primary School'],
  secondary: ['Academy', 'High School', 'School', 'Community College'],
  college: ['College', 'Sixth Form College'],
  special: ['Special School', 'School (SEN)'],
  non_school: ['Youth Club', 'Scouts', 'Girlguiding Unit', 'Community Centre', 'Library STEM Club'],
};
const PUPILS: Record<OrganisationKind, [number, number] | undefined> = {
  primary: [90, 630],
  secondary: [550, 1900],
  college: [700, 5000],
  special: [40, 260],
  non_school: undefined,
};

/**
 * Organisations around towns, weighted by population, with a rural share further out. Priority
 * status (~22%) is likelier on the coast and in the country; other targeting tags likewise.
 */
export function generateOrganisations(
  random: Random,
  places: readonly Place[],
  count: number,
): Organisation[] {
  const byPop = random.sampler(places.map((p) => [p, p.pop] as const));
  const out: Organisation[] = [];
  for (let i = 0; i < count; i++) {
    const place = byPop();
    const rural = random.chance(0.15);
    const where = offset(
      random,
      place.lat,
      place.lon,
      rural ? 12 + random.next() * 25 : Math.abs(random.normal(0, 2 + Math.sqrt(place.pop) / 6)),
    );
    const kind = random.weighted(KINDS);
    const coastal = place.coastal && !rural;
    const tags: OrganisationTag[] = [];
    if (rural) tags.push('rural');
    if (coastal) tags.push('coastal');
    if (random.chance(coastal || rural ? 0.15 : 0.05)) tags.push('social_mobility_coldspot');
    if (random.chance(0.05)) tags.push('opportunity_area');
    if (random.chance(0.1)) tags.push('widening_participation');
    const priority =
      kind !== 'non_school' &&
      random.chance(
        0.19 + (coastal || rural ? 0.12 : 0) + (tags.includes('social_mobility_coldspot') ? 0.15 : 0),
      );
    const pupils = PUPILS[kind];
    const id = kind === 'non_school' ? `NS-${String(i).padStart(6, '0')}` : String(100000 + i);
    out.push({
      id,
      ...(kind === 'non_school' ? {} : { urn: id }),
      name: `${place.name} ${random.pick(NAME_STEMS)} ${random.pick(SUFFIX[kind])}`,
      kind,
      lat: where.lat,
      lon: where.lon,
      hub: place.hub,
      priority,
      ...(pupils ? { pupils: random.int(pupils[0], pupils[1]) } : {}),
      tags,
      postcode: `${place.postcode} ${random.int(1, 9)}${String.fromCharCode(65 + random.int(0, 25))}${String.fromCharCode(65 + random.int(0, 25))}`,
      region: place.region,
    });
  }
  return out;
}
