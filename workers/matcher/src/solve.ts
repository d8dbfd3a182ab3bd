import { dayNumber, type HistoryRecord, type Offer, type StoredExplanation } from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import { type MatchResult, type MatchSnapshot, match } from '@stem-match/matching';
import {
  type CommitFilled,
  type CommitUnfilled,
  getRunPart,
  type RecordOptions,
  requestRef,
  type Store,
  type StoredSubstitute,
} from '@stem-match/store';
import { commitInChunks } from './commit-chunks.js';
import type { PartOutcome, RunPart } from './part.js';
import { recordReplay } from './replay-record.js';

const DAY_MS = 86_400_000;

/** An offer lapses after `days`, or the day before its first session if that comes sooner. */
function replyBy(now: number, firstStart: string, days: number): string {
  return new Date(
    Math.max(now + 3600_000, Math.min(now + days * DAY_MS, Date.parse(firstStart) - DAY_MS)),
  ).toISOString();
}

/**
 * Solves one part of a run and commits each of its components exactly once, all in one script. A
 * retried or duplicated job solves the same stored part again (deterministically) and the commit
 * script refuses a second write of any component, so nobody is double-booked. Returns the part's
 * counts and every offer on record from it (for their lapse jobs, which are de-duplicated by id, so a
 * retry that follows a commit still schedules any the first attempt did not).
 */
export async function solvePart(
  store: Store,
  partKey: string,
  log: Logger,
  /** How the part's replay record is kept (retention, size limit); the store's defaults otherwise. */
  replay: RecordOptions = {},
): Promise<{ outcome: PartOutcome; offers: Offer[] }> {
  const started = performance.now();
  const part = await getRunPart<RunPart>(store, partKey);
  if (!part) throw new Error(`run part ${partKey} is missing (expired or never written)`);
  const loaded = performance.now();
  const { result, replanned, snapshot } = await solveStable(part);
  // The offer cascade's substitutes, ranked by the solve against the solution as committed.
  const substitutesOf = new Map(
    (result.substitutes ?? []).map((r) => [
      r.request_id,
      r.substitutes.map(
        (x): StoredSubstitute => ({
          ambassador_id: x.ambassador_id,
          rank: x.rank,
          mode: x.mode,
          distance_km: x.distance_km,
        }),
      ),
    ]),
  );
  const solved = performance.now();
  // Recorded before the commit, so every committed result can be replayed.
  // The snapshot actually solved: with re-planning on and the plan that kept sent offers chosen, not the part's own.
  await recordReplay(store, { ...part, snapshot }, result, log, replay);
  const now = Date.now();
  const offeredAt = new Date(now).toISOString();

  const byComponent = new Map(
    part.components.map((c) => [c, { filled: [] as CommitFilled[], unfilled: [] as CommitUnfilled[] }]),
  );
  const resultOf = (component: number) => {
    const found = byComponent.get(component);
    if (!found)
      throw new Error(`run part ${partKey} has a request of component ${component} it does not list`);
    return found;
  };
  const byRequest = groupBy(result.assignments, (a) => a.request_id);
  for (const [ref, rows] of byRequest) {
    const meta = part.requests[ref]!;
    const byAmbassador = groupBy(rows, (a) => a.ambassador_id);
    let requestOffers = [...byAmbassador].map(([ambassador, sessions]): Offer => {
      const ordered = sessions.sort((x, y) => x.session - y.session);
      return {
        request_id: meta.id,
        hub: meta.hub,
        ambassador_id: ambassador,
        sessions: ordered.map((s) => ({
          session: s.session + (meta.first_session ?? 1) - 1,
          start: s.start,
          end: s.end,
        })),
        distance_km: ordered[0]!.distance_km,
        mode: ordered[0]!.mode,
        status: 'offered',
        run_id: part.run_id,
        offered_at: offeredAt,
        reply_by: replyBy(now, ordered[0]!.start, part.offer_days),
      };
    });
    let replace: Record<string, 'offered' | 'changed' | ''> | undefined;
    if (meta.replaces) {
      // Chosen only when the re-plan fills strictly more (see solveStable); an offer it leaves as
      // sent is carried over (same reply-by date, moved to this run), not sent again.
      const carried = carryOver(meta.replaces, requestOffers, part.run_id);
      requestOffers = carried.offers;
      replace = carried.audit;
    }
    resultOf(meta.component).filled.push({
      hub: meta.hub,
      id: meta.id,
      version: meta.version,
      offers: requestOffers,
      ...(replace ? { replace } : {}),
      ...(substitutesOf.get(ref)?.length ? { substitutes: substitutesOf.get(ref)! } : {}),
    });
  }

  const today = dayNumber(part.snapshot.today);
  const requestsById = new Map(part.snapshot.requests.map((r) => [r.id, r]));
  for (const u of result.unfilled) {
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
    resultOf(meta.component).unfilled.push({
      hub: meta.hub,
      id: meta.id,
      version: meta.version,
      explanation: meta.previous ?? computed,
      expire,
    });
  }

  const commit = await commitInChunks(
    store,
    part.run_id,
    [...byComponent].map(([c, { filled, unfilled }]) => ({ component: `c${c}`, filled, unfilled })),
  );
  const committed = performance.now();
  // A component committed before (by an attempt that died before it could schedule the lapses) keeps
  // the offers on record: those are the ones to lapse, whatever this solve came to.
  const applied = new Set(commit.applied);
  const before = [...byComponent].filter(([c]) => !applied.has(`c${c}`));
  const offers = [...byComponent]
    .filter(([c]) => applied.has(`c${c}`))
    .flatMap(([, { filled }]) => filled.flatMap((f) => f.offers));
  if (before.length > 0) {
    // Every request of those components: what this solve filled need not be what was committed.
    const refs = before.flatMap(([, { filled, unfilled }]) =>
      [...filled, ...unfilled].map((r) => requestRef(r.hub, r.id)),
    );
    for (const s of await store.getRequests(refs, { trusted: true }))
      offers.push(...s.offers.filter((o) => o.run_id === part.run_id && o.status === 'offered'));
  }
  const byReason: Record<string, number> = {};
  for (const u of result.unfilled) byReason[u.reason] = (byReason[u.reason] ?? 0) + 1;
  const outcome: PartOutcome = {
    part: part.part,
    components: part.components.length,
    components_committed: commit.applied.length,
    requests: result.stats.requests,
    filled: result.objective.filled,
    priority_filled: result.objective.priority_filled,
    assignments: result.assignments.length,
    unfilled_by_reason: byReason,
    committed: commit.committed,
    skipped: commit.skipped,
    refused: commit.refused,
    offers_withdrawn: commit.offers_withdrawn,
    offers_changed: commit.offers_changed,
    applied: commit.applied.length > 0,
    seconds: secs(committed - started),
  };
  log.info(
    {
      run: part.run_id,
      ...outcome,
      load_s: secs(loaded - started),
      solve_s: secs(solved - loaded),
      commit_s: secs(committed - solved),
      replanned,
    },
    commit.applied.length === part.components.length
      ? 'part committed'
      : commit.applied.length > 0
        ? 'part committed, some components had been committed before'
        : 'part was already committed',
  );
  return { outcome, offers };
}

