import type { Logger } from '@stem-match/log';
import { IntakeJob, readJob } from '@stem-match/queue';
import type { Store } from '@stem-match/store';
import type { Job } from 'bullmq';

export type IntakeResult =
  | { kind: 'submit'; request: string; created: boolean }
  | { kind: 'cancel'; request: string; was: string | undefined };

/**
 * Validates an intake job again (never trust the producer) and applies it to the store. Submission is
 * idempotent on hub + request id, so a job delivered twice stores one request. Logs per job are at
 * debug level: at thousands of jobs a second, the queue's own metrics say more than a line each.
 * A payload over the size limit or failing validation comes back `invalid`, with the readable reason.
 */
export async function processIntake(
  store: Store,
  job: Pick<Job, 'data' | 'id'>,
  log: Logger,
  /** The hub whose own queue the job came from: it may speak for no other. */
  boundHub?: string,
): Promise<{ ok: IntakeResult } | { invalid: string }> {
  const read = readJob(IntakeJob, job.data);
  if ('refused' in read) return { invalid: read.refused };
  const data = read.data;
  if (boundHub !== undefined && data.hub !== boundHub)
    return { invalid: `a job for hub "${data.hub}" arrived on hub "${boundHub}"'s intake queue` };
  if (data.kind === 'submit') {
    if (data.request.hub !== data.hub)
      return { invalid: `request hub "${data.request.hub}" is not the submitting hub "${data.hub}"` };
    // One round trip: the uniqueness check, the write and its audit entry are one script.
    const created = await store.createRequest(data.request, `hub:${data.hub}`);
    log.debug(
      { request: `${data.hub}:${data.request.id}`, created },
      created ? 'request stored' : 'duplicate request ignored',
    );
    return { ok: { kind: 'submit', request: `${data.hub}:${data.request.id}`, created } };
  }
  const was = await store.cancelRequest(data.hub, data.request_id, `hub:${data.hub}`);
  log.debug({ request: `${data.hub}:${data.request_id}`, was }, 'request cancelled');
  return { ok: { kind: 'cancel', request: `${data.hub}:${data.request_id}`, was } };
}
