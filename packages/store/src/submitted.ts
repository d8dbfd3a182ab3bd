import type { ActivityRequest, StoredRequest } from '@stem-match/domain';
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

/** What a reader of requests needs: Redis spends most of a request's read on the offers. */
export interface RequestStreamOptions {
  /** Read each request's offers (default true); without them `offers` is empty. */
  offers?: boolean;
  /** Only requests that hold at least one offer (e.g. a count of activities); implies `offers`. */
  withOffersOnly?: boolean;
}

/**
 * Per request of a chunk, its state: `status` (nil for a request not on record, or left out because
 * it holds no offer), `explanation`, then the number of offers and each offer's JSON. KEYS[1] (the
 * request index) only routes the call to the store's slot; keys are built from the prefix (ARGV[1]).
 * ARGV[2]: '1' to read offers, ARGV[3]: '1' to leave out requests without offers; then `hub:id`s.
 */
const READ_STATES = `
local prefix, withOffers, offersOnly = ARGV[1], ARGV[2] == '1', ARGV[3] == '1'
local out, none = {}, {}
for i = 4, #ARGV do
  local ref = ARGV[i]
  local offers = none
  if withOffers then offers = redis.call('HVALS', prefix .. ':offers:' .. ref) end
  local n = #out
  if offersOnly and #offers == 0 then
    out[n + 1], out[n + 2], out[n + 3] = false, false, 0
  else
    local h = redis.call('HMGET', prefix .. ':req:' .. ref, 'status', 'explanation')
    out[n + 1], out[n + 2], out[n + 3] = h[1], h[2], #offers
    for j = 1, #offers do out[n + 3 + j] = offers[j] end
  end
end
return out`;

type WithReadStates = Store['client'] & {
  stemReadStates?: (key: string, ...args: string[]) => Promise<Array<string | number | null>>;
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
  const [lines, requests] = await Promise.all([
    store.client.get(store.keys.submittedNext),
    store.client.scard(store.keys.requests),
  ]);
  if (Number(lines ?? 0) < requests) return undefined;
  const client = store.client as WithReadStates;
  if (!client.stemReadStates) client.defineCommand('stemReadStates', { numberOfKeys: 1, lua: READ_STATES });
  const offersOnly = options.withOffersOnly === true;
  const flags = [offersOnly || options.offers !== false ? '1' : '0', offersOnly ? '1' : '0'];
  const chunk = async (n: number): Promise<RequestState[]> => {
    const text = await store.client.get(store.keys.submittedChunk(n));
    if (!text) return [];
    const submitted = JSON.parse(`[${text.slice(0, -1).replaceAll('\n', ',')}]`) as SubmittedRequest[];
    const refs = submitted.map((r) => `${r.hub}:${r.id}`);
    const reply = await client.stemReadStates!(store.keys.requests, store.keys.prefix, ...flags, ...refs);
    return decodeStates(submitted, reply);
  };
  const chunks = Math.ceil(Number(lines ?? 0) / REQUEST_CHUNK);
  return (async function* () {
    const pending: Array<Promise<RequestState[]>> = [];
    for (let n = 0; n < chunks; n++) {
      pending.push(chunk(n));
      if (pending.length >= IN_FLIGHT) yield await pending.shift()!;
    }
    while (pending.length > 0) yield await pending.shift()!;
  })();
}

function decodeStates(submitted: SubmittedRequest[], reply: Array<string | number | null>): RequestState[] {
  const out: RequestState[] = [];
  let i = 0;
  for (const request of submitted) {
    const status = reply[i] as RequestState['status'] | null;
    const explanation = reply[i + 1] as string | null;
    const n = Number(reply[i + 2]);
    if (status !== null) {
      request.status = status;
      const offers: RequestState['offers'] = new Array(n);
      for (let j = 0; j < n; j++) offers[j] = JSON.parse(reply[i + 3 + j] as string);
      const state: RequestState = { request, status, offers };
      if (explanation) state.explanation = JSON.parse(explanation);
      out.push(state);
    }
    i += 3 + n;
  }
  return out;
}
