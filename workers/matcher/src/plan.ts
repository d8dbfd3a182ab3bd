import { availableParallelism } from 'node:os';
import {
  type ActivityRequest,
  Ambassador,
  BOOKING_STATUSES,
  dayNumber,
  dayToDate,
  isoWeekday,
  Policy,
  type PolicyInput,
  personalFields,
  type StoredRequest,
  toLondonWallClock,
} from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import { type MatchSnapshot, type Part, partition, subSnapshot } from '@stem-match/matching';
import { putRunPart, readSnapshot, requestRef, type Store } from '@stem-match/store';
import type { RunPart } from './part.js';

export interface PlannedPart {
  part: number;
  key: string;
  /** The components it bundles, by their number in the run. */
  components: number[];
  requests: number;
}

const PERSONAL = personalFields(Ambassador);

function withoutPersonal(ambassador: Ambassador): Ambassador {
  const copy: Record<string, unknown> = { ...ambassador };
  for (const field of PERSONAL) delete copy[field];
  return copy as Ambassador;
}

/**
 * The request the engine is asked to fill. Ids become `hub:id`. A request resuming after a DBS
 * withdrawal asks only for its remaining sessions, at the time the series already keeps, and only for
 * as many ambassadors as no longer hold them (the others' offers stand; see DBS_WITHDRAW).
 */
function engineRequest(s: StoredRequest): ActivityRequest {
  const id = requestRef(s.request.hub, s.request.id);
  if (!s.resume) return { ...s.request, id };
  const from = s.resume.from_session;
  const last = s.request.sessions;
  const holding = s.offers.filter(
    (o) =>
      BOOKING_STATUSES.includes(o.status) &&
      o.sessions.some((x) => x.session === from) &&
      o.sessions.some((x) => x.session === last),
  ).length;
  const at = toLondonWallClock(s.resume.start);
  const date = dayToDate(at.day);
  return {
    ...s.request,
    id,
    needed: Math.max(1, s.request.needed - holding),
    sessions: last - from + 1,
    window_start: date,
    window_end: date,
    times: [{ day: isoWeekday(at.day), start: at.minute, end: at.minute + s.request.duration_min }],
  };
}

/**
 * An offered request a run may re-plan (Policy.replan.change_offers): every offer that holds time is
 * still unanswered — a run never moves an accepted assignment — and none resumes part-way.
 */
export function replannable(s: StoredRequest): boolean {
  if (s.status !== 'offered' || s.resume) return false;
  const holding = s.offers.filter((o) => BOOKING_STATUSES.includes(o.status));
  return holding.length > 0 && holding.every((o) => o.status === 'offered');
}

/** Parts a run is split into by default: enough to keep every CPU busy, few enough that each is worth a job. */
export const defaultParts = (): number => 2 * availableParallelism();

/**
 * Groups components (given by their sizes) into at most `count` bundles, none bigger than an even
 * share of the total unless one component alone is: largest first, each into the fullest bundle it
 * still fits, else a new bundle, else (all `count` open) the smallest. Small components that share
 * most of their ambassadors (the online ones, say) so end up together instead of spread thinly over
 * many jobs that would each load and index the same ambassadors. Returns each bundle's component
 * numbers in ascending order, the largest bundle first; no bundle is empty.
 */
export function bundleComponents(sizes: readonly number[], count: number): number[][] {
  const most = Math.max(1, count);
  const share = Math.ceil(sizes.reduce((s, n) => s + n, 0) / most);
  const bundles: Bundle[] = [];
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  for (const c of order) {
    const size = sizes[c]!;
    const fits = bundles.filter((b) => b.size + size <= share);
    const into =
      fits.length > 0
        ? fits.reduce((x, y) => (y.size > x.size ? y : x))
        : bundles.length < most
          ? open(bundles)
          : bundles.reduce((x, y) => (y.size < x.size ? y : x));
    into.size += size;
    into.members.push(c);
  }
  return bundles.sort((x, y) => y.size - x.size).map((b) => b.members.sort((x, y) => x - y));
}

interface Bundle {
  size: number;
  members: number[];
}

function open(bundles: Bundle[]): Bundle {
  const bundle: Bundle = { size: 0, members: [] };
  bundles.push(bundle);
  return bundle;
}

