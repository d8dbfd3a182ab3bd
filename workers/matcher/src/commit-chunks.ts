import type { CommitComponent, Store } from '@stem-match/store';

/**
 * Requests per commit script, about: a Lua script holds Redis (the whole master, on a cluster) until
 * it returns, so a national part is committed as several scripts of whole components rather than one
 * that would stall every hub's intake for seconds. Each component still commits atomically and
 * exactly once (its marker is set by the script that writes it).
 */
export const COMMIT_CHUNK_REQUESTS = 2000;

/**
 * Splits components, in order, into chunks of at most `limit` requests; a component is never split
 * (one larger than `limit` is a chunk of its own), so its all-or-nothing commit is kept.
 */
export function chunkComponents<T extends { filled: readonly unknown[]; unfilled: readonly unknown[] }>(
  components: readonly T[],
  limit = COMMIT_CHUNK_REQUESTS,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const c of components) {
    const n = c.filled.length + c.unfilled.length;
    if (current.length > 0 && size + n > limit) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(c);
    size += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** store.commitComponents, one bounded script per chunk; the counts summed, the applied joined. */
export async function commitInChunks(
  store: Store,
  runId: string,
  components: readonly CommitComponent[],
  limit = COMMIT_CHUNK_REQUESTS,
): Promise<Awaited<ReturnType<Store['commitComponents']>>> {
  const total = {
    committed: 0,
    skipped: 0,
    explained: 0,
    refused: 0,
    offers_withdrawn: 0,
    offers_changed: 0,
    applied: [] as string[],
  };
  for (const chunk of chunkComponents(components, limit)) {
    const r = await store.commitComponents(runId, chunk);
    total.committed += r.committed;
    total.skipped += r.skipped;
    total.explained += r.explained;
    total.refused += r.refused;
    total.offers_withdrawn += r.offers_withdrawn;
    total.offers_changed += r.offers_changed;
    total.applied.push(...r.applied);
  }
  return total;
}
