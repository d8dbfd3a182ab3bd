import { createHash } from 'node:crypto';
import {
  ActivityRequest,
  type HistoryRecord,
  type Offer,
  type StoredRequest,
  weeklyPattern,
} from '@stem-match/domain';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_CHUNK } from '../src/history.js';
import {
  collect,
  type RequestState,
  Store,
  streamHistory,
  streamRequestStates,
  streamRequests,
  testRedis,
} from '../src/index.js';
import { REQUEST_CHUNK } from '../src/submitted.js';

const { redis, prefix, cleanup } = testRedis('stream');
const store = new Store(redis, prefix);
afterAll(cleanup);

const request = (id: string) =>
  ActivityRequest.parse({
    id,
    organisation_id: '100001',
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2026-12-07',
    window_end: '2026-12-11',
    times: weeklyPattern('Mon-Fri 09:00-15:00'),
    duration_min: 60,
    created_at: '2026-11-01T09:00:00+00:00',
  });
const offer = (requestId: string, ambassador: string): Offer => ({
  request_id: requestId,
  hub: 'se',
  ambassador_id: ambassador,
  sessions: [{ session: 1, start: '2026-12-08T10:00:00+00:00', end: '2026-12-08T11:00:00+00:00' }],
  distance_km: 3.2,
  mode: 'in_person',
  status: 'offered',
  run_id: 'run-1',
  offered_at: '2026-11-24T02:00:00+00:00',
  reply_by: '2026-12-01T02:00:00+00:00',
});
const activity = (i: number): HistoryRecord => ({
  organisation_id: `O${i % 7}`,
  ambassador_id: `A${i % 11}`,
  request_id: `H${i}`,
  activity_type: 'talk',
  start: '2026-10-05T10:00:00+00:00',
  end: '2026-10-05T11:00:00+00:00',
  status: 'completed',
  volunteer_hours: 1,
  participants: i % 30,
});

describe('streamRequests', () => {
  it('streams what getRequests reads, with or without offers, and only those holding offers', async () => {
    // 2,500 requests (more than one batch), every third with an offer and one explained but unfilled.
    const n = 2500;
    await Promise.all(Array.from({ length: n }, (_, i) => store.createRequest(request(`R${i}`), 'hub:se')));
    const refs = Array.from({ length: n }, (_, i) => `se:R${i}`);
    const stored = await store.getRequests(refs);
    await store.commitComponent(
      'run-1',
      'c1',
      stored
        .filter((_, i) => i % 3 === 0)
        .map((s) => ({
          hub: 'se',
          id: s.request.id,
          version: s.version,
          offers: [offer(s.request.id, 'A1')],
        })),
      stored
        .filter((_, i) => i % 3 === 1)
        .map((s) => ({
          hub: 'se',
          id: s.request.id,
          version: s.version,
          expire: true,
          explanation: {
            reason: 'no_common_time' as const,
            filled: 0,
            needed: 1,
            nearest_km: 4,
            funnel: [3, 3, 3, 3, 3, 0],
            taken_by: [],
            run_id: 'run-1',
          },
        })),
    );
    const byRef = (rs: StoredRequest[]) => new Map(rs.map((r) => [`${r.request.hub}:${r.request.id}`, r]));
    const expected = byRef(await store.getRequests(refs));

    const all = await collect(streamRequests(store));
    expect(all).toHaveLength(n);
    expect(byRef(all)).toEqual(expected);

    const bare = await collect(streamRequests(store, { offers: false }));
    expect(bare).toHaveLength(n);
    expect(bare.every((r) => r.offers.length === 0)).toBe(true);
    expect(byRef(bare)).toEqual(new Map([...expected].map(([k, v]) => [k, { ...v, offers: [] }])));

    const held = await collect(streamRequests(store, { offers: false, withOffersOnly: true }));
    expect(held.map((r) => r.request.id).sort()).toEqual(
      [...expected.values()]
        .filter((r) => r.offers.length > 0)
        .map((r) => r.request.id)
        .sort(),
    );
    expect(byRef(held)).toEqual(new Map([...expected].filter(([, v]) => v.offers.length > 0)));

    // Reports' reader: the same requests and states from the submitted chunks, or, in a store
    // holding requests from before chunks, request by request.
    // (The chunks leave out hosting times: only the matcher reads them.)
    const states = (rs: Array<RequestState | StoredRequest>) =>
      new Map(
        rs.map(({ request, status, explanation, offers }) => {
          const details: Partial<StoredRequest['request']> = { ...request };
          delete details.times;
          return [
            `${request.hub}:${request.id}`,
            { request: details, status, offers, ...(explanation ? { explanation } : {}) },
          ];
        }),
      );
    for (const options of [{}, { offers: false }, { withOffersOnly: true }]) {
      const want = states(await collect(streamRequests(store, options)));
      const chunked = await collect(streamRequestStates(store, options));
      expect(chunked).toHaveLength(want.size);
      expect(states(chunked)).toEqual(want);
    }
    const lines = await redis.get(store.keys.submittedNext);
    expect(Number(lines)).toBe(n);
    await redis.del(store.keys.submittedNext);
    expect(states(await collect(streamRequestStates(store)))).toEqual(
      states(await collect(streamRequests(store))),
    );
    await redis.set(store.keys.submittedNext, lines!);
  });

  it('keeps a submitted chunk to its records, with no room to grow once full', async () => {
    const full = await redis.get(store.keys.submittedChunk(0));
    expect(full!.split('\n')).toHaveLength(REQUEST_CHUNK + 1);
    expect(JSON.parse(full!.split('\n')[0]!)).toMatchObject({ hub: 'se' });
    // Redis reports an allocation close to the text's length: no doubling left by APPEND.
    expect(Number(await redis.memory('USAGE', store.keys.submittedChunk(0)))).toBeLessThan(
      full!.length * 1.5,
    );
  });
});