/** The union of several components' parts: still independent of every other, so solved exactly alike. */
function merge(parts: readonly Part[]): Part {
  if (parts.length === 1) return parts[0]!;
  const requests = parts.flatMap((p) => p.requests).sort((a, b) => a - b);
  const ambassadors = [...new Set(parts.flatMap((p) => p.ambassadors))].sort((a, b) => a - b);
  return { requests, ambassadors };
}

/**
 * Reads the store's snapshot, splits it into independent components, bundles those into at most
 * `run.parts` parts of similar size and stores each part for its solve job. Request ids become
 * `hub:id` so the same id from two hubs stays two requests inside the engine.
 */
export async function planRun(
  store: Store,
  run: {
    run_id: string;
    today: string;
    seed: number;
    offer_days: number;
    policy?: PolicyInput;
    /** Substitutes to rank and store per filled request for the offer cascade (default none). */
    substitutes?: number;
    /** At most this many parts (solve jobs); default twice the CPUs. */
    parts?: number;
  },
  log: Logger,
): Promise<{
  parts: PlannedPart[];
  /** The policy every part is solved with (recorded on the run). */
  policy: Policy;
  components: number;
  inputs: { organisations: number; ambassadors: number; requests: number; history: number };
  /** The policy's version, recorded on the run. */
  policy_version: string;
}> {
  const started = performance.now();
  const policy = Policy.parse(run.policy ?? {});
  const stored = await readSnapshot(store, policy.replan.change_offers ? { release: replannable } : {});
  // Open requests, then offered ones the run may re-plan (their offers are not bookings this time).
  const asked = [...stored.open, ...stored.released];
  const snapshot: MatchSnapshot = {
    today: run.today,
    organisations: stored.organisations,
    // Parts are kept for days: they carry no names or contact details (the engine reads none).
    ambassadors: stored.ambassadors.map(withoutPersonal),
    requests: asked.map(engineRequest),
    history: stored.history,
    declined: asked.flatMap((s) =>
      s.offers
        .filter((o) => o.status === 'declined' || (s.resume && BOOKING_STATUSES.includes(o.status)))
        .map((o) => ({
          request_id: requestRef(s.request.hub, s.request.id),
          ambassador_id: o.ambassador_id,
        })),
    ),
  };
  const loaded = performance.now();
  const components = partition(snapshot, policy);
  const partitioned = performance.now();
  const today = dayNumber(run.today);
  const bundles = bundleComponents(
    components.map((c) => c.requests.length),
    run.parts ?? defaultParts(),
  );
  const writes = bundles.map(async (members, part): Promise<PlannedPart> => {
    const requests: RunPart['requests'] = {};
    for (const component of members) {
      for (const i of components[component]!.requests) {
        const s = asked[i]!;
        const engine = snapshot.requests[i]!;
        requests[engine.id] = {
          hub: s.request.hub,
          id: s.request.id,
          version: s.version,
          component,
          ...(s.status === 'offered' ? { replaces: s.offers.filter((o) => o.status === 'offered') } : {}),
          ...(s.resume ? { first_session: s.resume.from_session } : {}),
          ...(s.explanation && dayNumber(engine.window_end) <= today ? { previous: s.explanation } : {}),
        };
      }
    }
    const body: RunPart = {
      run_id: run.run_id,
      part,
      components: members,
      seed: run.seed,
      policy,
      offer_days: run.offer_days,
      ...(run.substitutes ? { substitutes: run.substitutes } : {}),
      snapshot: subSnapshot(snapshot, merge(members.map((c) => components[c]!))),
      requests,
    };
    return {
      part,
      key: await putRunPart(store, run.run_id, part, body),
      components: members,
      requests: Object.keys(requests).length,
    };
  });
  const parts = await Promise.all(writes);
  log.info(
    {
      run: run.run_id,
      requests: snapshot.requests.length,
      components: components.length,
      parts: parts.length,
      load_s: seconds(loaded - started),
      partition_s: seconds(partitioned - loaded),
      write_s: seconds(performance.now() - partitioned),
    },
    'match run planned',
  );
  return {
    parts,
    policy,
    components: components.length,
    policy_version: policy.version,
    inputs: {
      organisations: snapshot.organisations.length,
      ambassadors: snapshot.ambassadors.length,
      requests: snapshot.requests.length,
      history: snapshot.history.length,
    },
  };
}

const seconds = (ms: number): number => Math.round(ms) / 1000;
