import type { Logger } from '@stem-match/log';
import { type MatchRunJob, OfferJob } from '@stem-match/queue';
import type { Store } from '@stem-match/store';
import * as z from 'zod';

export type Rematch = (reason: string) => Promise<void>;

/**
 * Ambassadors' replies, lapses and completions. A decline or lapse reopens the request; `rematch`
 * then asks for a prompt re-match of what is open (debounced by the caller), so a reopened request
 * need not wait for the night.
 */
export async function processOffer(
  store: Store,
  data: unknown,
  log: Logger,
  rematch: Rematch,
  /** The hub whose own queue the job came from: it may answer for no other hub's requests. */
  boundHub?: string,
): Promise<{ invalid: string } | { ok: string }> {
  const parsed = OfferJob.safeParse(data);
  if (!parsed.success) return { invalid: z.prettifyError(parsed.error) };
  const job = parsed.data;
  if (boundHub !== undefined && job.hub !== boundHub)
    return { invalid: `a reply for hub "${job.hub}" arrived on hub "${boundHub}"'s offers queue` };
  const ref = `${job.hub}:${job.request_id}`;
  if (job.kind === 'complete') {
    const result = await store.completeOffer(
      job.hub,
      job.request_id,
      job.ambassador_id,
      job,
      `hub:${job.hub}`,
    );
    log.info({ request: ref, ambassador: job.ambassador_id, result }, 'completion recorded');
    return { ok: result };
  }
  const to = job.kind === 'lapse' ? 'lapsed' : job.response === 'accept' ? 'accepted' : 'declined';
  const actor = job.kind === 'lapse' ? 'system:expiry' : `ambassador:${job.ambassador_id}`;
  const { result, status } = await store.respondToOffer(
    job.hub,
    job.request_id,
    job.ambassador_id,
    to,
    actor,
    job.run_id ?? '',
  );
  log.info({ request: ref, ambassador: job.ambassador_id, to, result, status }, 'offer answered');
  if (result === 'ok' && status === 'open') await rematch(`${to} on ${ref}`);
  return { ok: `${result}:${status ?? ''}` };
}

export type { MatchRunJob };
