import { weeklyPattern } from '@stem-match/domain';
import { createConnection, createHubClient, DBS_SWEEP, jobIdFor, QUEUES } from '@stem-match/queue';
import { getRun, getSubstitutes, recentRuns, type Store, testRedis } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { requestRun, startMatcher } from '../src/index.js';
import { hastingsSchool, physicsAmbassador, silentLog } from './fixtures.js';

// The offer cascade through the workers: substitutes ranked at commit, offered at once on a
// decline, a "cannot attend" or a DBS lapse, each with its own lapse job; a re-match only when
// nobody is left.

const { redis, url, prefix, queuePrefix, cleanup } = testRedis('cascade');
const log = silentLog();
const intake = startIntakeWorker({ connection: redis, prefix, queuePrefix, log });
const matcher = startMatcher({
  connection: redis,
  prefix,
  queuePrefix,
  log,
  offerDays: 7,
  rematchDelayMs: 50,
  substitutes: 2,
});
const store: Store = matcher.store;
const producer = createConnection(url, 'producer');
const hub = createHubClient({ hub: 'se', connection: producer, prefix, queuePrefix });
const offersQueue = new Queue(QUEUES.offers, { connection: redis, prefix: queuePrefix });

afterAll(async () => {
  await hub.close();
  await offersQueue.close();
  await matcher.close();
  await intake.close();
  producer.disconnect();
  await cleanup();
});

