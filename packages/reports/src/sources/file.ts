import type { Assignment, Dataset, UnfilledRequest } from '@stem-match/domain';
import type { ActivityFact, OfferFact, ReportSource, RequestFact } from '../facts.js';

export interface RunOutput {
  assignments: ReadonlyArray<Omit<Assignment, 'status'>>;
  unfilled: readonly UnfilledRequest[];
}

const BATCH = 5000;

async function* batches<T>(items: readonly T[]): AsyncIterable<readonly T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

/**
 * Facts from a dataset directory and, optionally, a run's output (file mode, no server): a request
 * the run assigned is `matched` and its ambassadors hold offers; one the run left unfilled keeps its
 * explanation and is `unfilled` once its window has closed before `asOf`, else still `open`.
 */
export function fileSource(
  dataset: Dataset,
  run: RunOutput | undefined,
  options: { describe: string; asOf: string },
): ReportSource {
  const offers = new Map<string, Map<string, OfferFact>>();
  for (const a of run?.assignments ?? []) {
    const byAmbassador = offers.get(a.request_id) ?? new Map<string, OfferFact>();
    offers.set(a.request_id, byAmbassador);
    const offer = byAmbassador.get(a.ambassador_id) ?? {
      ambassador_id: a.ambassador_id,
      status: 'offered' as const,
      sessions: [],
      distance_km: a.distance_km,
      mode: a.mode,
    };
    offer.sessions.push({ session: a.session, start: a.start, end: a.end });
    byAmbassador.set(a.ambassador_id, offer);
  }
  const unfilled = new Map((run?.unfilled ?? []).map((u) => [u.request_id, u]));
  const facts: RequestFact[] = dataset.requests.map((request) => {
    const held = offers.get(request.id);
    if (held) return { request, status: 'matched', offers: [...held.values()] };
    const why = unfilled.get(request.id);
    if (why) {
      const { request_id: _, ...explanation } = why;
      return {
        request,
        status: request.window_end < options.asOf ? 'unfilled' : 'open',
        explanation,
        offers: [],
      };
    }
    return { request, status: request.status, offers: [] };
  });
  return {
    describe: options.describe,
    hubs: async () => dataset.hubs,
    organisations: async () => dataset.organisations,
    employers: async () => dataset.employers ?? [],
    ambassadors: () => batches(dataset.ambassadors),
    requests: () => batches(facts),
    history: () => batches<ActivityFact>(dataset.history),
    sizes: async () => ({
      ambassadors: dataset.ambassadors.length,
      requests: facts.length,
      history: dataset.history.length,
    }),
  };
}
