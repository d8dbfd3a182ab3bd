import { Writable } from 'node:stream';
import { ActivityRequest, Ambassador, Organisation, weeklyPattern } from '@stem-match/domain';
import { createLogger } from '@stem-match/log';
import { getRunPart, Store, testRedis } from '@stem-match/store';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleComponents, planRun, type RunPart, solvePart } from '../src/index.js';

const log = createLogger({
  name: 'test',
  level: 'warn',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

// Two schools 450 km apart, each with its own ambassadors: two independent components.
const schools = [
  { id: '100001', name: 'Hastings Academy', lat: 50.8543, lon: 0.5735 },
  { id: '100002', name: 'Tyneside School', lat: 54.9783, lon: -1.6178 },
].map((s) => Organisation.parse({ ...s, kind: 'secondary', hub: 'se' }));
const ambassador = (id: string, near: Organisation) =>
  Ambassador.parse({
    id,
    hub: 'se',
    lat: near.lat - 0.01,
    lon: near.lon - 0.01,
    travel_km: 30,
    in_person: true,
    online: false,
    subjects: ['physics'],
    activity_types: ['talk'],
    key_stages: ['KS3'],
    dbs_status: 'cleared',
    dbs_expires: '2029-01-01',
    availability: weeklyPattern('Mon-Fri 09:00-12:00'),
    max_per_month: 4,
    name: 'Sam Example',
  });
const request = (id: string, organisation: Organisation) =>
  ActivityRequest.parse({
    id,
    organisation_id: organisation.id,
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2026-12-07',
    window_end: '2026-12-18',
    times: weeklyPattern('Mon-Fri 09:00-15:00'),
    duration_min: 60,
    created_at: '2026-11-20T10:00:00+00:00',
  });

/** A fresh store holding the two schools, three ambassadors and three requests (two in the south). */
async function seeded(): Promise<Store> {
  const { redis, prefix, cleanup } = testRedis('parts');
  cleanups.push(cleanup);
  const store = new Store(redis, prefix);
  const [south, north] = schools as [Organisation, Organisation];
  await store.putOrganisations(schools);
  await store.putAmbassadors([ambassador('A1', south), ambassador('A2', south), ambassador('N1', north)]);
  for (const r of [request('S1', south), request('S2', south), request('N1', north)])
    await store.createRequest(r, 'hub:se');
  return store;
}

const run = (id: string, parts: number) => ({
  run_id: id,
  today: '2026-11-24',
  seed: 1,
  offer_days: 7,
  parts,
});

async function offersOf(store: Store): Promise<Record<string, string[]>> {
  const requests = await store.getRequests(['se:S1', 'se:S2', 'se:N1']);
  return Object.fromEntries(
    requests.map((r) => [
      r.request.id,
      r.offers.map((o) => `${o.ambassador_id} ${o.status} ${o.sessions[0]?.start}`),
    ]),
  );
}

describe('bundleComponents', () => {
  it('puts every component in exactly one bundle, at most `count` bundles, none empty', () => {
    const sizes = [5, 1, 9, 3, 3, 2, 8, 1, 1, 4];
    const bundles = bundleComponents(sizes, 3);
    expect(bundles.length).toBeLessThanOrEqual(3);
    expect(bundles.every((b) => b.length > 0)).toBe(true);
    expect(bundles.flat().sort((a, b) => a - b)).toEqual(sizes.map((_, i) => i));
    const totals = bundles.map((b) => b.reduce((s, c) => s + sizes[c]!, 0));
    expect(Math.max(...totals)).toBeLessThanOrEqual(Math.ceil(37 / 3) + 1);
  });

  it('keeps a giant component alone and gathers the small ones instead of spreading them thinly', () => {
    const sizes = [4581, ...Array.from({ length: 417 }, () => 1)];
    const bundles = bundleComponents(sizes, 4);
    expect(bundles).toHaveLength(2);
    expect(bundles[0]).toEqual([0]);
    expect(bundles[1]).toHaveLength(417);
  });

  it('splits equal components evenly and never makes more bundles than components', () => {
    expect(bundleComponents([1, 1, 1, 1, 1, 1, 1, 1], 4).map((b) => b.length)).toEqual([2, 2, 2, 2]);
    expect(bundleComponents([3, 2], 8)).toEqual([[0], [1]]);
    expect(bundleComponents([3, 2], 0)).toEqual([[0, 1]]);
    expect(bundleComponents([], 4)).toEqual([]);
  });
});

describe('parts (bundled components)', () => {
  it('solves a bundle exactly as its components solved one part each', async () => {
    const bundled = await seeded();
    const single = await planRun(bundled, run('run-b', 1), log);
    expect(single.components).toBe(2);
    expect(single.parts).toHaveLength(1);
    expect(single.parts[0]!.components).toEqual([0, 1]);
    await solvePart(bundled, single.parts[0]!.key, log);

    const apart = await seeded();
    const split = await planRun(apart, run('run-b', 8), log);
    expect(split.parts.map((p) => p.components.join()).sort()).toEqual(['0', '1']);
    for (const p of split.parts) await solvePart(apart, p.key, log);

    const offers = await offersOf(bundled);
    expect(offers).toEqual(await offersOf(apart));
    expect(Object.values(offers).flat()).toHaveLength(3);
  });

  it('stores no personal fields in a part', async () => {
    const store = await seeded();
    const planned = await planRun(store, run('run-p', 1), log);
    const part = await getRunPart<RunPart>(store, planned.parts[0]!.key);
    expect(part!.snapshot.ambassadors.map((a) => a.id).sort()).toEqual(['A1', 'A2', 'N1']);
    expect(part!.snapshot.ambassadors.some((a) => 'name' in a)).toBe(false);
  });

  it('commits a bundle exactly once when its job is retried or delivered twice at once', async () => {
    const store = await seeded();
    const planned = await planRun(store, run('run-r', 1), log);
    const key = planned.parts[0]!.key;
    const [first, duplicate] = await Promise.all([solvePart(store, key, log), solvePart(store, key, log)]);
    expect([first.outcome.applied, duplicate.outcome.applied].sort()).toEqual([false, true]);
    expect(first.outcome.components_committed + duplicate.outcome.components_committed).toBe(2);
    const retried = await solvePart(store, key, log);
    expect(retried.outcome).toMatchObject({ applied: false, components_committed: 0, committed: 0 });
    // Every attempt reports the same offers (for their lapse jobs, de-duplicated by these ids), but
    // each was written once.
    const ids = (offers: typeof first.offers) => offers.map((o) => `${o.request_id} ${o.ambassador_id}`);
    expect(ids(retried.offers)).toEqual(ids(first.offers));
    for (const id of ['A1', 'A2', 'N1']) {
      const bookings = await store.client.zrange(store.keys.ambassadorBookings(id), 0, -1);
      expect(new Set(bookings).size).toBe(bookings.length);
      const trail = (await store.auditTrail({ ambassador: id })).map((e) => e.event);
      expect(trail.filter((e) => e === 'offered').length).toBe(bookings.length);
    }
    for (const ref of ['se:S1', 'se:S2', 'se:N1']) {
      const trail = (await store.auditTrail({ request: ref })).map((e) => e.event);
      expect(trail.filter((e) => e === 'matched')).toHaveLength(1);
    }
    expect(await store.client.smembers(store.keys.runCommitted('run-r'))).toEqual(
      expect.arrayContaining(['c0', 'c1']),
    );
  });

  it('commits only the components of a bundle that were not committed before', async () => {
    const store = await seeded();
    const planned = await planRun(store, run('run-q', 1), log);
    const part = (await getRunPart<RunPart>(store, planned.parts[0]!.key))!;
    const north = part.requests['se:N1']!.component;
    // As if an earlier attempt, bundled differently, had already committed the north's component.
    await store.commitComponents('run-q', [{ component: `c${north}`, filled: [], unfilled: [] }]);
    const { outcome } = await solvePart(store, planned.parts[0]!.key, log);
    expect(outcome).toMatchObject({ applied: true, components: 2, components_committed: 1 });
    expect((await store.getRequest('se', 'N1'))!.status).toBe('open');
    expect((await store.getRequest('se', 'S1'))!.status).toBe('offered');
  });
});