/**
 * Stable re-planning. Without requests the run may re-plan (`replaces`), one solve. With them, two:
 * the baseline keeps their offers as sent (bookings, as accepted ones always are), the re-plan may
 * change them; the re-plan is kept only if every re-planned request stays filled, no fewer Priority
 * School requests are filled, and strictly more requests are filled in all.
 */
async function solveStable(
  part: RunPart,
): Promise<{ result: MatchResult; replanned: boolean | undefined; snapshot: MatchSnapshot }> {
  const options = { seed: part.seed, ...(part.substitutes ? { substitutes: part.substitutes } : {}) };
  const movable = new Map(
    Object.entries(part.requests).flatMap(([ref, meta]) =>
      meta.replaces ? [[ref, meta.replaces] as const] : [],
    ),
  );
  if (movable.size === 0)
    return {
      result: await match(part.snapshot, part.policy, options),
      replanned: undefined,
      snapshot: part.snapshot,
    };
  const snap = part.snapshot;
  const kept: HistoryRecord[] = [];
  for (const r of snap.requests) {
    for (const o of movable.get(r.id) ?? []) {
      for (const x of o.sessions) {
        kept.push({
          organisation_id: r.organisation_id,
          ambassador_id: o.ambassador_id,
          request_id: r.id,
          activity_type: r.activity_type,
          start: x.start,
          end: x.end,
          status: 'offered',
        });
      }
    }
  }
  const keptSnapshot: MatchSnapshot = {
    ...snap,
    requests: snap.requests.filter((r) => !movable.has(r.id)),
    history: [...snap.history, ...kept],
  };
  const baseline = await match(keptSnapshot, part.policy, options);
  const replan = await match(snap, part.policy, options);
  const filled = new Set(replan.assignments.map((a) => a.request_id));
  const priorityOrgs = new Set(snap.organisations.filter((o) => o.priority).map((o) => o.id));
  const movablePriority = snap.requests.filter(
    (r) => movable.has(r.id) && priorityOrgs.has(r.organisation_id),
  ).length;
  const better =
    [...movable.keys()].every((ref) => filled.has(ref)) &&
    replan.objective.priority_filled >= baseline.objective.priority_filled + movablePriority &&
    replan.objective.filled > baseline.objective.filled + movable.size;
  return better
    ? { result: replan, replanned: true, snapshot: snap }
    : { result: baseline, replanned: false, snapshot: keptSnapshot };
}

/** The re-planned offers of a request, carrying over the ones it leaves as they were sent. */
function carryOver(
  sent: readonly Offer[],
  planned: readonly Offer[],
  runId: string,
): { offers: Offer[]; audit: Record<string, 'offered' | 'changed' | ''> } {
  const before = new Map(sent.map((o) => [o.ambassador_id, o]));
  const audit: Record<string, 'offered' | 'changed' | ''> = {};
  const offers = planned.map((o) => {
    const was = before.get(o.ambassador_id);
    if (!was) {
      audit[o.ambassador_id] = 'offered';
      return o;
    }
    const same =
      was.sessions.length === o.sessions.length &&
      was.sessions.every((x, i) => x.start === o.sessions[i]!.start && x.session === o.sessions[i]!.session);
    audit[o.ambassador_id] = same ? '' : 'changed';
    return same ? { ...was, run_id: runId } : o;
  });
  return { offers, audit };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const secs = (ms: number): number => Math.round(ms) / 1000;
