export { ACL_USERS, type AclUser, aclFile, aclRules } from './acl.js';
export { loadConfig, ServiceConfig } from './config.js';
export { connect, tlsOptions } from './connect.js';
export {
  type ClusterUrl,
  type Connection,
  createConnection,
  describeConnection,
  isClusterUrl,
  parseClusterUrl,
  type Role,
  whenReady,
} from './connection.js';
export { deadLetter, openDeadLetters, recordDeadLetter } from './dead-letter.js';
export { createHubClient, type HubClient, type HubClientOptions, type SubmitResult } from './hub-client.js';
export {
  type HubQueueKind,
  type HubQueueWatch,
  hubQueue,
  hubRegistry,
  watchHubQueues,
} from './hub-queues.js';
export { DBS_CASCADE, DBS_SWEEP, MONTHLY_REPORTS, NIGHTLY_MATCH, QUEUES, type QueueName } from './names.js';
export * from './payloads.js';
export { upsertSchedule } from './schedule.js';
