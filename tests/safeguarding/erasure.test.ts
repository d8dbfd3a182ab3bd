import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWorkers } from '@stem-match/cli';
import { writeDataset } from '@stem-match/dataset';
import { Ambassador, ReportName } from '@stem-match/domain';
import { QUEUES } from '@stem-match/queue';
import { getRunInputs, putRunInputs, putRunPart } from '@stem-match/store';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-harness.js';
import { ambassador, request, SCHOOL, serviceUnderTest, until } from './fixtures.js';
import { dumpKeys, findNeedles } from './scan.js';

// An ambassador asks to be forgotten. Their personal data is in their record, and — from older
// versions, other systems or a hub's mistake — in a dead letter, a job's data, a run part and the
// audit trail. `stem-match erase ambassador A1` must leave none of it in any key under the store's
// or the queues' prefixes, touch nobody else, and leave every report's figures as they were.

const PRIYA = {
  name: 'Priya Shah',
  email: 'priya.shah@example.org',
  phone: '07700 900123',
  employer: 'Shah & Daughters Engineering',
};
const TOMASZ = { name: 'Tomasz Nowak', email: 't.nowak@mail.example.com', phone: '+44 7700 900456' };
const NEEDLES = Object.values(PRIYA);

const { dir, prefix, queuePrefix, redis, store, hub, cleanup } = serviceUnderTest('erase');
let workers: Awaited<ReturnType<typeof startWorkers>>;

beforeAll(async () => {
  workers = await startWorkers('all', { schedule: false, rematchDelayMs: 100 });
});
afterAll(async () => {
  await workers.close();
  await cleanup();
});

/** Every report, as JSON, with only its generation time left out. */
async function reports(label: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of ReportName.options) {
    const file = join(dir, label, `${name}.json`);
    const made = await cli('report', name, '--as-of', '2027-03-31', '--format', 'json', '--out', file);
    expect(made.code, made.err).toBe(0);
    const { generated_at: _, ...doc } = JSON.parse(readFileSync(file, 'utf8'));
    out[name] = doc;
  }
  return out;
}

