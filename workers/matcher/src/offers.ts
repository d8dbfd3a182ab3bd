import type { Offer } from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import { type MatchRunJob, OfferJob, readJob } from '@stem-match/queue';
import { type CascadeSettings, respondWithCascade, type Store } from '@stem-match/store';

export type Rematch = (reason: string) => Promise<void>;

/** The offer cascade: how substitutes are checked and timed, and what to do with a substitute's offer (its lapse job). */
export interface Cascade {
  settings: CascadeSettings;
  offered: (offer: Offer) => Promise<void>;
}

/**
 * Ambassadors' replies, lapses and completions. With `cascade`, a decline, lapse or "cannot attend"
 * first offers the sessions to the next free substitute at once. Otherwise (or with none free) a
 * decline or lapse reopens the request; `rematch`
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
  /** With it, a decline, lapse or "cannot attend" first offers the next free substitute (see cascade.ts). */
  cascade?: Cascade,
  /** Called after an acceptance is recorded (the reminders are scheduled there). */
  accepted?: (hub: string, requestId: string, ambassadorId: string) => Promise<void>,
): Promise<{ invalid: string } | { ok: string }> {
  const read = readJob(OfferJob, data);
  if ('refused' in read) return { invalid: read.refused };
  const job = read.data;
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
  const to =
    job.kind === 'lapse'
      ? 'lapsed'
      : job.response === 'accept'
        ? 'accepted'
        : job.response === 'cannot_attend'
          ? 'cancelled'
          : 'declined';
  const actor = job.kind === 'lapse' ? 'system:expiry' : `ambassador:${job.ambassador_id}`;
  if (cascade && to !== 'accepted') {
    const outcome = await respondWithCascade(
      store,
      {
        hub: job.hub,
        id: job.request_id,
        ambassadorId: job.ambassador_id,
        to,
        actor,
        runId: job.run_id ?? '',
      },
      cascade.settings,
    );
    if (outcome.cascaded) {
      await cascade.offered(outcome.substitute);
      log.info(
        { request: ref, ambassador: job.ambassador_id, to, substitute: outcome.substitute.ambassador_id },
        'offer cascaded to a substitute',
      );
      return { ok: `cascaded:${outcome.status}` };
    }
    log.info(
      { request: ref, ambassador: job.ambassador_id, to, ...outcome },
      'offer answered, no substitute free',
    );
    if (outcome.result === 'ok' && outcome.status === 'open') await rematch(`${to} on ${ref}`);
    return { ok: `${outcome.result}:${outcome.status ?? ''}` };
  }
  const { result, status } = await store.respondToOffer(
    job.hub,
    job.request_id,
    job.ambassador_id,
    to,
    actor,
    job.run_id ?? '',
  );
  log.info({ request: ref, ambassador: job.ambassador_id, to, result, status }, 'offer answered');
  if (to === 'accepted' && result === 'ok') await accepted?.(job.hub, job.request_id, job.ambassador_id);
  if (result === 'ok' && status === 'open') await rematch(`${to} on ${ref}`);
  return { ok: `${result}:${status ?? ''}` };
}

export type { MatchRunJob };
