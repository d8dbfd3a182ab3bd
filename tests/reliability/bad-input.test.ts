import { formatProblem, withholdPersonal } from '@stem-match/domain';
import {
  createConnection,
  createHubClient,
  type DeadLetter,
  hubQueue,
  QUEUES,
  type SubmitResult,
} from '@stem-match/queue';
import { Store, testRedis } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLog as log } from './support/log.js';
import { type Labelled, labelledPayloads } from './support/payloads.js';
import { until } from './support/wait.js';

// Generated submissions (STEM_FUZZ_SEED, STEM_FUZZ_COUNT), each good or bad by construction, sent
// through the hub client and, separately, straight onto the intake queue. The generator's labels are
// the oracle: intake's verdict must match them one for one.
const SEED = Number(process.env.STEM_FUZZ_SEED ?? 7_2026);
const COUNT = Number(process.env.STEM_FUZZ_COUNT ?? 10_000);
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

function setUp(label: string) {
  const t = testRedis(label);
  const intake = startIntakeWorker({
    connection: t.redis,
    prefix: t.prefix,
    queuePrefix: t.queuePrefix,
    log,
    concurrency: 16,
  });
  const queue = (name: string) => new Queue(name, { connection: t.redis, prefix: t.queuePrefix });
  const raw = queue(QUEUES.intake);
  // The hub client sends to its hub's own queue.
  const hubIntake = queue(hubQueue(QUEUES.intake, label === 'fuzz-client' ? 'fz' : 'fr'));
  const dlq = queue(QUEUES.deadLetter) as Queue<DeadLetter>;
  cleanups.push(async () => {
    await intake.close();
    await raw.close();
    await hubIntake.close();
    await dlq.close();
    await t.cleanup();
  });
  return { ...t, store: new Store(t.redis, t.prefix), raw, hubIntake, dlq };
}

const drained = (raw: Queue) =>
  until(
    'the intake queue to drain',
    async () => {
      const c = await raw.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      return Object.values(c).every((n) => n === 0);
    },
    120_000,
  );

/** The field a mutation broke is named where the reason says what is wrong. */
function namesField(bad: Extract<Labelled, { good: false }>, fields: readonly string[]): boolean {
  if (bad.field === '') return true;
  return fields.some(
    (f) => f === bad.field || f.startsWith(`${bad.field}.`) || f === '(record)' || f === '(request)',
  );
}

const notPolluted = () => {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
};

