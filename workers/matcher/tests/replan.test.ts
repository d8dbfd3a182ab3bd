import {
  ActivityRequest,
  type Ambassador,
  type AuditEntry,
  type PolicyInput,
  weeklyPattern,
} from '@stem-match/domain';
import { getRun, Store, testRedis } from '@stem-match/store';
import { afterAll, describe, expect, it } from 'vitest';
import { type PartOutcome, planRun, requestRun, solvePart, startMatcher } from '../src/index.js';
import { hastingsSchool, physicsAmbassador, silentLog } from './fixtures.js';

// Stable re-planning: sent offers stand unless the policy allows changing them and that fills more.

const { redis, prefix, queuePrefix, cleanup } = testRedis('replan');
const log = silentLog();
afterAll(cleanup);

const school = (id: string, priority = false) => hastingsSchool(id, { name: `School ${id}`, priority });
const ambassador = (id: string, over: Partial<Ambassador> = {}) =>
  physicsAmbassador(id, { availability: weeklyPattern('Mon-Fri 09:00-12:00'), max_per_month: 4, ...over });
const request = (id: string, org: string, over: Record<string, unknown> = {}) =>
  ActivityRequest.parse({
    id,
    organisation_id: org,
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2026-12-07',
    window_end: '2026-12-18',
    times: weeklyPattern('Mon-Fri 09:00-12:00'),
    duration_min: 60,
    created_at: '2026-11-20T10:00:00+00:00',
    ...over,
  });

/** A run by its two halves, as the worker does it: plan, then every part solved and committed. */
async function run(store: Store, runId: string, policy: PolicyInput = {}) {
  const plan = await planRun(
    store,
    { run_id: runId, today: '2026-11-24', seed: 1, offer_days: 7, policy },
    log,
  );
  const outcomes: PartOutcome[] = [];
  for (const p of plan.parts) outcomes.push((await solvePart(store, p.key, log)).outcome);
  const sum = (f: (o: PartOutcome) => number | undefined) => outcomes.reduce((s, o) => s + (f(o) ?? 0), 0);
  return { withdrawn: sum((o) => o.offers_withdrawn), changed: sum((o) => o.offers_changed) };
}

const offersOf = async (store: Store, id: string) => (await store.getRequest('se', id))!.offers;
const trail = async (store: Store, id: string): Promise<AuditEntry[]> =>
  store.auditTrail({ request: `se:${id}` });