describe('erase ambassador (UK GDPR)', { timeout: 120_000 }, () => {
  it('leaves nothing personal in any key, nobody else touched, and every report as it was', async () => {
    const data = join(dir, 'data');
    await writeDataset(data, {
      hubs: [{ id: 'se', name: 'South East', regions: [] }],
      organisations: [SCHOOL],
      ambassadors: [ambassador('A1', PRIYA), ambassador('A2', { ...TOMASZ, lat: 50.8 })],
      requests: [request('R1'), request('R2', { window_start: '2027-03-08', window_end: '2027-03-12' })],
      history: [
        {
          organisation_id: SCHOOL.id,
          ambassador_id: 'A1',
          activity_type: 'talk',
          start: '2026-10-05T10:00:00+01:00',
          end: '2026-10-05T11:00:00+01:00',
          status: 'completed',
          volunteer_hours: 2,
          participants: 60,
        },
      ],
    });
    expect((await cli('import', '--data', data)).code).toBe(0);
    expect((await cli('submit', join(data, 'requests.csv'))).code).toBe(0);
    await until(async () => (await store.countByStatus()).open === 2);
    expect((await cli('run-match', '--wait', '--today', '2027-02-20')).code).toBe(0);
    for (const id of ['R1', 'R2']) {
      const r = (await hub.getRequest(id))!;
      for (const o of r.offers)
        await hub.respondToOffer({ request_id: id, ambassador_id: o.ambassador_id, response: 'accept' });
      await until(async () => (await hub.getRequest(id))?.status === 'confirmed');
    }
    const r1 = (await hub.getRequest('R1'))!;
    await hub.completeActivity({
      request_id: 'R1',
      ambassador_id: r1.offers[0]!.ambassador_id,
      volunteer_hours: 1.5,
      participants: 28,
    });
    await until(async () => (await hub.getRequest('R1'))?.offers[0]?.status === 'completed');

    // Where older versions, other systems or a hub's mistake may have left her data.
    const dlq = new Queue(QUEUES.deadLetter, { connection: redis, prefix: queuePrefix });
    await dlq.add('dead-letter', {
      queue: 'intake',
      job_id: '7',
      job_name: 'submit',
      error: `contact ${PRIYA.name}`,
      failed_at: '2026-11-01T10:00:00Z',
      payload: { contact: PRIYA },
    });
    await dlq.close();
    const legacy = new Queue('legacy-import', { connection: redis, prefix: queuePrefix });
    await legacy.add('row', { ambassador: 'A1', email: PRIYA.email, note: `ring on ${PRIYA.phone}` });
    await legacy.close();
    await putRunPart(store, 'old-run', 0, { ambassadors: [{ id: 'A1', phone: PRIYA.phone }] });
    // Run inputs kept for replay (brotli, digest-sealed), from a version that kept her employer.
    await putRunInputs(store, 'old-run', 0, {
      input: { snapshot: { ambassadors: [{ id: 'A1', employer: PRIYA.employer }] } },
      output: { requests: {} },
      policy_version: '2026-11.1',
      seed: 1,
    });
    // A legacy trail entry with her name in it, on the national and her own trail.
    const legacyEntry = ['at', '2026-11-02T09:00:00.000Z', 'event', 'accepted', 'actor', 'ambassador:A1'];
    for (const trail of [store.keys.audit, store.keys.ambassadorAudit('A1')])
      await redis.xadd(trail, '*', ...legacyEntry, 'ambassador', 'A1', 'detail', `by phone: ${PRIYA.name}`);
    const before = await reports('before');
    // Not vacuous: her hours (2 from history, 1.5 delivered) are in the figures.
    expect(JSON.stringify(before.volunteering)).toContain('3.5');
    const trailBefore = await store.auditTrail({ ambassador: 'A1' });
    const found = findNeedles(await dumpKeys(redis, [prefix, queuePrefix]), NEEDLES);
    expect(found.length).toBeGreaterThan(5); // the record, the dead letter, the job, the part, the trail

    const erased = await cli('erase', 'ambassador', 'A1');
    expect(erased.code, erased.err).toBe(0);
    expect(erased.out).toContain('Erased ambassador A1: name, email, phone, employer removed');
    for (const value of NEEDLES) expect(erased.out).not.toContain(value);

    // Nothing of hers survives, in any key under either prefix.
    const keys = await dumpKeys(redis, [prefix, queuePrefix]);
    expect(findNeedles(keys, NEEDLES)).toEqual([]);
    // The replay record was re-sealed, the erasure noted (naming no value).
    const [replay] = await getRunInputs(store, 'old-run');
    expect(replay!.input_digest_now).toBe(replay!.record.input_digest);
    expect(replay!.record.amendments).toMatchObject([{ by: 'erasure', ambassador: 'A1' }]);
    // Her record is still a valid ambassador record, without the personal fields.
    const record = Ambassador.parse(JSON.parse((await redis.get(store.keys.ambassador('A1')))!));
    expect(record).not.toHaveProperty('name');
    expect(record).toMatchObject({ id: 'A1', dbs_status: 'cleared', hub: 'se' });
    // Nobody else is touched.
    expect(JSON.parse((await redis.get(store.keys.ambassador('A2')))!)).toMatchObject(TOMASZ);
    // Her trail keeps every entry, in time order, and says it was erased (naming nothing).
    const trailAfter = await store.auditTrail({ ambassador: 'A1' });
    expect(trailAfter.map((e) => [e.at, e.event])).toEqual([
      ...trailBefore.map((e) => [e.at, e.event]),
      [trailAfter.at(-1)!.at, 'erased'],
    ]);
    // The reports' figures are exactly as before.
    expect(await reports('after')).toEqual(before);
    // Idempotent.
    expect((await cli('erase', 'ambassador', 'A1')).out).toContain('replaced in 0 other keys');
    expect((await cli('erase', 'ambassador', 'NOPE')).code).toBe(1);
  });
});
