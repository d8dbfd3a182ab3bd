export { type Baseline, type EngineSettings, runBaseline, solveSettings } from './baseline.js';
export { type Batch, type BatchDescription, describeBatch, planBatch } from './batch.js';
export { RecruitTextError, WhatIfInputError } from './errors.js';
export {
  type ChangedRequest,
  type Evaluation,
  evaluateScenarios,
  type Outcome,
  type Scenario,
} from './evaluate.js';
export { offersLine, renderMarkdown } from './markdown.js';
export { DEFAULT_OFFERED, decideOffers, type Offers } from './offers.js';
export { type Place, Places } from './place.js';
export {
  ADD_EXAMPLE,
  BATCH_EXAMPLE,
  MAX_RECRUITS,
  type PlaceRef,
  parseRecruitText,
  type RecruitSpec,
} from './recruit-text.js';
export {
  FALLBACK_TEMPLATE,
  NEIGHBOURS,
  Neighbourhood,
  recruitAmbassadors,
  type Template,
} from './recruits.js';
export { inThisThread, type ResolveJob, type Solver, type SolveSettings } from './solver.js';
export { onThreads } from './threads.js';
export { defaultCandidates, type RankedPlace, rankPlaces, type TopOptions } from './top.js';
export {
  DEFAULT_CELL_KM,
  THREADS_FROM,
  type WhatIfQuestion,
  type WhatIfReport,
  whatIf,
} from './what-if.js';