describe('stable re-planning', { timeout: 30_000 }, () => {
  it('a nightly run with one new request changes nothing else, even for a Priority School (worker, default policy)', async () => {
    const p = `${prefix}:keep`;
    const matcher = startMatcher({
      connection: redis,
      prefix: p,
      queuePrefix: `${queuePrefix}:keep`,
      log,
      offerDays: 7,
    });
    const store = matcher.store;
    try {
      // Two ambassadors with room for one activity each in December: three requests cannot all fit.
      await store.putOrganisations([school('O1'), school('O2'), school('P1', true)]);
      await store.putAmbassadors([
        ambassador('A1', { max_per_month: 1 }),
        ambassador('A2', { max_per_month: 1 }),
      ]);
      await store.createRequest(request('R1', 'O1'), 'hub:se');
      await store.createRequest(request('R2', 'O2'), 'hub:se');
      const first = await waitFor(
        store,
        await requestRun(redis, `${queuePrefix}:keep`, 'hub:se', '2026-11-24'),
      );
      expect(first.outcome?.filled).toBe(2);
      const r1 = (await offersOf(store, 'R1'))[0]!;
      expect(
        (await store.respondToOffer('se', 'R1', r1.ambassador_id, 'accepted', 'ambassador:x')).status,
      ).toBe('confirmed');
      const before = { r1: await offersOf(store, 'R1'), r2: await offersOf(store, 'R2') };
      const trails = { r1: await trail(store, 'R1'), r2: await trail(store, 'R2') };
      // A Priority School's request arrives: a fresh solve would give it R2's ambassador.
      await store.createRequest(request('R3', 'P1'), 'hub:se');
      const second = await waitFor(
        store,
        await requestRun(redis, `${queuePrefix}:keep`, 'hub:se', '2026-11-24'),
      );
      expect(await offersOf(store, 'R1')).toEqual(before.r1);
      expect(await offersOf(store, 'R2')).toEqual(before.r2);
      expect(await trail(store, 'R1')).toEqual(trails.r1);
      expect(await trail(store, 'R2')).toEqual(trails.r2);
      expect((await store.getRequest('se', 'R3'))!.status).toBe('open');
      expect(second.churn).toEqual({ offers_withdrawn: 0, offers_changed: 0 });
      expect(second.outcome?.filled).toBe(0);
    } finally {
      await matcher.close();
    }
  });

  it('with change_offers, a re-plan that fills no more leaves every sent offer as it was', async () => {
    const store = new Store(redis, `${prefix}:same`);
    await store.putOrganisations([school('O1'), school('P1', true)]);
    await store.putAmbassadors([ambassador('A1', { max_per_month: 1 })]);
    await store.createRequest(request('R1', 'O1'), 'hub:se');
    await run(store, 'run-1', { replan: { change_offers: true } });
    const before = await offersOf(store, 'R1');
    expect(before).toHaveLength(1);
    // The Priority School would take A1's only December slot, but one request is filled either way.
    await store.createRequest(request('R2', 'P1'), 'hub:se');
    const churn = await run(store, 'run-2', { replan: { change_offers: true } });
    expect(churn).toEqual({ withdrawn: 0, changed: 0 });
    expect(await offersOf(store, 'R1')).toEqual(before);
    expect((await store.getRequest('se', 'R2'))!.status).toBe('open');
  });

  it('with change_offers, moves an unanswered offer to someone else when that fills strictly more', async () => {
    const store = new Store(redis, `${prefix}:more`);
    await store.putOrganisations([school('O1'), school('O2')]);
    await store.putAmbassadors([ambassador('A1', { subjects: ['physics', 'chemistry'], max_per_month: 1 })]);
    const slot = {
      window_start: '2026-12-07',
      window_end: '2026-12-07',
      times: weeklyPattern('Mon 09:00-10:00'),
    };
    await store.createRequest(request('R1', 'O1', slot), 'hub:se');
    await run(store, 'run-1');
    expect((await offersOf(store, 'R1')).map((o) => o.ambassador_id)).toEqual(['A1']);
    // A2 (physics only) joins; R2 wants chemistry at the same hour: only A1 can do it.
    await store.putAmbassadors([ambassador('A2')]);
    await store.createRequest(request('R2', 'O2', { ...slot, subjects: ['chemistry'] }), 'hub:se');
    // Sent offers stand by default: R2 stays open.
    expect(await run(store, 'run-2')).toEqual({ withdrawn: 0, changed: 0 });
    expect((await store.getRequest('se', 'R2'))!.status).toBe('open');
    const churn = await run(store, 'run-3', { replan: { change_offers: true } });
    expect(churn).toEqual({ withdrawn: 1, changed: 0 });
    const r1 = await offersOf(store, 'R1');
    expect(r1.map((o) => [o.ambassador_id, o.status])).toEqual([
      ['A1', 'cancelled'],
      ['A2', 'offered'],
    ]);
    expect((await store.getRequest('se', 'R1'))!.status).toBe('offered');
    expect((await offersOf(store, 'R2')).map((o) => [o.ambassador_id, o.status])).toEqual([
      ['A1', 'offered'],
    ]);
    const events = (await trail(store, 'R1')).map((e) => [e.event, e.ambassador ?? '']);
    expect(events.slice(-2)).toEqual([
      ['withdrawn', 'A1'],
      ['offered', 'A2'],
    ]);
  });

  it('with change_offers, moves an unanswered offer to other sessions (changed), and never an accepted one', async () => {
    const store = new Store(redis, `${prefix}:moved`);
    await store.putOrganisations([school('O1'), school('O2'), school('O3')]);
    await store.putAmbassadors([ambassador('A1')]);
    await store.createRequest(
      request('R1', 'O1', {
        window_start: '2026-12-07',
        window_end: '2026-12-08',
        times: weeklyPattern('Mon-Tue 09:00-10:00'),
      }),
      'hub:se',
    );
    await run(store, 'run-1');
    const sent = (await offersOf(store, 'R1'))[0]!;
    expect(sent.sessions[0]!.start).toBe('2026-12-07T09:00:00+00:00'); // the earliest slot
    // R2 can only be on Monday 09:00: R1 must move to Tuesday for both to be filled.
    const monday = {
      window_start: '2026-12-07',
      window_end: '2026-12-07',
      times: weeklyPattern('Mon 09:00-10:00'),
    };
    await store.createRequest(request('R2', 'O2', monday), 'hub:se');
    expect(await run(store, 'run-2', { replan: { change_offers: true } })).toEqual({
      withdrawn: 0,
      changed: 1,
    });
    const moved = (await offersOf(store, 'R1'))[0]!;
    expect(moved).toMatchObject({ ambassador_id: 'A1', status: 'offered', run_id: 'run-2' });
    expect(moved.sessions[0]!.start).toBe('2026-12-08T09:00:00+00:00');
    expect((await trail(store, 'R1')).at(-1)).toMatchObject({ event: 'changed', ambassador: 'A1' });
    // Once accepted, an assignment is a fixed input: a newcomer that needs Tuesday stays open.
    await store.respondToOffer('se', 'R1', 'A1', 'accepted', 'ambassador:A1');
    const tuesday = {
      window_start: '2026-12-08',
      window_end: '2026-12-08',
      times: weeklyPattern('Tue 09:00-10:00'),
    };
    await store.createRequest(request('R3', 'O3', tuesday), 'hub:se');
    const accepted = await offersOf(store, 'R1');
    expect(await run(store, 'run-3', { replan: { change_offers: true } })).toEqual({
      withdrawn: 0,
      changed: 0,
    });
    expect(await offersOf(store, 'R1')).toEqual(accepted);
    expect((await store.getRequest('se', 'R3'))!.status).toBe('open');
  });
});

async function waitFor(store: Store, runId: string) {
  const end = Date.now() + 20_000;
  for (;;) {
    const r = await getRun(store, runId);
    if (r && r.status !== 'running') return r;
    if (Date.now() > end) throw new Error(`run ${runId} did not finish`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
