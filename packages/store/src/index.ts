export { type Keys, keysFor, requestRef } from './keys.js';
export {
  freePort,
  type RedisServer,
  type RedisServerOptions,
  redisAnswers,
  redisServerOnPath,
  startRedisServer,
} from './redis-server.js';
export {
  acquireRunLock,
  currentRun,
  getRun,
  getRunPart,
  getRunPlan,
  putRun,
  putRunIfAbsent,
  putRunPart,
  putRunPlan,
  recentRuns,
  releaseRunLock,
} from './runs.js';
export { redisSettingWarnings } from './settings.js';
export { readSnapshot, type StoreSnapshot } from './snapshot.js';
export { type CommitFilled, type CommitUnfilled, type Progress, type RedisClient, Store } from './store.js';
export {
  collect,
  streamAmbassadors,
  streamHistory,
  streamHubs,
  streamOrganisations,
  streamRequests,
} from './stream.js';
export { deleteByPrefix, testRedis } from './testing.js';
