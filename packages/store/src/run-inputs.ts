import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';
import canonicalize from 'canonicalize';
import * as z from 'zod';
import type { Store } from './store.js';

/**
 * What a run part was matched from and what came of it, kept so the run can be replayed bit for bit
 * (`stem-match replay RUN`) for safeguarding audits and funders: the engine's inputs (the part's
 * snapshot, seed and policy) and its result per request, each with a sha256 digest of its canonical
 * JSON (RFC 8785, the `canonicalize` package), so a change to either is found.
 *
 * Kept RETENTION_DAYS (default 30; the matcher's `replay.retentionDays`) under
 * `P:run:<id>:replay` (a hash: part → the record below) and `P:run:<id>:replay:<part>` (the
 * canonical JSON, brotli-compressed). A part whose compressed inputs are over MAX_BYTES keeps its
 * digests only: it can be checked against, not replayed.
 */
export const RecordedPart = z.strictObject({
  part: z.int().min(0),
  policy_version: z.string(),
  seed: z.int(),
  /** sha256 (hex) of the canonical JSON of the engine's inputs, and of its result. */
  input_digest: z.string().regex(/^[0-9a-f]{64}$/),
  output_digest: z.string().regex(/^[0-9a-f]{64}$/),
  /** Size of the canonical JSON, and of what is stored (brotli). */
  json_bytes: z.int().min(0),
  bytes: z.int().min(0),
  /** False when the inputs were over the size limit: only the digests are kept. */
  stored: z.boolean(),
  recorded_at: z.iso.datetime({ offset: true }),
  expires_at: z.iso.datetime({ offset: true }),
  /**
   * Changes made to the stored inputs after the run, each re-sealing the digest: an erasure (UK GDPR)
   * replaces a person's values. The result's digest is not changed: a replay still shows the engine
   * gives the recorded result from the inputs as they now are.
   */
  amendments: z
    .array(
      z.strictObject({
        at: z.iso.datetime({ offset: true }),
        by: z.literal('erasure'),
        ambassador: z.string(),
        previous_input_digest: z.string(),
      }),
    )
    .default([]),
});
export type RecordedPart = z.infer<typeof RecordedPart>;

/**
 * Days a run's replay record is kept by default. A national run's record is about 4.5 MB
 * (`pnpm bench replay`), and every re-match run is a national run too: a month of them is what a
 * Redis sized for the store keeps comfortably. Audits that need longer export the run in time
 * (`stem-match replay RUN --json`) or raise the matcher's `replay.retentionDays`.
 */
export const RETENTION_DAYS = 30;
/** Largest compressed inputs kept for one part (Redis holds a string of up to 512 MB; a national part is a few MB). */
export const MAX_BYTES = 64 * 1024 * 1024;

export interface RecordOptions {
  retentionDays?: number;
  maxBytes?: number;
  now?: Date;
}

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);
/** Quality 5 of 11: a national run's JSON to 8% of its size, in about a second a part (`pnpm bench replay`) */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

/**
 * The canonical JSON (RFC 8785) of a value, and its sha256 digest in hex. A national part is tens of
 * MB of JSON: JSON.stringify with each object's keys sorted gives the same text twice as fast as the
 * `canonicalize` package, which is kept for objects whose key order JavaScript would not keep (keys
 * that look like array indices enumerate first, in numeric order). A property test holds the two equal.
 */
export function canonicalDigest(value: unknown): { json: string; digest: string } {
  let indexLike = false;
  const fast = JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v).sort();
    if (keys.some((k) => INDEX_LIKE.test(k))) indexLike = true;
    // No prototype, so a key named __proto__ is kept as a key rather than setting the prototype.
    const sorted: Record<string, unknown> = Object.create(null);
    for (const k of keys) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
  const json = indexLike ? canonicalize(value) : fast;
  if (json === undefined) throw new TypeError('a run record must be a JSON value');
  return { json, digest: createHash('sha256').update(json, 'utf8').digest('hex') };
}
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

export const runInputsKey = (store: Store, runId: string): string => `${store.keys.run(runId)}:replay`;
export const runInputsBlobKey = (store: Store, runId: string, part: number): string =>
  `${store.keys.run(runId)}:replay:${part}`;
