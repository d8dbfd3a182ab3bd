import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Ambassador, NotFoundError, personalFields } from '@stem-match/domain';
import type { Redis } from 'ioredis';
import { isRunInputsBlobKey, scrubRunInputs } from './run-inputs.js';
import type { Store } from './store.js';

/** What an erasure took out. */
export interface Erasure {
  ambassador: string;
  /** The record's fields removed (names only). */
  fields: string[];
  /** Keys (other than the record) in which the person's values were found and replaced. */
  keys: string[];
}

/** What is put where a person's value was. */
export const ERASED = '[erased]';

/**
 * Fields of an ambassador's record erased on request: the personal ones (name, email, phone) and
 * the employer, which with a location can point at one person. What the programme counts — hub,
 * base, subjects, DBS dates, availability, capacity — stays, under the ambassador's id, so reports
 * keep their totals.
 */
const ERASED_FIELDS = [...personalFields(Ambassador), 'employer'];

const zip = promisify(gzip);
const unzip = promisify(gunzip);
const BATCH = 500;

/**
 * UK GDPR erasure of one ambassador: removes the personal fields from their record, then finds the
 * person's values (their name, email, phone and employer as they were on record) anywhere under the
 * given prefixes — the store's and the queues' — and replaces them: string keys (gzipped run parts
 * too), hashes (BullMQ job data, failure reasons), lists, sets, sorted sets and streams (the audit
 * trail; an entry is replaced by a copy without them, at its original time) and the run inputs kept for
 * replay (re-sealed, the amendment noted: see scrubRunInputs). An audit entry records
 * the erasure itself, naming no value. Idempotent: a second erasure finds nothing left.
 */
export async function eraseAmbassador(
  store: Store,
  id: string,
  options: { alsoUnder?: readonly string[]; now?: Date } = {},
): Promise<Erasure> {
  const redis = store.client as Redis;
  const recordKey = store.keys.ambassador(id);
  const json = await redis.get(recordKey);
  if (json === null) throw new NotFoundError(`no ambassador with id ${id}`);
  const record = JSON.parse(json) as Record<string, unknown>;
  const fields = ERASED_FIELDS.filter((f) => record[f] !== undefined);
  const values = fields
    .map((f) => record[f])
    .filter((v): v is string => typeof v === 'string' && v.trim().length >= 3);
  for (const f of fields) delete record[f];
  await redis.set(recordKey, JSON.stringify(record));

  const keys: string[] = [];
  if (values.length > 0) {
    const replace = replacer(values);
    for (const prefix of [store.keys.prefix, ...(options.alsoUnder ?? [])])
      for await (const batch of scanKeys(redis, prefix))
        for (const key of batch)
          if (key !== recordKey && !isRunInputsBlobKey(key) && (await scrubKey(redis, key, replace)))
            keys.push(key);
    // Run inputs kept for replay are brotli-compressed and digest-sealed: scrubbed and re-sealed apart.
    keys.push(
      ...(await scrubRunInputs(store, replace, {
        ambassador: id,
        ...(options.now ? { now: options.now } : {}),
      })),
    );
  }
  const at = (options.now ?? new Date()).toISOString();
  const entry = ['at', at, 'event', 'erased', 'actor', 'system:erasure', 'ambassador', id];
  await redis
    .multi()
    .xadd(store.keys.audit, '*', ...entry)
    .xadd(store.keys.ambassadorAudit(id), '*', ...entry)
    .exec();
  return { ambassador: id, fields, keys: [...new Set(keys)].sort() };
}

type Replace = (text: string) => string;

/** Replaces each value as written and as it appears inside a JSON string (escaped), case-insensitively. */
function replacer(values: readonly string[]): Replace {
  const forms = [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))].sort(
    (a, b) => b.length - a.length,
  );
  const pattern = new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return (text) => text.replace(pattern, ERASED);
}

async function* scanKeys(redis: Redis, prefix: string): AsyncIterable<string[]> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', BATCH);
    if (keys.length > 0) yield keys;
    cursor = next;
  } while (cursor !== '0');
}

/** Rewrites one key without the values; true if it held any. */
async function scrubKey(redis: Redis, key: string, replace: Replace): Promise<boolean> {
  const changed = (s: string) => replace(s) !== s;
  switch (await redis.type(key)) {
    case 'string': {
      const raw = await redis.getBuffer(key);
      if (!raw) return false;
      const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
      const text = (gzipped ? await unzip(raw) : raw).toString('utf8');
      if (!changed(text)) return false;
      const out = Buffer.from(replace(text), 'utf8');
      // KEEPTTL: a run part still expires when it would have.
      await redis.set(key, gzipped ? await zip(out) : out, 'KEEPTTL');
      return true;
    }
    case 'hash': {
      const hash = await redis.hgetall(key);
      const dirty = Object.entries(hash).filter(([f, v]) => changed(f) || changed(v));
      if (dirty.length === 0) return false;
      const multi = redis.multi();
      for (const [f, v] of dirty) {
        if (changed(f)) multi.hdel(key, f);
        multi.hset(key, replace(f), replace(v));
      }
      await multi.exec();
      return true;
    }
    case 'list': {
      const items = await redis.lrange(key, 0, -1);
      const multi = redis.multi();
      items.forEach((v, i) => {
        if (changed(v)) multi.lset(key, i, replace(v));
      });
      return (await multi.exec())!.length > 0;
    }
    case 'set': {
      const members = (await redis.smembers(key)).filter(changed);
      if (members.length === 0) return false;
      await redis
        .multi()
        .srem(key, ...members)
        .sadd(key, ...members.map(replace))
        .exec();
      return true;
    }
    case 'zset': {
      const flat = await redis.zrange(key, 0, -1, 'WITHSCORES');
      const multi = redis.multi();
      let any = false;
      for (let i = 0; i < flat.length; i += 2) {
        if (!changed(flat[i]!)) continue;
        any = true;
        multi.zrem(key, flat[i]!).zadd(key, flat[i + 1]!, replace(flat[i]!));
      }
      if (any) await multi.exec();
      return any;
    }
    case 'stream':
      return scrubStream(redis, key, replace);
    default:
      return false;
  }
}

/**
 * A stream's entries cannot be edited, nor re-added under their old ids: an entry holding the
 * values is deleted and (for the audit trail) added again without them — its `at` field keeps its
 * original time, and the trail is read in `at` order. BullMQ's event streams are notifications:
 * their entries are only deleted.
 */
async function scrubStream(redis: Redis, key: string, replace: Replace): Promise<boolean> {
  const events = key.endsWith(':events');
  let any = false;
  let start = '-';
  for (;;) {
    const entries = await redis.xrange(key, start, '+', 'COUNT', BATCH);
    const dirty = entries.filter(([, fields]) => fields.some((f) => replace(f) !== f));
    for (const [entryId, fields] of dirty) {
      const multi = redis.multi().xdel(key, entryId);
      if (!events) multi.xadd(key, '*', ...fields.map(replace));
      await multi.exec();
      any = true;
    }
    if (entries.length < BATCH) return any;
    start = `(${entries.at(-1)![0]}`;
  }
}