const school = hastingsSchool('O1');
const ambassador = physicsAmbassador;
const request = (id: string, subject: string, over: Record<string, unknown> = {}) => ({
  id,
  organisation_id: school.id,
  hub: 'se',
  activity_type: 'talk',
  subjects: [subject],
  key_stage: 'KS3',
  mode: 'in_person',
  needed: 1,
  window_start: '2027-03-01',
  window_end: '2027-03-05',
  times: weeklyPattern('Mon-Fri 09:00-15:00'),
  duration_min: 60,
  created_at: '2026-11-20T10:00:00+00:00',
  ...over,
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
const run = async () => {
  const id = await requestRun(redis, queuePrefix, 'hub:se', '2027-02-20');
  return until(async () => {
    const r = await getRun(store, id);
    return r?.status !== 'running' && r;
  });
};
const lapseJob = (id: string, amb: string, runId: string) =>
  offersQueue.getJob(jobIdFor('lapse', 'se', id, amb, runId));

describe('offer cascade (workers)', { timeout: 30_000 }, () => {
  it('ranks substitutes at commit; a decline offers the best free one at once, with its own lapse job, and no re-match', async () => {
    await store.putOrganisations([school]);
    // Each subject its own pool, so the tests below do not compete for ambassadors.
    await store.putAmbassadors(
      ['P1', 'P2', 'P3'].map((id, i) => ambassador(id, { subjects: ['physics'], lat: 50.85 + i * 0.02 })),
    );
    await hub.submitRequest(request('R1', 'physics'));
    await until(() => hub.getRequest('R1'));
    await run();
    const first = (await hub.getRequest('R1'))!.offers[0]!;
    const substitutes = await getSubstitutes(store, 'se', 'R1');
    expect(substitutes).toHaveLength(2);
    expect(substitutes.map((s) => s.ambassador_id)).not.toContain(first.ambassador_id);
    expect(substitutes.map((s) => s.rank)).toEqual([1, 2]);
    const runsBefore = (await recentRuns(store, 100)).length;

    await hub.respondToOffer({ request_id: 'R1', ambassador_id: first.ambassador_id, response: 'decline' });
    const next = await until(async () =>
      (await hub.getRequest('R1'))?.offers.find(
        (o) => o.status === 'offered' && o.ambassador_id !== first.ambassador_id,
      ),
    );
    expect(next.ambassador_id).toBe(substitutes[0]!.ambassador_id);
    expect(Date.parse(next.reply_by) - Date.parse(next.offered_at)).toBeLessThanOrEqual(48 * 3600_000);
    expect(await lapseJob('R1', next.ambassador_id, next.run_id)).toBeDefined();
    await new Promise((r) => setTimeout(r, 300)); // a re-match would have started by now
    expect((await recentRuns(store, 100)).length).toBe(runsBefore);
    const cascaded = (await store.auditTrail({ request: 'se:R1' })).filter((e) => e.event === 'cascaded');
    expect(cascaded).toHaveLength(1);
    expect(cascaded[0]).toMatchObject({
      ambassador: next.ambassador_id,
      actor: `ambassador:${first.ambassador_id}`,
    });

    // The second substitute, then nobody: the request reopens and is re-matched as before (to nobody new).
    await hub.respondToOffer({ request_id: 'R1', ambassador_id: next.ambassador_id, response: 'decline' });
    const last = await until(async () =>
      (await hub.getRequest('R1'))?.offers.find(
        (o) => o.status === 'offered' && o.ambassador_id === substitutes[1]!.ambassador_id,
      ),
    );
    await hub.respondToOffer({ request_id: 'R1', ambassador_id: last.ambassador_id, response: 'decline' });
    await until(async () =>
      (await store.auditTrail({ request: 'se:R1' })).some((e) => e.event === 'reopened'),
    );
    await until(async () => (await recentRuns(store, 100)).length > runsBefore);
  });

  it('"cannot attend" on a confirmed request hands it to a substitute and the request waits for their answer', async () => {
    await store.putAmbassadors(['C1', 'C2'].map((id) => ambassador(id, { subjects: ['chemistry'] })));
    await hub.submitRequest(request('R2', 'chemistry'));
    await until(() => hub.getRequest('R2'));
    await run();
    const first = (await hub.getRequest('R2'))!.offers[0]!;
    await hub.respondToOffer({ request_id: 'R2', ambassador_id: first.ambassador_id, response: 'accept' });
    await until(async () => (await hub.getRequest('R2'))?.status === 'confirmed');
    await hub.cannotAttend({ request_id: 'R2', ambassador_id: first.ambassador_id });
    const sub = await until(async () =>
      (await hub.getRequest('R2'))?.offers.find(
        (o) => o.status === 'offered' && o.ambassador_id !== first.ambassador_id,
      ),
    );
    const r2 = (await hub.getRequest('R2'))!;
    expect(r2.status).toBe('offered');
    expect(r2.offers.find((o) => o.ambassador_id === first.ambassador_id)!.status).toBe('cancelled');
    await hub.respondToOffer({ request_id: 'R2', ambassador_id: sub.ambassador_id, response: 'accept' });
    await until(async () => (await hub.getRequest('R2'))?.status === 'confirmed');
    // The substitute, now confirmed, is reminded before the session like anyone else.
    const reminders = new Queue(QUEUES.reminders, { connection: redis, prefix: queuePrefix });
    const day = sub.sessions[0]!;
    const job = await until(() =>
      reminders.getJob(
        jobIdFor('reminder', 'se', 'R2', `amb:${sub.ambassador_id}`, String(day.session), '1d'),
      ),
    );
    await reminders.close();
    expect(job.data).toMatchObject({ to: 'ambassador', ambassador_id: sub.ambassador_id, start: day.start });
  });

  it('the DBS sweep hands the withdrawn sessions of a series to a substitute without waiting for a run', async () => {
    await store.putAmbassadors(['M1', 'M2'].map((id) => ambassador(id, { subjects: ['maths'] })));
    // Four Monday sessions from 1 March 2027 at 10:00.
    await hub.submitRequest(
      request('R3', 'maths', {
        window_start: '2027-03-01',
        window_end: '2027-03-01',
        times: weeklyPattern('Mon 10:00-11:00'),
        sessions: 4,
        every_days: 7,
      }),
    );
    await until(() => hub.getRequest('R3'));
    await run();
    const first = (await hub.getRequest('R3'))!.offers[0]!;
    await hub.respondToOffer({ request_id: 'R3', ambassador_id: first.ambassador_id, response: 'accept' });
    await until(async () => (await hub.getRequest('R3'))?.status === 'confirmed');
    const runsBefore = (await recentRuns(store, 100)).length;
    // The check now expires on 12 March, between sessions 2 and 3; the sweep runs on 2 March.
    await store.putAmbassadors([
      ambassador(first.ambassador_id, { subjects: ['maths'], dbs_expires: '2027-03-12' }),
    ]);
    const matchQueue = new Queue(QUEUES.match, { connection: redis, prefix: queuePrefix });
    await matchQueue.add(DBS_SWEEP, { now: '2027-03-02T12:00:00Z' });
    await matchQueue.close();
    const sub = await until(async () =>
      (await hub.getRequest('R3'))?.offers.find((o) => o.ambassador_id !== first.ambassador_id),
    );
    expect(sub.sessions).toEqual(first.sessions.slice(2));
    const after = (await hub.getRequest('R3'))!;
    expect(after.status).toBe('offered');
    expect(after.offers.find((o) => o.ambassador_id === first.ambassador_id)).toMatchObject({
      status: 'accepted',
      sessions: first.sessions.slice(0, 2),
    });
    const trail = await store.auditTrail({ request: 'se:R3' });
    expect(trail.find((e) => e.event === 'cascaded')).toMatchObject({
      ambassador: sub.ambassador_id,
      actor: 'system:dbs',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await recentRuns(store, 100)).length).toBe(runsBefore); // offered whole again: no re-match
    await hub.respondToOffer({ request_id: 'R3', ambassador_id: sub.ambassador_id, response: 'accept' });
    await until(async () => (await hub.getRequest('R3'))?.status === 'confirmed');
  });
});