/** Set: the runs with a replay record (so erasure finds them without scanning every key). */
export const runInputsIndexKey = (store: Store): string => `${store.keys.runs}:replay`;
/** True for the keys that hold a part's compressed inputs (erasure reads them through scrubRunInputs). */
export const isRunInputsBlobKey = (key: string): boolean => /:run:[^:]+:replay:\d+$/.test(key);

/**
 * Records one part's inputs and result. The first record stands (a retried solve job matches the same
 * inputs again): returns `recorded: false` and the record on file when there was one, so the caller
 * can compare digests — a difference means the engine was not deterministic.
 */
export async function putRunInputs(
  store: Store,
  runId: string,
  part: number,
  record: { input: unknown; output: unknown; policy_version: string; seed: number },
  options: RecordOptions = {},
): Promise<{ recorded: boolean; part: RecordedPart }> {
  const metaKey = runInputsKey(store, runId);
  const held = await store.client.hget(metaKey, String(part));
  if (held !== null) return { recorded: false, part: parseRecord(held, runId, part) };
  const input = canonicalDigest(record.input);
  const output = canonicalDigest(record.output);
  const body = `{"input":${input.json},"output":${output.json}}`;
  const blob = await compress(Buffer.from(body, 'utf8'), BROTLI);
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  const now = options.now ?? new Date();
  const ttl = Math.round((options.retentionDays ?? RETENTION_DAYS) * 86_400);
  const meta: RecordedPart = {
    part,
    policy_version: record.policy_version,
    seed: record.seed,
    input_digest: input.digest,
    output_digest: output.digest,
    json_bytes: Buffer.byteLength(body, 'utf8'),
    bytes: blob.length,
    stored: blob.length <= maxBytes,
    recorded_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ttl * 1000).toISOString(),
    amendments: [],
  };
  const blobKey = runInputsBlobKey(store, runId, part);
  const multi = store.client
    .multi()
    .hsetnx(metaKey, String(part), JSON.stringify(meta))
    .expire(metaKey, ttl)
    .sadd(runInputsIndexKey(store), runId);
  if (meta.stored) multi.set(blobKey, blob, 'EX', ttl);
  const [[, set]] = (await multi.exec()) as [[null, number], ...unknown[]];
  if (set === 1) return { recorded: true, part: meta };
  // Another attempt recorded this part between the look and the write: its record stands.
  return {
    recorded: false,
    part: parseRecord((await store.client.hget(metaKey, String(part)))!, runId, part),
  };
}

/**
 * Records how many parts the run was planned in, once, so a replay can tell a part whose record is
 * missing (deleted) from a run that had fewer parts.
 */
export async function putRunInputsPlan(
  store: Store,
  runId: string,
  parts: number,
  options: Pick<RecordOptions, 'retentionDays'> = {},
): Promise<void> {
  const key = runInputsKey(store, runId);
  await store.client
    .multi()
    .hsetnx(key, PLAN_FIELD, String(parts))
    .expire(key, Math.round((options.retentionDays ?? RETENTION_DAYS) * 86_400))
    .sadd(runInputsIndexKey(store), runId)
    .exec();
}

/** The parts the run was planned in, when recorded. */
export async function getRunInputsPlan(store: Store, runId: string): Promise<number | undefined> {
  const n = await store.client.hget(runInputsKey(store, runId), PLAN_FIELD);
  return n === null ? undefined : Number(n);
}

const PLAN_FIELD = 'planned_parts';

/** One part's record as read back: the inputs and result (when stored), and what they hash to now. */
export interface StoredRunInputs {
  record: RecordedPart;
  /** Absent when the part was over the size limit. */
  input?: unknown;
  output?: unknown;
  /** Digests of what is stored now: differing from the record's means the stored inputs were changed. */
  input_digest_now?: string;
  output_digest_now?: string;
  /** Why the stored inputs could not be read, when they were kept but cannot be now (deleted, damaged). */
  unreadable?: string;
}

