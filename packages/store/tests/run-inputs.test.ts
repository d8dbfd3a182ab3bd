import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress } from 'node:zlib';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalDigest,
  getRunInputs,
  hasRunInputs,
  putRunInputs,
  runInputsBlobKey,
  runInputsKey,
  Store,
  scrubRunInputs,
  testRedis,
} from '../src/index.js';

const { redis, prefix, cleanup } = testRedis('run-inputs');
const store = new Store(redis, prefix);
afterAll(cleanup);

const input = {
  snapshot: { today: '2026-11-24', ambassadors: [{ id: 'A1', travel_km: 20, note: 'Priya Shah' }] },
  policy: { version: '2026-11.1' },
  seed: 7,
};
const output = { requests: { 'se:R1': { filled: true, ambassadors: [{ id: 'A1', total: 2.5 }] } } };

describe('canonicalDigest', () => {
  it('is the same for the same value whatever the order of its keys, and differs when a value does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalDigest(reversed)).toEqual(canonicalDigest(obj));
        const changed = { ...obj, '\u0000extra': 1 };
        expect(canonicalDigest(changed).digest).not.toBe(canonicalDigest(obj).digest);
      }),
    );
    expect(canonicalDigest({ b: 1, a: [2, 'x'] }).json).toBe('{"a":[2,"x"],"b":1}');
  });

  it('gives exactly the canonical JSON of RFC 8785 (the canonicalize package), index-like keys too', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalDigest(value).json).toBe(canonicalize(value));
      }),
      { numRuns: 500 },
    );
    const indexKeys = { '10': 'a', '9': 'b', x: { '2': 1, '10': 2 } };
    expect(canonicalDigest(indexKeys).json).toBe('{"10":"a","9":"b","x":{"10":2,"2":1}}');
    expect(canonicalDigest({ n: 1e21, m: -0, f: 0.1 }).json).toBe(canonicalize({ n: 1e21, m: -0, f: 0.1 }));
    // fast-check's counterexample: a key named __proto__ (as JSON.parse makes it) is a key like any other.
    const proto = JSON.parse('[{"__proto__":{}}]') as unknown;
    expect(canonicalDigest(proto).json).toBe('[{"__proto__":{}}]');
  });
});

