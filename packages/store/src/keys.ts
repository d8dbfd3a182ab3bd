import { ConfigError } from '@stem-match/domain';

/**
 * Every key the store writes, under one prefix that carries a Redis Cluster hash tag (`{…}`), so all
 * of them live in one slot and multi-key scripts stay atomic on a cluster too. BullMQ's queues live
 * under their own prefixes and spread over the cluster independently.
 */
export function keysFor(prefix: string) {
  if (!/\{[^{}]+\}/.test(prefix)) {
    throw new ConfigError(
      `store prefix "${prefix}" must contain a hash tag such as {stem}, so keys share a cluster slot`,
    );
  }
  const p = prefix;
  return {
    prefix: p,
    hub: (id: string) => `${p}:hub:${id}`,
    hubs: `${p}:hubs`,
    organisation: (id: string) => `${p}:org:${id}`,
    organisations: `${p}:orgs`,
    organisationRequests: (id: string) => `${p}:org:${id}:reqs`,
    ambassador: (id: string) => `${p}:amb:${id}`,
    ambassadors: `${p}:ambs`,
    /** Sorted set of `hub:request` keys the ambassador holds offers or bookings on, by first start. */
    ambassadorBookings: (id: string) => `${p}:amb:${id}:bookings`,
    /** Hash: the request as submitted (`data`) plus its state (`status`, `version`, …). */
    request: (ref: string) => `${p}:req:${ref}`,
    requests: `${p}:reqs`,
    /** String: requests as submitted, one JSON line each, REQUEST_CHUNK to a chunk (for reports). */
    submittedChunk: (n: number) => `${p}:reqs:data:${n}`,
    /** String: how many requests the submitted chunks hold. */
    submittedNext: `${p}:reqs:data:next`,
    requestsByStatus: (status: string) => `${p}:reqs:status:${status}`,
    hubRequestsByStatus: (hub: string, status: string) => `${p}:hub:${hub}:reqs:${status}`,
    /** Hash: ambassador id -> offer (sessions, status, run, times). */
    offers: (ref: string) => `${p}:offers:${ref}`,
    /** Hash: digest -> the chunk holding that imported history record (idempotent re-imports). */
    history: `${p}:history`,
    /** String: imported history records, one JSON line each, HISTORY_CHUNK to a chunk. */
    historyChunk: (n: number) => `${p}:history:${n}`,
    /** String: how many records the chunks hold (the open chunk is the last). */
    historyNext: `${p}:history:next`,
    run: (id: string) => `${p}:run:${id}`,
    runs: `${p}:runs`,
    runLock: `${p}:run:lock`,
    runCommitted: (id: string) => `${p}:run:${id}:committed`,
    /** A run's plan once made (its parts and counts), so a retried run job reuses it: JSON, kept two days. */
    runPlan: (id: string) => `${p}:run:${id}:plan`,
    /** A run's part (sub-snapshot) for one component job: gzipped JSON, kept two days. */
    runPart: (id: string, n: number) => `${p}:run:${id}:part:${n}`,
    audit: `${p}:audit`,
    requestAudit: (ref: string) => `${p}:audit:req:${ref}`,
    ambassadorAudit: (id: string) => `${p}:audit:amb:${id}`,
  };
}
export type Keys = ReturnType<typeof keysFor>;

/** Requests are unique per hub: the same id from two hubs is two requests. */
export const requestRef = (hub: string, id: string): string => `${hub}:${id}`;
