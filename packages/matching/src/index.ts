export {
  type AlternativesOptions,
  alternatives,
  DEFAULT_SUBSTITUTES,
  type PlacedAssignment,
  type RequestAlternatives,
  type Substitute,
} from './alternatives.js';
export { components } from './components.js';
export { match } from './match.js';
export { buildModel, type Model } from './model.js';
export { type Part, partition, subSnapshot } from './partition.js';
export { requestParts } from './request-parts.js';
export { FILL_SCALE, ONLINE_TRAVEL_EQUIVALENT_KM } from './scoring.js';
export type {
  Explanation,
  MatchOptions,
  MatchResult,
  MatchSnapshot,
  MatchStage,
  ObjectiveValue,
  ProposedAssignment,
  RunStats,
  ScoreComponents,
  SolverName,
} from './types.js';
