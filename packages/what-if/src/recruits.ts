import {
  type Ambassador,
  dayNumber,
  dayToDate,
  type LocalDate,
  type WeeklyPattern,
  weeklyPattern,
} from '@stem-match/domain';
import { PointIndex } from '@stem-match/geo';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Offers } from './offers.js';
import type { Place } from './place.js';

/** What a recruit copies from a real ambassador based near the place. */
export interface Template {
  hub: string;
  travel_km: number;
  max_per_month: number;
  availability: WeeklyPattern;
}

/** Real ambassadors a recruit's habits are drawn from: this many of the nearest. */
export const NEIGHBOURS = 25;
/** A new DBS check is renewed every three years. */
const DBS_DAYS = 3 * 365;
/** Used only when the dataset has no DBS-cleared in-person ambassador at all. */
export const FALLBACK_TEMPLATE: Omit<Template, 'hub'> = {
  travel_km: 20,
  max_per_month: 2,
  availability: weeklyPattern('Tue 09:00-12:00; Thu 13:00-16:00'),
};

/**
 * The real ambassadors recruits are modelled on: those who deliver in person with a DBS check valid
 * on the run date. A recruit is as far-travelling, as often free and at the same weekly times as one
 * of the `NEIGHBOURS` nearest of them, drawn with a seeded generator.
 */
export class Neighbourhood {
  private readonly models: Ambassador[];
  private readonly index: PointIndex;

  constructor(ambassadors: readonly Ambassador[], today: LocalDate) {
    this.models = ambassadors.filter(
      (a) =>
        a.in_person && a.dbs_status === 'cleared' && (a.dbs_expires === undefined || a.dbs_expires > today),
    );
    this.index = new PointIndex(this.models);
  }

  /** `count` templates for recruits at `place`, deterministic for (seed, place): the same recruits there each time. */
  templates(place: Place, count: number, seed: number): Template[] {
    const near = this.index
      .nearestWithin(place.lat, place.lon, Number.POSITIVE_INFINITY, NEIGHBOURS)
      .map((i) => this.models[i]!);
    const rng = xoroshiro128plus((seed ^ hash(`${place.lat},${place.lon}`)) | 0);
    return Array.from({ length: count }, () => {
      const n = near[uniformInt(rng, 0, Math.max(near.length - 1, 0))];
      return n
        ? { hub: n.hub, travel_km: n.travel_km, max_per_month: n.max_per_month, availability: n.availability }
        : { hub: 'what-if', ...FALLBACK_TEMPLATE };
    });
  }
}

/**
 * Hypothetical ambassadors at `place`: DBS cleared for three years from the run date, in person only
 * (an online recruit is not based anywhere, and would join every online request's pool), no leave
 * booked, no history; offers as decided, habits from their templates.
 */
export function recruitAmbassadors(
  prefix: string,
  templates: readonly Template[],
  offers: Offers,
  place: Place,
  today: LocalDate,
): Ambassador[] {
  return templates.map((t, i) => ({
    id: `${prefix}-${i + 1}`,
    hub: t.hub,
    lat: place.lat,
    lon: place.lon,
    travel_km: t.travel_km,
    in_person: true,
    online: false,
    subjects: [...offers.subjects],
    activity_types: [...offers.activity_types],
    key_stages: [...offers.key_stages],
    dbs_status: 'cleared',
    dbs_expires: dayToDate(dayNumber(today) + DBS_DAYS),
    availability: t.availability,
    unavailable: [],
    max_per_month: t.max_per_month,
  }));
}

/** FNV-1a: each place's own stream of draws from one seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
