import { Writable } from 'node:stream';
import { ActivityRequest, Ambassador, DEFAULT_POLICY, Organisation, weeklyPattern } from '@stem-match/domain';
import { createLogger } from '@stem-match/log';
import { type MatchSnapshot, match } from '@stem-match/matching';
import { canonicalDigest, getRunInputs, Store, testRedis } from '@stem-match/store';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunPart, recordReplay, replayInput, replayOutput } from '../src/index.js';

// The engine's promise that a replay rests on: from the inputs as stored (JSON, employers left out),
// any seed gives back the recorded result bit for bit.

const HASTINGS = { lat: 50.8543, lon: 0.5735 };
const km = fc.integer({ min: -8, max: 8 }).map((k) => k / 111);
const SUBJECTS = ['physics', 'chemistry', 'maths'] as const;

const arbSnapshot: fc.Arbitrary<MatchSnapshot> = fc
  .record({
    orgs: fc.array(fc.record({ dLat: km, dLon: km, priority: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    ambassadors: fc.array(
      fc.record({
        dLat: km,
        dLon: km,
        subjects: fc.subarray([...SUBJECTS], { minLength: 1 }),
        availability: fc.constantFrom(
          'Mon-Fri 09:00-12:00',
          'Mon 09:00-12:00; Wed 13:00-16:00',
          'Tue 13:00-16:00',
        ),
        online: fc.boolean(),
        max: fc.integer({ min: 1, max: 2 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    requests: fc.array(
      fc.record({
        org: fc.nat(),
        subject: fc.constantFrom(...SUBJECTS),
        needed: fc.constantFrom(1, 1, 2),
        sessions: fc.constantFrom(1, 1, 2),
        start: fc.integer({ min: 1, max: 14 }),
        mode: fc.constantFrom('in_person', 'either' as const),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ orgs, ambassadors, requests }) => ({
    today: '2026-11-30',
    organisations: orgs.map((o, i) =>
      Organisation.parse({
        id: `O${i}`,
        name: `School ${i}`,
        kind: 'secondary',
        lat: HASTINGS.lat + o.dLat,
        lon: HASTINGS.lon + o.dLon,
        priority: o.priority,
        hub: 'se',
      }),
    ),
    ambassadors: ambassadors.map((a, i) =>
      Ambassador.parse({
        id: `A${i}`,
        hub: 'se',
        lat: HASTINGS.lat + a.dLat,
        lon: HASTINGS.lon + a.dLon,
        travel_km: 20,
        in_person: true,
        online: a.online,
        subjects: a.subjects,
        activity_types: ['talk'],
        key_stages: ['KS3'],
        dbs_status: 'cleared',
        dbs_expires: '2029-01-01',
        availability: weeklyPattern(a.availability),
        max_per_month: a.max,
        employer: `Employer ${i}`,
      }),
    ),
    requests: requests.map((r, i) =>
      ActivityRequest.parse({
        id: `se:R${i}`,
        organisation_id: `O${r.org % orgs.length}`,
        hub: 'se',
        activity_type: 'talk',
        subjects: [r.subject],
        key_stage: 'KS3',
        mode: r.mode,
        needed: r.needed,
        sessions: r.sessions,
        window_start: `2026-12-${String(r.start).padStart(2, '0')}`,
        window_end: `2026-12-${String(r.start + 4).padStart(2, '0')}`,
        times: weeklyPattern('Mon-Fri 09:00-15:00'),
        duration_min: 60,
        created_at: '2026-11-01T09:00:00+00:00',
      }),
    ),
    history: [],
  }));

const silent = createLogger({
  name: 'test',
  level: 'fatal',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

describe('replay records', () => {
  it('reproduce the engine result bit for bit from the stored inputs, for any instance and seed', async () => {
    await fc.assert(
      fc.asyncProperty(arbSnapshot, fc.integer({ min: 1, max: 1000 }), async (snapshot, seed) => {
        const result = await match(snapshot, DEFAULT_POLICY, { seed });
        const stored = JSON.parse(
          canonicalDigest(replayInput({ snapshot, policy: DEFAULT_POLICY, seed })).json,
        );
        expect(JSON.stringify(stored)).not.toContain('Employer');
        const again = await match(stored.snapshot, stored.policy, {
          seed: stored.seed,
          solver: stored.solver,
        });
        expect(canonicalDigest(replayOutput(again)).digest).toBe(
          canonicalDigest(replayOutput(result)).digest,
        );
        // Every request is in the result once: filled with its ambassadors, or explained.
        const out = replayOutput(result);
        expect(Object.keys(out.requests).sort()).toEqual(snapshot.requests.map((r) => r.id).sort());
        for (const o of Object.values(out.requests))
          if (o.filled) for (const a of o.ambassadors) expect(a.score.total).toBeTypeOf('number');
      }),
      { numRuns: 60, seed: 20261202 },
    );
  });

  const { redis, prefix, cleanup } = testRedis('replay-record');
  afterAll(cleanup);

  it('are written once per part; a failed write is logged and the solve goes on', async () => {
    const snapshot = fc.sample(arbSnapshot, { numRuns: 1, seed: 7 })[0]!;
    const part: RunPart = {
      run_id: 'run-r',
      part: 0,
      components: [0],
      seed: 1,
      policy: DEFAULT_POLICY,
      offer_days: 7,
      snapshot,
      requests: {},
    };
    const result = await match(snapshot, DEFAULT_POLICY, { seed: 1 });
    const store = new Store(redis, prefix);
    await recordReplay(store, part, result, silent);
    const [record] = await getRunInputs(store, 'run-r');
    expect(record!.record.output_digest).toBe(canonicalDigest(replayOutput(result)).digest);

    // Redis gone: the record is not written, and nothing throws.
    const lines: string[] = [];
    const log = createLogger({
      name: 'test',
      level: 'error',
      destination: new Writable({
        write: (c, _e, done) => {
          lines.push(String(c));
          done();
        },
      }),
    });
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
    await expect(recordReplay(new Store(down, prefix), part, result, log)).resolves.toBeUndefined();
    expect(lines.join('')).toContain('run part replay record not written');
    down.disconnect();
  });
});
