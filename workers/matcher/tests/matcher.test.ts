import { DEFAULT_POLICY, weeklyPattern } from '@stem-match/domain';
import { createConnection, createHubClient, NIGHTLY_MATCH, QUEUES } from '@stem-match/queue';
import { getRun, getRunPart, type Store, testRedis } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunPart, requestRun, scheduleNightlyMatch, solvePart, startMatcher } from '../src/index.js';
import { hastingsSchool, physicsAmbassador, silentLog } from './fixtures.js';

const { redis, url, prefix, queuePrefix, cleanup } = testRedis('matcher');
const log = silentLog();
const intake = startIntakeWorker({ connection: redis, prefix, queuePrefix, log });
const matcher = startMatcher({
  connection: redis,
  prefix,
  queuePrefix,
  log,
  offerDays: 7,
  rematchDelayMs: 50,
});
const store: Store = matcher.store;
const producer = createConnection(url, 'producer');
const hub = createHubClient({ hub: 'se', connection: producer, prefix, queuePrefix });

afterAll(async () => {
  await hub.close();
  await matcher.close();
  await intake.close();
  producer.disconnect();
  await cleanup();
});

const school = hastingsSchool('100001');
const ambassador = (id: string, availability: string) =>
  physicsAmbassador(id, { availability: weeklyPattern(availability), max_per_month: 4, name: 'Sam Example' });
const request = (id: string) => ({
  id,
  organisation_id: school.id,
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

async function until<T>(read: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const finished = (runId: string) =>
  until(async () => {
    const run = await getRun(store, runId);
    return run?.status !== 'running' && run;
  });

describe('matcher', { timeout: 30_000 }, () => {
  it('registers the nightly match at 02:00 Europe/London', async () => {
    await scheduleNightlyMatch(redis, queuePrefix, '0 2 * * *');
    const queue = new Queue(QUEUES.match, { connection: redis, prefix: queuePrefix });
    const scheduler = await queue.getJobScheduler(NIGHTLY_MATCH);
    await queue.removeJobScheduler(NIGHTLY_MATCH);
    await queue.close();
    expect(scheduler).toMatchObject({ pattern: '0 2 * * *', tz: 'Europe/London' });
  });

  it('submit -> match -> offer -> accept confirms the request', async () => {
    await store.putOrganisations([school]);
    await store.putAmbassadors([
      ambassador('A1', 'Mon-Fri 09:00-12:00'),
      ambassador('A2', 'Mon-Fri 09:00-12:00'),
    ]);
    await hub.submitRequest(request('R1'));
    await until(() => hub.getRequest('R1'));
    const run = await finished(await requestRun(redis, queuePrefix, 'hub:se', '2026-11-24'));
    expect(run).toMatchObject({ status: 'finished', outcome: { filled: 1, assignments: 1 } });
    // The stored run names the policy version and carries the weights it was solved with.
    expect(run.policy_version).toBe(DEFAULT_POLICY.version);
    expect(run.policy).toEqual(DEFAULT_POLICY);
    const offered = (await hub.getRequest('R1'))!;
    expect(offered.status).toBe('offered');
    const [offer] = offered.offers;
    expect(offer).toMatchObject({ status: 'offered', run_id: run.id, sessions: [{ session: 1 }] });
    await hub.respondToOffer({ request_id: 'R1', ambassador_id: offer!.ambassador_id, response: 'accept' });
    await until(async () => (await hub.getRequest('R1'))?.status === 'confirmed');
  });

  it('a decline offers the request at once to the next free substitute (the offer cascade)', async () => {
    await hub.submitRequest(request('R2'));
    await until(() => hub.getRequest('R2'));
    await finished(await requestRun(redis, queuePrefix, 'hub:se', '2026-11-24'));
    const first = (await hub.getRequest('R2'))!.offers[0]!;
    await hub.respondToOffer({ request_id: 'R2', ambassador_id: first.ambassador_id, response: 'decline' });
    const second = await until(async () => {
      const r = await hub.getRequest('R2');
      return r?.offers.find((o) => o.status === 'offered' && o.ambassador_id !== first.ambassador_id);
    });
    expect((await hub.getRequest('R2'))!.status).toBe('offered');
    // The same sessions, in the same run (so the request is confirmed once every offer is accepted).
    expect(second).toMatchObject({ sessions: first.sessions, run_id: first.run_id });
    const trail = (await store.auditTrail({ request: 'se:R2' })).map((e) => e.event);
    expect(trail).toEqual(['submitted', 'offered', 'matched', 'declined', 'cascaded', 'offered']);
  });

  it('a lapsed offer reopens the request', async () => {
    await hub.submitRequest(request('R3'));
    await until(() => hub.getRequest('R3'));
    const runId = await requestRun(redis, queuePrefix, 'hub:se', '2026-11-24');
    await finished(runId);
    const offer = (await hub.getRequest('R3'))!.offers[0]!;
    const offers = new Queue(QUEUES.offers, { connection: redis, prefix: queuePrefix });
    await offers.add('lapse', {
      kind: 'lapse',
      hub: 'se',
      request_id: 'R3',
      ambassador_id: offer.ambassador_id,
      run_id: runId,
    });
    await offers.close();
    await until(async () => (await store.auditTrail({ request: 'se:R3' })).some((e) => e.event === 'lapsed'));
  });

  it('a retried solve job commits nothing twice', async () => {
    await hub.submitRequest(request('R4'));
    await until(() => hub.getRequest('R4'));
    await finished(await requestRun(redis, queuePrefix, 'hub:se', '2026-11-24'));
    // The run that offered R4 (a prompt re-match of an earlier test's request may have got there first).
    const runId = (await until(async () => (await hub.getRequest('R4'))?.offers[0]))!.run_id;
    await finished(runId);
    let key = '';
    for (let n = 0; ; n++) {
      const found = await getRunPart<RunPart>(store, store.keys.runPart(runId, n));
      expect(found?.run_id).toBe(runId);
      if (found && 'se:R4' in found.requests) {
        key = store.keys.runPart(runId, n);
        break;
      }
    }
    const again = await solvePart(store, key, log);
    expect(again.outcome.applied).toBe(false);
    const bookings = await redis.zrange(
      store.keys.ambassadorBookings(again.offers[0]?.ambassador_id ?? 'A1'),
      0,
      -1,
    );
    expect(new Set(bookings).size).toBe(bookings.length);
  });

  it('a request whose window passes unfilled becomes unfilled with the reason it last had', async () => {
    await hub.submitRequest({ ...request('R5'), needed: 3 }); // two ambassadors exist
    await until(() => hub.getRequest('R5'));
    await finished(await requestRun(redis, queuePrefix, 'hub:se', '2026-11-24'));
    const open = (await hub.getRequest('R5'))!;
    expect(open).toMatchObject({ status: 'open', explanation: { reason: 'partially_filled' } });
    // The day after its window: nothing can be offered any more, and "no common time" would hide why.
    await finished(await requestRun(redis, queuePrefix, 'hub:se', '2026-12-19'));
    const closed = (await hub.getRequest('R5'))!;
    expect(closed).toMatchObject({ status: 'unfilled', explanation: { reason: 'partially_filled' } });
    const trail = (await store.auditTrail({ request: 'se:R5' })).map((e) => e.event);
    expect(trail.at(-1)).toBe('unfilled');
  });

  it('cancellation by the hub withdraws the offer', async () => {
    await hub.cancelRequest('R1');
    await until(async () => (await hub.getRequest('R1'))?.status === 'cancelled');
    expect((await hub.getRequest('R1'))!.offers.every((o) => o.status === 'cancelled')).toBe(true);
  });
});