describe('run inputs', () => {
  it('are recorded once, compressed, with a retention, and read back with their digests', async () => {
    const now = new Date('2026-11-24T02:00:00Z');
    const first = await putRunInputs(
      store,
      'run-1',
      0,
      { input, output, policy_version: '2026-11.1', seed: 7 },
      { now },
    );
    expect(first.recorded).toBe(true);
    expect(first.part).toMatchObject({
      part: 0,
      seed: 7,
      policy_version: '2026-11.1',
      input_digest: canonicalDigest(input).digest,
      output_digest: canonicalDigest(output).digest,
      stored: true,
      expires_at: '2026-12-24T02:00:00.000Z',
    });
    const ttl = await redis.ttl(runInputsBlobKey(store, 'run-1', 0));
    expect(ttl).toBeGreaterThan(29 * 86_400);
    expect(ttl).toBeLessThanOrEqual(30 * 86_400);
    const shorter = await putRunInputs(
      store,
      'run-1b',
      0,
      { input, output, policy_version: 'p', seed: 7 },
      { retentionDays: 2, now },
    );
    expect(shorter.part.expires_at).toBe('2026-11-26T02:00:00.000Z');
    expect(await redis.ttl(runInputsBlobKey(store, 'run-1b', 0))).toBeLessThanOrEqual(2 * 86_400);
    // Stored compressed, not as readable JSON.
    const blob = (await redis.getBuffer(runInputsBlobKey(store, 'run-1', 0)))!;
    expect(blob.toString('latin1')).not.toContain('snapshot');

    // A second record of the same part (a retried job) leaves the first standing.
    const again = await putRunInputs(store, 'run-1', 0, {
      input: { ...input, seed: 8 },
      output,
      policy_version: '2026-11.1',
      seed: 8,
    });
    expect(again).toEqual({ recorded: false, part: first.part });

    const [read] = await getRunInputs(store, 'run-1');
    expect(read!.input).toEqual(input);
    expect(read!.output).toEqual(output);
    expect(read!.input_digest_now).toBe(first.part.input_digest);
    expect(await hasRunInputs(store, 'run-1')).toBe(true);
    expect(await getRunInputs(store, 'no-such-run')).toEqual([]);
  });

  it('keeps only the digests of a part over the size limit', async () => {
    const big = await putRunInputs(
      store,
      'run-2',
      0,
      { input, output, policy_version: 'p', seed: 1 },
      { maxBytes: 10 },
    );
    expect(big.part.stored).toBe(false);
    expect(await redis.exists(runInputsBlobKey(store, 'run-2', 0))).toBe(0);
    const [read] = await getRunInputs(store, 'run-2');
    expect(read).toEqual({ record: big.part });
  });

  it('shows a change to the stored inputs as a digest that no longer matches', async () => {
    await putRunInputs(store, 'run-3', 0, { input, output, policy_version: 'p', seed: 7 });
    const key = runInputsBlobKey(store, 'run-3', 0);
    const text = (await promisify(brotliDecompress)((await redis.getBuffer(key))!)).toString('utf8');
    await redis.set(
      key,
      await promisify(brotliCompress)(Buffer.from(text.replace('"travel_km":20', '"travel_km":80'))),
    );
    const [read] = await getRunInputs(store, 'run-3');
    expect(read!.input_digest_now).not.toBe(read!.record.input_digest);
    expect(read!.output_digest_now).toBe(read!.record.output_digest);

    await redis.set(key, 'not brotli');
    expect((await getRunInputs(store, 'run-3'))[0]!.unreadable).toMatch(
      /run run-3 part 0: its stored inputs cannot be decompressed/,
    );
    await redis.del(key);
    expect((await getRunInputs(store, 'run-3'))[0]!.unreadable).toBe(
      'run run-3 part 0: its stored inputs are missing',
    );
    await redis.hset(runInputsKey(store, 'run-3'), '0', '{"part":0}');
    await expect(getRunInputs(store, 'run-3')).rejects.toThrow(
      /run run-3 part 0: its replay record is not valid \(policy_version/,
    );
  });

  it('erasure replaces a value in stored inputs and re-seals the digest, noting the amendment', async () => {
    await putRunInputs(store, 'run-4', 1, { input, output, policy_version: 'p', seed: 7 });
    const before = (await getRunInputs(store, 'run-4'))[0]!;
    const at = new Date('2026-12-01T10:00:00Z');
    const changed = await scrubRunInputs(store, (t) => t.replaceAll('Priya Shah', '[erased]'), {
      ambassador: 'A1',
      now: at,
    });
    expect(changed).toContain(runInputsBlobKey(store, 'run-4', 1));
    const after = (await getRunInputs(store, 'run-4'))[0]!;
    expect(JSON.stringify(after.input)).not.toContain('Priya');
    expect(JSON.stringify(after.input)).toContain('[erased]');
    expect(after.input_digest_now).toBe(after.record.input_digest);
    expect(after.record.input_digest).not.toBe(before.record.input_digest);
    expect(after.record.output_digest).toBe(before.record.output_digest);
    expect(after.record.amendments).toEqual([
      {
        at: at.toISOString(),
        by: 'erasure',
        ambassador: 'A1',
        previous_input_digest: before.record.input_digest,
      },
    ]);
    // Nothing left to find: a second erasure changes nothing.
    expect(
      (
        await scrubRunInputs(store, (t) => t.replaceAll('Priya Shah', '[erased]'), { ambassador: 'A1' })
      ).filter((k) => k.includes('run-4')),
    ).toEqual([]);
  });
});