/** The parts of a run on record, in part order; empty when the run has none (never recorded, or expired). */
export async function getRunInputs(
  store: Store,
  runId: string,
  options: { parts?: readonly number[] } = {},
): Promise<StoredRunInputs[]> {
  const all = await store.client.hgetall(runInputsKey(store, runId));
  const records = Object.entries(all)
    .filter(([field]) => field !== PLAN_FIELD)
    .map(([field, json]) => parseRecord(json, runId, Number(field)))
    .filter((r) => options.parts === undefined || options.parts.includes(r.part))
    .sort((a, b) => a.part - b.part);
  const out: StoredRunInputs[] = [];
  for (const record of records) {
    if (!record.stored) {
      out.push({ record });
      continue;
    }
    const blob = await store.client.getBuffer(runInputsBlobKey(store, runId, record.part));
    if (blob === null) {
      out.push({ record, unreadable: `run ${runId} part ${record.part}: its stored inputs are missing` });
      continue;
    }
    let body: { input: unknown; output: unknown };
    try {
      body = await readBody(blob, runId, record.part);
    } catch (err) {
      out.push({ record, unreadable: (err as Error).message });
      continue;
    }
    out.push({
      record,
      input: body.input,
      output: body.output,
      input_digest_now: canonicalDigest(body.input).digest,
      output_digest_now: canonicalDigest(body.output).digest,
    });
  }
  return out;
}

/** Runs that have a replay record, by id: the ones whose record is still kept. */
export async function hasRunInputs(store: Store, runId: string): Promise<boolean> {
  return (await store.client.exists(runInputsKey(store, runId))) === 1;
}

/**
 * Erasure: replaces a person's values (`replace`, from eraseAmbassador) in every stored run input
 * under the store's prefix, re-sealing each changed part's input digest and noting the amendment.
 * Returns the keys changed. Run inputs carry no personal fields (the matcher leaves them out), so this
 * finds something only in a record written by a version, or a mistake, that let one in.
 */
export async function scrubRunInputs(
  store: Store,
  replace: (text: string) => string,
  erasure: { ambassador: string; now?: Date },
): Promise<string[]> {
  const changed: string[] = [];
  const index = runInputsIndexKey(store);
  for (const runId of await store.client.smembers(index)) {
    const metaKey = runInputsKey(store, runId);
    const parts = (await store.client.hkeys(metaKey)).filter((f) => f !== PLAN_FIELD);
    // Expired with its retention: the index forgets it too.
    if (parts.length === 0) await store.client.srem(index, runId);
    for (const part of parts) {
      const key = runInputsBlobKey(store, runId, Number(part));
      const blob = await store.client.getBuffer(key);
      if (blob === null) continue;
      const text = await decompress(blob).then(
        (b) => b.toString('utf8'),
        () => undefined,
      );
      if (text === undefined) {
        // Not a record this module wrote (damaged or replaced): scrubbed as the raw text it is.
        const raw = blob.toString('utf8');
        if (replace(raw) === raw) continue;
        await store.client.set(key, replace(raw), 'KEEPTTL');
        changed.push(key);
        continue;
      }
      const scrubbed = replace(text);
      if (scrubbed === text) continue;
      const body = JSON.parse(scrubbed) as { input: unknown; output: unknown };
      const input = canonicalDigest(body.input);
      const output = canonicalDigest(body.output);
      const record = parseRecord((await store.client.hget(metaKey, part))!, runId, Number(part));
      const out = Buffer.from(`{"input":${input.json},"output":${output.json}}`, 'utf8');
      const amended: RecordedPart = {
        ...record,
        input_digest: input.digest,
        json_bytes: out.length,
        amendments: [
          ...record.amendments,
          {
            at: (erasure.now ?? new Date()).toISOString(),
            by: 'erasure',
            ambassador: erasure.ambassador,
            previous_input_digest: record.input_digest,
          },
        ],
      };
      await store.client
        .multi()
        .set(key, await compress(out, BROTLI), 'KEEPTTL')
        .hset(metaKey, part, JSON.stringify(amended))
        .exec();
      changed.push(key);
    }
  }
  return changed;
}

function parseRecord(json: string, runId: string, part: number): RecordedPart {
  const parsed = RecordedPart.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(
      `run ${runId} part ${part}: its replay record is not valid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    );
  return parsed.data;
}

async function readBody(
  blob: Buffer,
  runId: string,
  part: number,
): Promise<{ input: unknown; output: unknown }> {
  let text: string;
  try {
    text = (await decompress(blob)).toString('utf8');
  } catch {
    throw new Error(
      `run ${runId} part ${part}: its stored inputs cannot be decompressed (damaged or replaced)`,
    );
  }
  try {
    const body = JSON.parse(text) as { input?: unknown; output?: unknown };
    if (body.input === undefined || body.output === undefined) throw new Error('missing');
    return { input: body.input, output: body.output };
  } catch {
    throw new Error(`run ${runId} part ${part}: its stored inputs are not the JSON a record holds`);
  }
}
