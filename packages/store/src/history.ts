import { createHash } from 'node:crypto';
import type { HistoryRecord } from '@stem-match/domain';
import { decodeHistory, encodeHistory } from './history-codec.js';
import { inFlight } from './in-flight.js';
import type { Progress, Store } from './store.js';

/**
 * Imported history is kept in chunks: strings of up to this many records, one record a line (see
 * history-codec.ts), so a report reads a thousand records with one value instead of a thousand hash
 * entries.
 */
export const HISTORY_CHUNK = 1000;

/** Records per import script call. */
const WRITE_BATCH = 1000;
/** Chunks per read, and reads in flight: Redis sends one batch while the client parses another. */
const READ_CHUNKS = 2;
const IN_FLIGHT = 2;

/**
 * Appends records not seen before to the open chunk. KEYS[1]: the digest index (digest -> chunk
 * number). ARGV: prefix, chunk size, then digest and line per record. A digest whose value is the
 * record's JSON was stored before history was chunked: its record moves into a chunk now. Lines go
 * into a chunk with one APPEND per chunk per call, and a chunk that fills up is copied once so it
 * keeps no room to grow (APPEND leaves as much again spare). Returns how many records it added.
 */
export const PUT_HISTORY = `
local prefix, size = ARGV[1], tonumber(ARGV[2])
local nextKey = prefix .. ':history:next'
local written = tonumber(redis.call('GET', nextKey) or '0')
local added, lines = 0, {}
local function flush(chunk)
  if #lines == 0 then return end
  local key = prefix .. ':history:' .. chunk
  redis.call('APPEND', key, table.concat(lines))
  lines = {}
  if written % size == 0 then redis.call('SET', key, redis.call('GET', key)) end
end
for i = 3, #ARGV, 2 do
  local was = redis.call('HGET', KEYS[1], ARGV[i])
  if not was or string.byte(was, 1) == 123 then
    local chunk = math.floor(written / size)
    redis.call('HSET', KEYS[1], ARGV[i], chunk)
    lines[#lines + 1] = ARGV[i + 1] .. '\\n'
    written = written + 1
    added = added + 1
    if written % size == 0 then flush(chunk) end
  end
end
flush(math.floor(written / size))
if added > 0 then redis.call('SET', nextKey, written) end
return added`;

/** Past activities, keyed by their content so a re-import adds nothing new; returns how many were new. */
export async function putHistory(
  store: Store,
  records: readonly HistoryRecord[],
  onProgress?: Progress,
): Promise<number> {
  let added = 0;
  for (let i = 0; i < records.length; i += WRITE_BATCH) {
    const args: string[] = [];
    for (const r of records.slice(i, i + WRITE_BATCH)) {
      // The digest is of the JSON, as before chunks, so records a store held before them are known.
      args.push(createHash('sha1').update(JSON.stringify(r)).digest('hex'), encodeHistory(r));
    }
    added += await store.scripts.stemPutHistory(
      store.keys.history,
      store.keys.prefix,
      String(HISTORY_CHUNK),
      ...args,
    );
    onProgress?.(Math.min(i + WRITE_BATCH, records.length), records.length);
  }
  return added;
}

/** Every imported record once, in batches of whole chunks, oldest import first. */
export async function* readHistory(store: Store): AsyncIterable<HistoryRecord[]> {
  const written = Number((await store.client.get(store.keys.historyNext)) ?? 0);
  const chunks = Math.ceil(written / HISTORY_CHUNK);
  const groups: string[][] = [];
  for (let from = 0; from < chunks; from += READ_CHUNKS)
    groups.push(
      Array.from({ length: Math.min(READ_CHUNKS, chunks - from) }, (_, i) =>
        store.keys.historyChunk(from + i),
      ),
    );
  yield* inFlight(groups, IN_FLIGHT, async (keys) => decodeChunks(await store.client.mget(...keys)));
}

function decodeChunks(chunks: Array<string | null>): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  for (const text of chunks) if (text) decodeHistory(text, out);
  return out;
}
