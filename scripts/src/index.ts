export {
  type GenerateOptions,
  generateDataset,
  type Holiday,
  HUBS,
  isHoliday,
  isSchoolDay,
  monthlyDemandIndex,
  type Nation,
  nationOf,
  PLACES,
  REGION_HUB,
  type Scale,
  SEASONAL_EFFECTS,
  type SeasonalEffect,
  SIZES,
  schoolDaysIn,
  schoolHolidays,
  seasonalWeight,
  termEnd,
} from './generate/index.js';
export { Random } from './generate/random.js';
export { generateToDirectory } from './generate/write.js';
