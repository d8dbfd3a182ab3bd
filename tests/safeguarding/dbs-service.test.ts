import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startWorkers } from '@stem-match/cli';
import { writeDataset } from '@stem-match/dataset';
import { type Ambassador, weeklyPattern } from '@stem-match/domain';
import { createLogger } from '@stem-match/log';
import { DBS_SWEEP, QUEUES } from '@stem-match/queue';
import { getRun } from '@stem-match/store';
import { planRun, requestRun, solvePart } from '@stem-match/worker-matcher';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-harness.js';
import { ambassador, request, SCHOOL, serviceUnderTest, until } from './fixtures.js';

// The whole path on a real Redis: hub client -> intake -> store -> matcher (run, solve, commit) ->
// offers; then an ambassador's DBS check lapses (a re-import through the CLI, a record written by
// another system and the daily sweep, a change between a run's snapshot and its commit).

const { dir, queuePrefix, redis, store, hub, cleanup } = serviceUnderTest('dbs-e2e');
let workers: Awaited<ReturnType<typeof startWorkers>>;

// Talks go to A1 or A2; careers talks (a weekly series) to A3 or A4.
const talks = (id: string, lat: number) => ambassador(id, { lat });
const careers = (id: string, lat: number, over: Partial<Ambassador> = {}) =>
  ambassador(id, { lat, activity_types: ['careers_talk'], ...over });
const roster = (over: Record<string, Partial<Ambassador>> = {}): Ambassador[] => [
  { ...talks('A1', 50.851), ...over.A1 },
  { ...talks('A2', 50.8), ...over.A2 },
  { ...careers('A3', 50.851), ...over.A3 },
  { ...careers('A4', 50.8), ...over.A4 },
];

async function importRoster(over: Record<string, Partial<Ambassador>> = {}) {
  const data = join(dir, randomUUID());
  await writeDataset(data, {
    hubs: [{ id: 'se', name: 'South East', regions: [] }],
    organisations: [SCHOOL],
    ambassadors: roster(over),
    requests: [],
    history: [],
  });
  return cli('import', '--data', data);
}

const runOnce = async (today: string) => {
  const id = await requestRun(redis, queuePrefix, 'hub:se', today);
  return until(async () => {
    const run = await getRun(store, id);
    return run?.status !== 'running' && run;
  });
};

beforeAll(async () => {
  workers = await startWorkers('all', { schedule: false, rematchDelayMs: 100 });
  expect((await importRoster()).code).toBe(0);
});
afterAll(async () => {
  await workers.close();
  await cleanup();
});