describe(`bad input (seed ${SEED}, ${COUNT} generated payloads per path)`, () => {
  it('through the hub client: each bad one refused with its fields named, each good one stored once', {
    timeout: 180_000,
  }, async () => {
    const { store, hubIntake, dlq, url, prefix, queuePrefix } = setUp('fuzz-client');
    const payloads = labelledPayloads('fz', COUNT, SEED);
    const connection = createConnection(url, 'producer');
    const client = createHubClient({ hub: 'fz', connection, prefix, queuePrefix });
    const results: SubmitResult[] = [];
    try {
      for (let i = 0; i < payloads.length; i += 500)
        results.push(...(await client.submitRequests(payloads.slice(i, i + 500).map((p) => p.request))));
    } finally {
      await client.close();
      connection.disconnect();
    }
    const good = payloads.filter((p) => p.good);
    const bad = payloads.flatMap((p) => (p.good ? [] : [p]));
    console.log(`seed ${SEED}: ${good.length} good, ${bad.length} bad`);
    expect(good.length).toBeGreaterThan(COUNT / 5);
    expect(bad.length).toBeGreaterThan(COUNT / 2);

    payloads.forEach((p, i) => {
      const r = results[i]!;
      if (p.good) {
        expect(r, `payload ${i}`).toEqual({ request_id: `G-${i}`, outcome: 'accepted' });
        return;
      }
      expect(r.outcome, `${p.mutation} (payload ${i})`).toBe('rejected');
      expect(r.problems!.length, p.mutation).toBeGreaterThan(0);
      expect(
        namesField(
          p,
          r.problems!.map((q) => q.field),
        ),
        `${p.mutation}: ${JSON.stringify(r.problems)}`,
      ).toBe(true);
      for (const q of r.problems!) expect(formatProblem(q).length, p.mutation).toBeLessThan(400);
    });
    expect(
      results.filter((r) => r.outcome === 'accepted').length +
        results.filter((r) => r.outcome === 'rejected').length,
    ).toBe(COUNT);

    await drained(hubIntake);
    const stored = await store.requestRefs('open', 'fz');
    expect(stored.sort()).toEqual(good.map((p) => `fz:${(p.request as { id: string }).id}`).sort());
    expect(await dlq.count()).toBe(0); // the client let nothing bad through
    notPolluted();
  });

  it('straight onto the queue: each bad one dead-lettered with a readable reason, each good one stored', {
    timeout: 180_000,
  }, async () => {
    const { store, raw, dlq } = setUp('fuzz-raw');
    const payloads = labelledPayloads('fr', COUNT, SEED + 1);
    // Jobs only a producer that bypasses the client could send: a wrong or missing envelope.
    const envelopes: Array<{ data: unknown; mutation: string }> = [
      { data: { hub: 'fr', request: payloads[0]!.request }, mutation: 'no kind' },
      { data: { kind: 'delete', hub: 'fr', request_id: 'X' }, mutation: 'unknown kind' },
      { data: { kind: 'submit', request: payloads[0]!.request }, mutation: 'no hub' },
      {
        data: {
          kind: 'submit',
          hub: 'nw',
          request: { ...(payloads.find((p) => p.good)!.request as object) },
        },
        mutation: 'hub not the request hub',
      },
      { data: { kind: 'submit', hub: 'fr', request: {}, extra: 1 }, mutation: 'extra envelope field' },
      { data: { kind: 'cancel', hub: 'fr' }, mutation: 'cancel without a request id' },
      {
        data: JSON.parse('{"kind":"submit","hub":"fr","__proto__":{"polluted":true},"request":{}}'),
        mutation: 'envelope __proto__',
      },
      { data: [], mutation: 'a list' },
      { data: 'submit', mutation: 'a string' },
      { data: 7, mutation: 'a number' },
    ];
    const jobs = [
      ...payloads.map((p, i) => ({
        id: `fuzz|${i}`,
        data: { kind: 'submit', hub: 'fr', request: p.request },
        bad: !p.good,
      })),
      ...envelopes.map((e, i) => ({ id: `envelope|${i}`, data: e.data, bad: true })),
    ];
    for (let i = 0; i < jobs.length; i += 1000)
      await raw.addBulk(
        jobs.slice(i, i + 1000).map((j) => ({ name: 'submit', data: j.data, opts: { jobId: j.id } })),
      );
    await drained(raw);
    await until(
      'every dead letter recorded',
      async () => (await dlq.count()) >= jobs.filter((j) => j.bad).length,
      60_000,
    );

    const dead = new Map(
      (await dlq.getJobs(['waiting'], 0, -1)).map((j) => [j.data.job_id, j.data] as const),
    );
    const expectedDead = jobs.filter((j) => j.bad).map((j) => j.id);
    expect([...dead.keys()].sort()).toEqual(expectedDead.sort());
    const good = payloads.filter((p) => p.good).map((p) => `fr:${(p.request as { id: string }).id}`);
    expect((await store.requestRefs('open', 'fr')).sort()).toEqual(good.sort());
    // Counts add up exactly: every job is either stored or dead-lettered, none both, none neither.
    expect(good.length + dead.size).toBe(jobs.length);
    expect(await raw.getJobCountByTypes('failed')).toBe(dead.size);

    payloads.forEach((p, i) => {
      if (p.good) return;
      const letter = dead.get(`fuzz|${i}`)!;
      expect(letter.queue).toBe('intake');
      expect(letter.error.length, p.mutation).toBeGreaterThan(10);
      expect(letter.error.length, p.mutation).toBeLessThan(2000);
      if (p.field !== '' && p.field !== '(record)')
        expect(letter.error, `${p.mutation}: ${letter.error}`).toMatch(
          new RegExp(`request\\.${p.field}|request: no such field|over the limit`),
        );
      // Kept as sent, less anything that looks like personal data (and keys such as __proto__).
      expect(letter.payload, p.mutation).toEqual(
        withholdPersonal(JSON.parse(JSON.stringify({ kind: 'submit', hub: 'fr', request: p.request }))),
      );
    });
    for (const [i, e] of envelopes.entries())
      expect(dead.get(`envelope|${i}`)?.error, e.mutation).toBeTruthy();
    notPolluted();
  });
});
