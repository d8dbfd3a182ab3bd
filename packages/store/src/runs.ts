import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';
import { type MatchRun, MatchRun as MatchRunSchema } from '@stem-match/domain';
import type { Store } from './store.js';

const PART_TTL_S = 2 * 24 * 3600;
/** A run holds the lock at most this long; a crashed run frees it by itself. */
const LOCK_TTL_MS = 6 * 3600 * 1000;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** One match run at a time: returns true if this run now holds the lock. */
export async function acquireRunLock(store: Store, runId: string): Promise<boolean> {
  return (await store.client.set(store.keys.runLock, runId, 'PX', LOCK_TTL_MS, 'NX')) === 'OK';
}

export async function currentRun(store: Store): Promise<string | undefined> {
  return (await store.client.get(store.keys.runLock)) ?? undefined;
}

/** Releases the lock only if this run holds it. */
export async function releaseRunLock(store: Store, runId: string): Promise<void> {
  await store.client.eval(RELEASE, 1, store.keys.runLock, runId);
}

const zip = promisify(gzip);
const unzip = promisify(gunzip);

/**
 * Stores one part of a run (gzipped JSON, kept two days) for its solve job. Compression runs on
 * libuv's thread pool, so a planner writing several parts keeps its own thread for the next one.
 */
export async function putRunPart(store: Store, runId: string, n: number, part: unknown): Promise<string> {
  const key = store.keys.runPart(runId, n);
  // Level 1: parts live for one run; speed matters more than the last few percent of size.
  const blob = await zip(JSON.stringify(part), { level: constants.Z_BEST_SPEED });
  await store.client.set(key, blob, 'EX', PART_TTL_S);
  return key;
}

export async function getRunPart<T>(store: Store, key: string): Promise<T | undefined> {
  const blob = await store.client.getBuffer(key);
  return blob === null ? undefined : (JSON.parse((await unzip(blob)).toString('utf8')) as T);
}

/**
 * Records a run's plan once all its parts are stored. The first plan stands: a run job retried after
 * a crash reuses it instead of planning again from a store its own solve jobs may have changed since.
 * Returns the plan on record.
 */
export async function putRunPlan<T>(store: Store, runId: string, plan: T): Promise<T> {
  const key = store.keys.runPlan(runId);
  const [[, set], [, held]] = (await store.client
    .multi()
    .set(key, JSON.stringify(plan), 'EX', PART_TTL_S, 'NX')
    .get(key)
    .exec()) as [[null, string | null], [null, string]];
  return set === 'OK' ? plan : (JSON.parse(held) as T);
}

export async function getRunPlan<T>(store: Store, runId: string): Promise<T | undefined> {
  const json = await store.client.get(store.keys.runPlan(runId));
  return json === null ? undefined : (JSON.parse(json) as T);
}

/** Records a run as started unless it is already on record (a retried job must not undo its finish). */
export async function putRunIfAbsent(store: Store, run: MatchRun): Promise<void> {
  const valid = MatchRunSchema.parse(run);
  await store.client
    .multi()
    .set(store.keys.run(valid.id), JSON.stringify(valid), 'NX')
    .zadd(store.keys.runs, 'NX', Date.parse(valid.started_at), valid.id)
    .exec();
}

export async function putRun(store: Store, run: MatchRun): Promise<void> {
  const valid = MatchRunSchema.parse(run);
  await store.client
    .multi()
    .set(store.keys.run(valid.id), JSON.stringify(valid))
    .zadd(store.keys.runs, Date.parse(valid.started_at), valid.id)
    .exec();
}

export async function getRun(store: Store, id: string): Promise<MatchRun | undefined> {
  const json = await store.client.get(store.keys.run(id));
  return json === null ? undefined : MatchRunSchema.parse(JSON.parse(json));
}

/** The most recent runs, newest first. */
export async function recentRuns(store: Store, count = 10): Promise<MatchRun[]> {
  const ids = await store.client.zrevrange(store.keys.runs, 0, count - 1);
  const runs = await Promise.all(ids.map((id) => getRun(store, id)));
  return runs.filter((r): r is MatchRun => r !== undefined);
}