describe('DBS end to end', { timeout: 60_000 }, () => {
  it('a re-import with a lapsed check withdraws the offer, says so, and offers it at once to a substitute who is checked', async () => {
    await hub.submitRequest(request('R1'));
    await until(() => hub.getRequest('R1'));
    await runOnce('2027-02-20');
    const first = (await hub.getRequest('R1'))!.offers[0]!;
    expect(first.status).toBe('offered');
    const other = first.ambassador_id === 'A1' ? 'A2' : 'A1';

    const imported = await importRoster({ [first.ambassador_id]: { dbs_status: 'expired' } });
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/withdrawn \(DBS no longer valid\)\s+1\b/);

    const again = await until(async () => {
      const r = await hub.getRequest('R1');
      return r?.status === 'offered' && r.offers.find((o) => o.status === 'offered');
    });
    expect(again.ambassador_id).toBe(other);
    const withdrawn = (await hub.getRequest('R1'))!.offers.find(
      (o) => o.ambassador_id === first.ambassador_id,
    )!;
    expect(withdrawn.status).toBe('cancelled');
    expect(await redis.zcard(store.keys.ambassadorBookings(first.ambassador_id))).toBe(0);
    const trail = await store.auditTrail({ request: 'se:R1' });
    expect(trail.map((e) => e.event)).toEqual([
      'submitted',
      'offered',
      'matched',
      'withdrawn',
      'reopened',
      // The offer cascade: the request's substitute, still free and checked, is offered it at once.
      'cascaded',
      'offered',
    ]);
    expect(trail[3]).toMatchObject({
      ambassador: first.ambassador_id,
      actor: 'system:dbs',
      detail: 'DBS check expired; sessions 1 to 1 withdrawn',
    });
    const theirs = await store.auditTrail({ ambassador: first.ambassador_id });
    expect(theirs.at(-1)).toMatchObject({ event: 'withdrawn', request: 'se:R1' });
  });

  it('the daily sweep withdraws an ambassador from the sessions of a series after their check expires', async () => {
    // Four Monday sessions from 1 March 2027 at 10:00.
    const series = request('R2', {
      activity_type: 'careers_talk',
      window_start: '2027-03-01',
      window_end: '2027-03-01',
      times: weeklyPattern('Mon 10:00-11:00'),
      sessions: 4,
      every_days: 7,
    });
    await hub.submitRequest(series);
    await until(() => hub.getRequest('R2'));
    await runOnce('2027-02-20');
    const offered = (await hub.getRequest('R2'))!;
    const first = offered.offers[0]!;
    expect(first.sessions.map((s) => s.session)).toEqual([1, 2, 3, 4]);
    await hub.respondToOffer({ request_id: 'R2', ambassador_id: first.ambassador_id, response: 'accept' });
    await until(async () => (await hub.getRequest('R2'))?.status === 'confirmed');

    // Another system updates the record: the check now expires on 12 March, between sessions 2 and 3.
    const [record] = roster().filter((a) => a.id === first.ambassador_id);
    await store.putAmbassadors([{ ...record!, dbs_expires: '2027-03-12' }]);
    // The sweep, on the day after the first session.
    const matchQueue = new Queue(QUEUES.match, { connection: redis, prefix: queuePrefix });
    await matchQueue.add(DBS_SWEEP, { now: '2027-03-02T12:00:00Z' });
    await matchQueue.close();

    const replacement = await until(async () => {
      const r = await hub.getRequest('R2');
      return r?.status === 'offered' && r.offers.find((o) => o.ambassador_id !== first.ambassador_id);
    });
    const after = (await hub.getRequest('R2'))!;
    const kept = after.offers.find((o) => o.ambassador_id === first.ambassador_id)!;
    // Sessions 1 and 2 stand (the check covered them); 3 and 4 go to someone else, at the same times.
    expect(kept).toMatchObject({ status: 'accepted', sessions: first.sessions.slice(0, 2) });
    expect(replacement.sessions).toEqual(first.sessions.slice(2));
    expect(after.resume).toMatchObject({ from_session: 3, start: first.sessions[2]!.start });
    const trail = await store.auditTrail({ request: 'se:R2' });
    expect(trail.find((e) => e.event === 'withdrawn')).toMatchObject({
      ambassador: first.ambassador_id,
      detail: 'DBS check expires 2027-03-12; sessions 3 to 4 withdrawn',
    });
    await hub.respondToOffer({
      request_id: 'R2',
      ambassador_id: replacement.ambassador_id,
      response: 'accept',
    });
    await until(async () => (await hub.getRequest('R2'))?.status === 'confirmed');
  });

  it('a check that lapses between a run reading the store and committing stops the offer at commit', async () => {
    await hub.submitRequest(request('R3', { window_start: '2027-04-05', window_end: '2027-04-09' }));
    await until(() => hub.getRequest('R3'));
    const log = createLogger({ name: 'test', level: 'silent' });
    const planned = await planRun(
      store,
      { run_id: 'race', today: '2027-02-20', seed: 1, offer_days: 7 },
      log,
    );
    // Both talkers' checks lapse while the run is solving.
    await store.putAmbassadors(roster({ A1: { dbs_status: 'pending' }, A2: { dbs_status: 'none' } }));
    let refused = 0;
    for (const part of planned.parts) refused += (await solvePart(store, part.key, log)).outcome.refused ?? 0;
    expect(refused).toBe(1);
    const r3 = (await hub.getRequest('R3'))!;
    expect(r3).toMatchObject({ status: 'open', offers: [] });
    const trail = await store.auditTrail({ request: 'se:R3' });
    expect(trail.filter((e) => e.event === 'dbs_refused').length).toBeGreaterThan(0);
  });
});
