import { dayNumber, Policy, type PolicyInput } from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import { type MatchSnapshot, partition, subSnapshot } from '@stem-match/matching';
import { putRunPart, readSnapshot, requestRef, type Store } from '@stem-match/store';
import type { RunPart } from './part.js';

export interface PlannedPart {
  component: number;
  key: string;
  requests: number;
}

/**
 * Reads the store's snapshot, splits it into independent parts and stores each part for its solve job.
 * Request ids become `hub:id` so the same id from two hubs stays two requests inside the engine.
 */
export async function planRun(
  store: Store,
  run: { run_id: string; today: string; seed: number; offer_days: number; policy?: PolicyInput },
  log: Logger,
): Promise<{
  parts: PlannedPart[];
  inputs: { organisations: number; ambassadors: number; requests: number; history: number };
}> {
  const started = performance.now();
  const stored = await readSnapshot(store);
  const policy = Policy.parse(run.policy ?? {});
  const snapshot: MatchSnapshot = {
    today: run.today,
    organisations: stored.organisations,
    ambassadors: stored.ambassadors,
    requests: stored.open.map((s) => ({ ...s.request, id: requestRef(s.request.hub, s.request.id) })),
    history: stored.history,
    declined: stored.open.flatMap((s) =>
      s.offers
        .filter((o) => o.status === 'declined')
        .map((o) => ({
          request_id: requestRef(s.request.hub, s.request.id),
          ambassador_id: o.ambassador_id,
        })),
    ),
  };
  const loaded = performance.now();
  const parts = partition(snapshot, policy);
  const today = dayNumber(run.today);
  const planned: PlannedPart[] = [];
  for (const [component, part] of parts.entries()) {
    const requests: RunPart['requests'] = {};
    for (const i of part.requests) {
      const s = stored.open[i]!;
      requests[snapshot.requests[i]!.id] = {
        hub: s.request.hub,
        id: s.request.id,
        version: s.version,
        ...(s.explanation && dayNumber(s.request.window_end) <= today ? { previous: s.explanation } : {}),
      };
    }
    const body: RunPart = {
      run_id: run.run_id,
      component,
      seed: run.seed,
      policy,
      offer_days: run.offer_days,
      snapshot: subSnapshot(snapshot, part),
      requests,
    };
    planned.push({
      component,
      key: await putRunPart(store, run.run_id, component, body),
      requests: part.requests.length,
    });
  }
  log.info(
    {
      run: run.run_id,
      requests: snapshot.requests.length,
      parts: planned.length,
      load_s: round((loaded - started) / 1000),
      partition_s: round((performance.now() - loaded) / 1000),
    },
    'match run planned',
  );
  return {
    parts: planned,
    inputs: {
      organisations: snapshot.organisations.length,
      ambassadors: snapshot.ambassadors.length,
      requests: snapshot.requests.length,
      history: snapshot.history.length,
    },
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
