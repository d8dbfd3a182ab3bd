import type { Dataset, Hub, LocalDate } from '@stem-match/domain';
import { generateAmbassadors } from './ambassadors.js';
import { generateEmployers } from './employers.js';
import { generateHistory } from './history.js';
import { generateOrganisations } from './organisations.js';
import { HUBS, PLACES, REGION_HUB } from './places.js';
import { Random } from './random.js';
import { generateRequests } from './requests.js';

export type Scale = 'small' | 'region' | 'national';

export interface GenerateOptions {
  scale: Scale;
  seed: number;
  /** The day the data is generated around: request windows open after it, history lies before it. */
  today: LocalDate;
  /** Multiplies the counts (×3, ×10 for scaling tests). */
  factor?: number;
  /**
   * Multiplies the requests only: the same organisations, ambassadors and history with more demand.
   * The requests are then drawn from a stream of their own, so the rest is the dataset without it.
   */
  demandFactor?: number;
}

/** Counts at each scale (national: ~24,000 organisations, ~30,000 active ambassadors, ~5,000 open requests). */
export const SIZES: Record<Scale, { organisations: number; ambassadors: number; requests: number }> = {
  small: { organisations: 300, ambassadors: 400, requests: 100 },
  region: { organisations: 1200, ambassadors: 1500, requests: 250 },
  national: { organisations: 24_000, ambassadors: 30_000, requests: 5000 },
};

/** Seeds the requests of a dataset with a demand factor apart from the rest (any fixed offset will do). */
const DEMAND_STREAM = 1_000_003;

/** A realistic synthetic dataset, pure and deterministic for (scale, seed, today, factor, demandFactor). */
export function generateDataset(options: GenerateOptions): Dataset {
  const random = new Random(options.seed);
  const factor = options.factor ?? 1;
  const size = SIZES[options.scale];
  const national = options.scale === 'national';
  const places = national ? PLACES : PLACES.filter((p) => p.hub === REGION_HUB);
  const hubs: Hub[] = (national ? HUBS : HUBS.filter((h) => h.id === REGION_HUB)).map((h) => ({
    ...h,
    regions: national ? h.regions : ['South East'],
  }));
  const organisations = generateOrganisations(random, places, Math.round(size.organisations * factor));
  const ambassadors = generateAmbassadors(
    random,
    places,
    Math.round(size.ambassadors * factor),
    options.today,
  );
  let requests = generateRequests(random, organisations, Math.round(size.requests * factor), options.today);
  const history = generateHistory(random, ambassadors, organisations, options.today);
  const employers = generateEmployers(options.seed, ambassadors);
  const demand = options.demandFactor ?? 1;
  if (demand !== 1) {
    const count = Math.round(size.requests * factor * demand);
    requests = generateRequests(
      new Random(options.seed + DEMAND_STREAM),
      organisations,
      count,
      options.today,
    );
  }
  return { hubs, organisations, ambassadors, requests, history, employers };
}

export { HUBS, PLACES, REGION_HUB } from './places.js';
export {
  type Holiday,
  isHoliday,
  isSchoolDay,
  type Nation,
  nationOf,
  schoolDaysIn,
  schoolHolidays,
  termEnd,
} from './school-calendar.js';
export { monthlyDemandIndex, SEASONAL_EFFECTS, type SeasonalEffect, seasonalWeight } from './season.js';