describe('history in chunks', () => {
  const { redis: r2, prefix: p2, cleanup: c2 } = testRedis('stream-history');
  const history = new Store(r2, p2);
  afterAll(c2);

  it('keeps each record once however often and in whatever batches it is imported', async () => {
    const records = Array.from({ length: 2 * HISTORY_CHUNK + 500 }, (_, i) => activity(i));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: records.length - 1 }), { minLength: 1, maxLength: 5 }),
        async (cuts) => {
          const s = new Store(r2, `${p2}:prop`);
          const chunks = Array.from({ length: 4 }, (_, n) => s.keys.historyChunk(n));
          await r2.unlink(s.keys.history, s.keys.historyNext, ...chunks);
          // Several imports of overlapping slices of the same records.
          const sorted = [...cuts].sort((a, b) => a - b);
          for (let i = 0; i < sorted.length; i++)
            await s.putHistory(records.slice(Math.max(0, (sorted[i - 1] ?? 0) - 100), sorted[i]! + 1));
          const seen = await collect(streamHistory(s));
          const wanted = records.slice(0, sorted.at(-1)! + 1);
          expect(seen.map((h) => h.request_id).sort()).toEqual(wanted.map((h) => h.request_id).sort());
          expect(await r2.hlen(s.keys.history)).toBe(wanted.length);
        },
      ),
      { numRuns: 6 },
    );
  }, 30_000);

  it('reads batches of whole chunks, and moves records stored before chunking into chunks', async () => {
    const records = Array.from({ length: 2 * HISTORY_CHUNK + 10 }, (_, i) => activity(i));
    await history.putHistory(records);
    const sizes: number[] = [];
    for await (const batch of streamHistory(history)) sizes.push(batch.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(records.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * HISTORY_CHUNK);

    // The layout before chunks: digest -> record JSON. Importing the record again moves it.
    const legacy = activity(999_999);
    const json = JSON.stringify(legacy);
    await r2.hset(history.keys.history, createHash('sha1').update(json).digest('hex'), json);
    expect((await collect(streamHistory(history))).some((h) => h.request_id === 'H999999')).toBe(false);
    await history.putHistory([legacy, records[0]!]);
    const after = await collect(streamHistory(history));
    expect(after).toHaveLength(records.length + 1);
    expect(after.filter((h) => h.request_id === 'H999999')).toEqual([legacy]);
  });
});
