import type { Offer } from '@stem-match/domain';
import type { Store } from './store.js';

/** What a reader of requests needs: Redis spends most of a request's read on the offers. */
export interface RequestStreamOptions {
  /** Read each request's offers (default true); without them `offers` is empty. */
  offers?: boolean;
  /** Only requests that hold at least one offer (e.g. a count of activities); implies `offers`. */
  withOffersOnly?: boolean;
}

/**
 * Fields of many requests' hashes, and their offers, in one round trip and one flat reply (nested
 * replies cost Redis and the client more): per request its fields (nil where absent; all nil when it
 * is left out for holding no offer), the number of offers, each offer's JSON. KEYS[1] (the request
 * index) only routes the call to the store's slot; keys are built from the prefix and share its hash
 * tag. ARGV: prefix, '1' to read offers, '1' to leave out requests without offers, the number of
 * fields, the fields, then the `hub:id` references.
 */
export const READ_ROWS = `
local prefix, withOffers, offersOnly, width = ARGV[1], ARGV[2] == '1', ARGV[3] == '1', tonumber(ARGV[4])
local fields = {}
for j = 1, width do fields[j] = ARGV[4 + j] end
local out, none = {}, {}
for i = 5 + width, #ARGV do
  local ref = ARGV[i]
  local offers = none
  if withOffers then offers = redis.call('HVALS', prefix .. ':offers:' .. ref) end
  local n = #out
  if offersOnly and #offers == 0 then
    for j = 1, width do out[n + j] = false end
    out[n + width + 1] = 0
  else
    local h = redis.call('HMGET', prefix .. ':req:' .. ref, unpack(fields))
    for j = 1, width do out[n + j] = h[j] end
    out[n + width + 1] = #offers
    for j = 1, #offers do out[n + width + 1 + j] = offers[j] end
  end
end
return out`;

/** A request's fields, in the order asked, and its offers. */
export interface RequestRow {
  values: Array<string | null>;
  offers: Offer[];
}

/**
 * Per reference, in order, its fields and offers; undefined for a request not on record (its first
 * field absent) or left out for holding no offer. Records are returned as the store wrote them,
 * validated on the way in, not validated again.
 */
export async function readRequestRows(
  store: Store,
  options: RequestStreamOptions,
  fields: readonly string[],
  refs: readonly string[],
): Promise<Array<RequestRow | undefined>> {
  const offersOnly = options.withOffersOnly === true;
  const reply = await store.scripts.stemReadRows(
    store.keys.requests,
    store.keys.prefix,
    offersOnly || options.offers !== false ? '1' : '0',
    offersOnly ? '1' : '0',
    String(fields.length),
    ...fields,
    ...refs,
  );
  const rows: Array<RequestRow | undefined> = [];
  const width = fields.length;
  for (let i = 0; i < reply.length; ) {
    const values = reply.slice(i, i + width) as Array<string | null>;
    const n = Number(reply[i + width]);
    if (values[0] === null) rows.push(undefined);
    else {
      const offers: Offer[] = new Array(n);
      for (let j = 0; j < n; j++) offers[j] = JSON.parse(reply[i + width + 1 + j] as string);
      rows.push({ values, offers });
    }
    i += width + 1 + n;
  }
  return rows;
}
