export {
  type GenerateOptions,
  generateDataset,
  HUBS,
  PLACES,
  REGION_HUB,
  type Scale,
  SIZES,
} from './generate/index.js';
export { Random } from './generate/random.js';
export { generateToDirectory } from './generate/write.js';
