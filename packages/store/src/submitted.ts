import type { ActivityRequest, StoredRequest } from '@stem-match/domain';
import { inFlight } from './in-flight.js';
import { type RequestStreamOptions, readRequestRows } from './request-rows.js';
import type { Store } from './store.js';

/**
 * Requests as submitted are also appended to chunks of this many, one JSON line each (the submit
 * script does it): a report reads a thousand requests' details with one value, and asks Redis per
 * request only for what changes — status, explanation, offers.
 */
export const REQUEST_CHUNK = 1000;

/** A request as the chunks hold it: as submitted, less its hosting times (only the matcher reads them). */
export type SubmittedRequest = Omit<ActivityRequest, 'times'>;

/** The chunk line for a request: JSON, which never holds a raw line break. */
export function submittedLine(request: Omit<ActivityRequest, 'status'>): string {
  const { times: _times, ...line } = request;
  return JSON.stringify(line);
}

/**
 * Lua for the submit script: appends the request's `line` to the open chunk; a chunk that fills up
 * is copied once so it keeps no room to grow (APPEND leaves as much again spare).
 */
export const APPEND_SUBMITTED = `
local n = redis.call('INCR', prefix .. ':reqs:data:next') - 1
local chunk = prefix .. ':reqs:data:' .. math.floor(n / ${REQUEST_CHUNK})
redis.call('APPEND', chunk, line .. '\\n')
if (n + 1) % ${REQUEST_CHUNK} == 0 then redis.call('SET', chunk, redis.call('GET', chunk)) end
`;

/**
 * A request and what has happened to it: what a report reads. No version or timestamps, and no
 * hosting times when it comes from the chunks.
 */
export type RequestState = Pick<StoredRequest, 'status' | 'explanation' | 'offers'> & {
  request: SubmittedRequest;
};

/** Chunks being read at once: Redis answers one while the client decodes another. */
const IN_FLIGHT = 3;

/**
 * Every request once, with its current state, chunk by chunk in the order submitted. `undefined`
 * when some requests were stored before chunks (the caller reads those stores request by request).
 */
export async function readSubmitted(
  store: Store,
  options: RequestStreamOptions,
): Promise<AsyncIterable<RequestState[]> | undefined> {
  // The count of requests first: a submit landing between the two replies adds to both, so the
  // chunks can only seem to hold more, never fewer.
  const [requests, lines] = await Promise.all([
    store.client.scard(store.keys.requests),
    store.client.get(store.keys.submittedNext),
  ]);
  if (Number(lines ?? 0) < requests) return undefined;
  const chunk = async (n: number): Promise<RequestState[]> => {
    const text = await store.client.get(store.keys.submittedChunk(n));
    if (!text) return [];
    const submitted = JSON.parse(`[${text.slice(0, -1).replaceAll('\n', ',')}]`) as SubmittedRequest[];
    const refs = submitted.map((r) => `${r.hub}:${r.id}`);
    const rows = await readRequestRows(store, options, STATE_FIELDS, refs);
    const out: RequestState[] = [];
    for (const [i, row] of rows.entries()) {
      if (!row) continue;
      const [status, explanation] = row.values as [RequestState['status'], string | null];
      const request = submitted[i]!;
      request.status = status;
      const state: RequestState = { request, status, offers: row.offers };
      if (explanation) state.explanation = JSON.parse(explanation);
      out.push(state);
    }
    return out;
  };
  const chunks = Array.from({ length: Math.ceil(Number(lines ?? 0) / REQUEST_CHUNK) }, (_, n) => n);
  return inFlight(chunks, IN_FLIGHT, chunk);
}

/** What changes in a request after it is submitted; the status also tells whether it exists. */
const STATE_FIELDS = ['status', 'explanation'];
