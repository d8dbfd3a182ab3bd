export {
  type CascadeOutcome,
  type CascadeSettings,
  getSubstitutes,
  RESPOND_WITH_CASCADE,
  RESUME_WITH_CASCADE,
  respondWithCascade,
  resumeWithCascade,
  type StoredSubstitute,
  substituteReplyBy,
  substitutesKey,
} from './cascade.js';
export { type DbsWithdrawal, withdrawLapsedDbs } from './dbs.js';
export { ERASED, type Erasure, eraseAmbassador } from './erase.js';
export { type Keys, keysFor, requestRef } from './keys.js';
export { type RedisCluster, type RedisClusterOptions, startRedisCluster } from './redis-cluster.js';
export {
  freePort,
  type RedisServer,
  type RedisServerOptions,
  redisAnswers,
  redisServerOnPath,
  startRedisServer,
} from './redis-server.js';
export type { RequestStreamOptions } from './request-rows.js';
export {
  canonicalDigest,
  getRunInputs,
  getRunInputsPlan,
  hasRunInputs,
  MAX_BYTES as RUN_INPUTS_MAX_BYTES,
  putRunInputs,
  putRunInputsPlan,
  RETENTION_DAYS as RUN_INPUTS_RETENTION_DAYS,
  type RecordedPart,
  type RecordOptions,
  runInputsBlobKey,
  runInputsKey,
  type StoredRunInputs,
  scrubRunInputs,
} from './run-inputs.js';
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
export { prefixPattern, scanPrefix, scanTargets, unlinkKeys } from './scan.js';
export { redisSettingWarnings } from './settings.js';
export { bookingsOf, readSnapshot, type SnapshotOptions, type StoreSnapshot } from './snapshot.js';
export {
  type CommitComponent,
  type CommitCounts,
  type CommitFilled,
  type CommitUnfilled,
  type Progress,
  type RedisClient,
  Store,
} from './store.js';
export {
  collect,
  streamAmbassadors,
  streamHistory,
  streamHubs,
  streamOrganisations,
  streamRequestStates,
  streamRequests,
} from './stream.js';
export type { RequestState } from './submitted.js';
export { deleteByPrefix, testRedis } from './testing.js';
