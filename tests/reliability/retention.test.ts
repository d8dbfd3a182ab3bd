import { createConnection, createHubClient, jobIdFor, QUEUES } from '@stem-match/queue';
import { generateDataset } from '@stem-match/scripts';
import { getRun, Store, testRedis } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { requestRun, startMatcher } from '@stem-match/worker-matcher';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from './support/invariants.js';
import { silentLog as log } from './support/log.js';
import { validRequest } from './support/requests.js';
import { until } from './support/wait.js';

// BullMQ de-duplicates a job id only while the old job exists. Here every finished job is deleted
// (as retention eventually does) and then the same work is delivered again: the store must still
// refuse to do anything twice.
const TODAY = '2026-11-24';
const { redis, url, prefix, queuePrefix, cleanup } = testRedis('retention');
const store = new Store(redis, prefix);
const intake = startIntakeWorker({ connection: redis, prefix, queuePrefix, log });
const matcher = startMatcher({ connection: redis, prefix, queuePrefix, log, offerDays: 7 });
const producer = createConnection(url, 'producer');
const queues = Object.fromEntries(
  [QUEUES.intake, QUEUES.match, QUEUES.solve, QUEUES.offers].map((q) => [
    q,
    new Queue(q, { connection: redis, prefix: queuePrefix }),
  ]),
);
afterAll(async () => {
  await Promise.all(Object.values(queues).map((q) => q.close()));
  await matcher.close();
  await intake.close();
  producer.disconnect();
  await cleanup();
});

/** Deletes every completed job of every queue: retention, all at once. */
async function forgetCompleted(): Promise<void> {
  for (const q of Object.values(queues)) await q.clean(0, 0, 'completed');
}

const drained = (queue: Queue) =>
  until(`queue ${queue.name} to drain`, async () => {
    const c = await queue.getJobCounts('wait', 'active', 'delayed', 'waiting-children');
    return Object.values(c).every((n) => n === 0);
  });

describe('idempotency once BullMQ has forgotten the jobs', () => {
  it('a request resubmitted after its job was removed is still one record', async () => {
    const data = generateDataset({ scale: 'small', seed: 6, today: TODAY });
    const hub = createHubClient({ hub: 'se', connection: producer, prefix, queuePrefix });
    const request = validRequest('se', 'KEEP-1', data.organisations[0]!.id);
    expect((await hub.submitRequest(request)).outcome).toBe('accepted');
    await until('the request stored', () => hub.getRequest('KEEP-1'));
    await drained(queues.intake!);
    await forgetCompleted();
    expect(await queues.intake!.getJob(jobIdFor('submit', 'se', 'KEEP-1'))).toBeUndefined();

    // Through the client: the store says it has it.
    expect((await hub.submitRequest(request)).outcome).toBe('duplicate');
    // Straight onto the queue with the very same job id, which BullMQ now accepts as new.
    await queues.intake!.add(
      'submit',
      { kind: 'submit', hub: 'se', request },
      { jobId: jobIdFor('submit', 'se', 'KEEP-1') },
    );
    await drained(queues.intake!);
    expect(await queues.intake!.getJob(jobIdFor('submit', 'se', 'KEEP-1'))).toBeDefined();
    expect(await store.requestRefs('open', 'se')).toEqual(['se:KEEP-1']);
    const trail = await store.auditTrail({ request: 'se:KEEP-1' });
    expect(trail.map((e) => e.event)).toEqual(['submitted']);
    await hub.close();
  });

  it('a run and its solve jobs delivered again after removal commit nothing twice', async () => {
    const data = generateDataset({ scale: 'small', seed: 6, today: TODAY });
    await store.putOrganisations(data.organisations);
    await store.putAmbassadors(data.ambassadors);
    for (const r of data.requests) await store.createRequest(r, 'hub:test');
    const runId = await requestRun(redis, queuePrefix, 'system:test', TODAY);
    const run = await until('the run to finish', async () => {
      const r = await getRun(store, runId);
      return r?.status === 'finished' && r;
    });
    const before = await store.getRequests(await store.requestRefs('offered'));
    expect(before.length).toBe(run.outcome!.filled);
    await forgetCompleted();
    expect(await queues.solve!.getJob(jobIdFor('solve', runId, '0'))).toBeUndefined();

    // The same run asked for again, and each of its solve jobs delivered again, under their own ids.
    await queues.match!.add('run', { run_id: runId, requested_by: 'system:test', today: TODAY });
    for (let n = 0; (await redis.exists(store.keys.runPart(runId, n))) === 1; n++)
      await queues.solve!.add(
        'solve',
        { run_id: runId, component: n, part_key: store.keys.runPart(runId, n) },
        { jobId: jobIdFor('solve', runId, String(n)) },
      );
    await drained(queues.match!);
    await drained(queues.solve!);

    const after = await store.getRequests(await store.requestRefs('offered'));
    expect(after).toEqual(before);
    expect(await getRun(store, runId)).toEqual(run);
    expect(await consistencyProblems(store)).toEqual([]);
  });

  it('a lapse that fires after the offer was accepted, and again after removal, changes nothing', async () => {
    const [target] = await store.getRequests(await store.requestRefs('offered'));
    const offer = target!.offers[0]!;
    const ref = {
      hub: target!.request.hub,
      request_id: target!.request.id,
      ambassador_id: offer.ambassador_id,
    };
    const lapseId = jobIdFor('lapse', ref.hub, ref.request_id, ref.ambassador_id, offer.run_id);
    await queues.offers!.add('respond', { kind: 'respond', ...ref, response: 'accept' });
    const gone = () =>
      until(`lapse job ${lapseId} done and removed`, async () => {
        const c = await queues.offers!.getJobCounts('wait', 'active');
        return c.wait === 0 && c.active === 0 && (await queues.offers!.getJob(lapseId)) === undefined;
      });
    // The scheduled lapse fires now, after the accept; lapse jobs are removed once done.
    await until('the accept processed', async () =>
      (await store.getRequest(ref.hub, ref.request_id))?.offers.some((o) => o.status === 'accepted'),
    );
    await (await queues.offers!.getJob(lapseId))!.promote();
    await gone();
    // And once more under the same id, which BullMQ no longer knows.
    await queues.offers!.add(
      'lapse',
      { kind: 'lapse', ...ref, run_id: offer.run_id },
      { jobId: lapseId, removeOnComplete: true },
    );
    await gone();
    const now = (await store.getRequest(ref.hub, ref.request_id))!;
    expect(now.offers.find((o) => o.ambassador_id === ref.ambassador_id)?.status).toBe('accepted');
    const events = (await store.auditTrail({ request: `${ref.hub}:${ref.request_id}` })).map((e) => e.event);
    expect(events).toContain('accepted');
    expect(events).not.toContain('lapsed');
    expect(await consistencyProblems(store)).toEqual([]);
  });
});
