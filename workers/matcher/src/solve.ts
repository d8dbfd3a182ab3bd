import { dayNumber, type Offer, type StoredExplanation } from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import { match, type ProposedAssignment } from '@stem-match/matching';
import { type CommitFilled, type CommitUnfilled, getRunPart, type Store } from '@stem-match/store';
import type { PartOutcome, RunPart } from './part.js';

const DAY_MS = 86_400_000;

/** An offer lapses after `days`, or the day before its first session if that comes sooner. */
function replyBy(now: number, firstStart: string, days: number): string {
  return new Date(
    Math.max(now + 3600_000, Math.min(now + days * DAY_MS, Date.parse(firstStart) - DAY_MS)),
  ).toISOString();
}

/**
 * Solves one part of a run and commits it exactly once. A retried or duplicated job solves the same
 * stored part again (deterministically) and the commit script refuses a second write, so nobody is
 * double-booked. Returns the part's counts and the offers made (for their lapse jobs).
 */
export async function solvePart(
  store: Store,
  partKey: string,
  log: Logger,
): Promise<{ outcome: PartOutcome; offers: Offer[] }> {
  const part = await getRunPart<RunPart>(store, partKey);
  if (!part) throw new Error(`run part ${partKey} is missing (expired or never written)`);
  const started = performance.now();
  const result = await match(part.snapshot, part.policy, { seed: part.seed });
  const now = Date.now();
  const offeredAt = new Date(now).toISOString();

  const byRequest = new Map<string, ProposedAssignment[]>();
  for (const a of result.assignments)
    byRequest.set(a.request_id, [...(byRequest.get(a.request_id) ?? []), a]);
  const filled: CommitFilled[] = [];
  const offers: Offer[] = [];
  for (const [ref, rows] of byRequest) {
    const meta = part.requests[ref]!;
    const byAmbassador = new Map<string, ProposedAssignment[]>();
    for (const a of rows)
      byAmbassador.set(a.ambassador_id, [...(byAmbassador.get(a.ambassador_id) ?? []), a]);
    const requestOffers = [...byAmbassador].map(([ambassador, sessions]): Offer => {
      const ordered = sessions.sort((x, y) => x.session - y.session);
      return {
        request_id: meta.id,
        hub: meta.hub,
        ambassador_id: ambassador,
        sessions: ordered.map((s) => ({ session: s.session, start: s.start, end: s.end })),
        distance_km: ordered[0]!.distance_km,
        mode: ordered[0]!.mode,
        status: 'offered',
        run_id: part.run_id,
        offered_at: offeredAt,
        reply_by: replyBy(now, ordered[0]!.start, part.offer_days),
      };
    });
    filled.push({ hub: meta.hub, id: meta.id, version: meta.version, offers: requestOffers });
    offers.push(...requestOffers);
  }

  const today = dayNumber(part.snapshot.today);
  const requestsById = new Map(part.snapshot.requests.map((r) => [r.id, r]));
  const unfilled: CommitUnfilled[] = result.unfilled.map((u) => {
    const meta = part.requests[u.request_id]!;
    const expire = dayNumber(requestsById.get(u.request_id)!.window_end) <= today;
    const computed: StoredExplanation = {
      reason: u.reason,
      filled: u.filled,
      needed: u.needed,
      ...(u.nearest_km === undefined ? {} : { nearest_km: u.nearest_km }),
      funnel: u.funnel,
      taken_by: u.taken_by,
      run_id: part.run_id,
    };
    // A request whose window has passed keeps the reason it last had while it could still be matched.
    return {
      hub: meta.hub,
      id: meta.id,
      version: meta.version,
      explanation: meta.previous ?? computed,
      expire,
    };
  });

  const commit = await store.commitComponent(part.run_id, `c${part.component}`, filled, unfilled);
  const byReason: Record<string, number> = {};
  for (const u of result.unfilled) byReason[u.reason] = (byReason[u.reason] ?? 0) + 1;
  const outcome: PartOutcome = {
    component: part.component,
    requests: result.stats.requests,
    filled: result.objective.filled,
    priority_filled: result.objective.priority_filled,
    assignments: result.assignments.length,
    unfilled_by_reason: byReason,
    committed: commit.committed,
    skipped: commit.skipped,
    applied: commit.applied,
    seconds: Math.round(performance.now() - started) / 1000,
  };
  log.info(
    { run: part.run_id, ...outcome },
    commit.applied ? 'component committed' : 'component was already committed',
  );
  return { outcome, offers };
}
