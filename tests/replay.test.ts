import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress } from 'node:zlib';
import { startWorkers } from '@stem-match/cli';
import {
  canonicalDigest,
  getRun,
  getRunInputs,
  putRunInputs,
  type RecordedPart,
  runInputsBlobKey,
  runInputsKey,
} from '@stem-match/store';
import type { ReplayReport } from '@stem-match/worker-matcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness.js';
import { ambassador, request, SCHOOL, serviceUnderTest, until } from './safeguarding/fixtures.js';

// A run is replayed from what was stored when it ran: the same result bit for bit, each assignment
// explained against its runner-up; stored inputs changed afterwards are caught, re-sealed or not; an
// erasure leaves nothing of the person in them and the run still replays.

const PRIYA = {
  name: 'Priya Shah',
  email: 'priya.shah@example.org',
  phone: '07700 900123',
  employer: 'Shah Engineering',
};
const { redis, store, hub, cleanup } = serviceUnderTest('replay');
let workers: Awaited<ReturnType<typeof startWorkers>>;
let runId: string;

const unzip = promisify(brotliDecompress);
const zip = promisify(brotliCompress);

beforeAll(async () => {
  workers = await startWorkers('all', { schedule: false, rematchDelayMs: 60_000 });
  await store.putOrganisations([SCHOOL]);
  await store.putAmbassadors([
    // A1 has worked with the school (continuity); A2 is nearer; A3 further; A4 offers only maths.
    ambassador('A1', { ...PRIYA, lat: 50.85, lon: 0.55 }),
    ambassador('A2', { lat: 50.856, lon: 0.57 }),
    ambassador('A3', { lat: 50.8, lon: 0.45 }),
    ambassador('A4', { subjects: ['maths'] }),
  ]);
  await store.putHistory([
    {
      organisation_id: SCHOOL.id,
      ambassador_id: 'A1',
      activity_type: 'talk',
      start: '2026-10-05T10:00:00+01:00',
      end: '2026-10-05T11:00:00+01:00',
      status: 'completed',
    },
  ]);
  for (const r of [
    request('R1'),
    request('R2', { needed: 2, window_start: '2027-03-08', window_end: '2027-03-12' }),
    request('R3', { subjects: ['chemistry'] }),
  ])
    await hub.submitRequest(r);
  await until(async () => (await store.countByStatus()).open === 3);
  const ran = await cli('run-match', '--wait', '--today', '2027-02-20');
  expect(ran.code, ran.err).toBe(0);
  runId = /Match run (\S+) requested/.exec(ran.out)![1]!;
});
afterAll(async () => {
  await workers.close();
  await cleanup();
});

describe('replay', { timeout: 120_000 }, () => {
  it('records the run: policy version, input digest, per-request scores; no personal data in the inputs', async () => {
    const run = (await getRun(store, runId))!;
    expect(run.policy_version).toBe('2026-11.1');
    const parts = await getRunInputs(store, runId);
    expect(parts.length).toBeGreaterThan(0);
    for (const p of parts) {
      expect(p.record.input_digest).toBe(canonicalDigest(p.input).digest);
      expect(p.record.stored).toBe(true);
      const text = (
        await unzip((await redis.getBuffer(runInputsBlobKey(store, runId, p.record.part)))!)
      ).toString();
      for (const value of Object.values(PRIYA)) expect(text).not.toContain(value);
    }
    const outcomes = Object.assign({}, ...parts.map((p) => (p.output as { requests: object }).requests));
    expect(outcomes['se:R1']).toMatchObject({
      filled: true,
      ambassadors: [{ ambassador_id: 'A1', score: { continuity: 3, subject_fit: 1 } }],
    });
    expect(outcomes['se:R3']).toMatchObject({ filled: false, reason: 'no_subject_match' });
  });

  it('replays bit for bit and explains each assignment against its runner-up', async () => {
    const replayed = await cli('replay', runId);
    expect(replayed.code, replayed.err).toBe(0);
    expect(replayed.out).toContain('Replay identical to the recorded run, bit for bit.');
    expect(replayed.out).toMatch(
      /part 0: \d+ requests, seed 1, policy 2026-11\.1, inputs sha256 [0-9a-f]{16}… — replayed in [\d.]+ s: identical/,
    );
    // R1: A1 knows the school; A2, nearer, is the runner-up, and loses on continuity.
    const r1 = replayed.out.slice(replayed.out.indexOf('se:R1:'));
    expect(r1).toMatch(/^se:R1: A1 \([\d.]+ km\)/);
    expect(r1).toMatch(/chosen {5}A1 +[\d.]+ = continuity 3 \+ subject fit 1/);
    expect(r1).toMatch(/runner-up {2}A2 +[\d.-]+ = continuity 0 \+ subject fit 1/);
    expect(r1).toMatch(
      /A1 scored 2\.68 more: continuity \(has worked with this organisation\) \+3, .*travel -0\.07/,
    );
    // Unfilled requests are not "assignments": only filled ones are listed.
    expect(replayed.out).not.toContain('se:R3:');

    const json = await cli('replay', runId, '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as ReplayReport;
    expect(report.ok).toBe(true);
    expect(
      report.parts.every(
        (p) => p.status === 'identical' && p.replayed_output_digest === p.recorded_output_digest,
      ),
    ).toBe(true);
    const r2 = report.reasons.find((r) => r.request === 'se:R2')!;
    expect(r2.outcome.filled && r2.outcome.ambassadors.map((a) => a.ambassador_id)).toHaveLength(2);
    expect(r2.runner_up).toBeDefined();

    // One request: only its part, and an unfilled one says why.
    const one = await cli('replay', runId, '--request', 'se:R3');
    expect(one.code, one.err).toBe(0);
    expect(one.out).toContain('se:R3: not filled — no_subject_match');
    expect(one.out).not.toContain('se:R1:');
    expect((await cli('replay', runId, '--request', 'R1')).out).toContain('se:R1: A1');
    const missing = await cli('replay', runId, '--request', 'se:NOPE');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('request se:NOPE is not among the requests of run');
    // At most N reasons printed; every part is still replayed.
    const limited = await cli('replay', runId, '--limit', '1');
    expect(limited.code).toBe(0);
    expect(limited.out).toContain('se:R1:');
    expect(limited.out).not.toContain('se:R2:');
    expect(limited.out).toContain('… and 1 more requests');
    const usage = await cli('replay');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("missing required argument 'run'");
    expect((await cli('replay', runId, '--limit', 'x')).code).toBe(2);
    const noRun = await cli('replay', 'run-none');
    expect(noRun.code).toBe(1);
    expect(noRun.err).toContain('no match run run-none on record');
  });

  it('finds stored inputs changed after the run, and a change re-sealed with a new digest', async () => {
    const [first] = await getRunInputs(store, runId);
    const part = first!.record.part;
    const key = runInputsBlobKey(store, runId, part);
    const original = (await redis.getBuffer(key))!;
    const body = JSON.parse((await unzip(original)).toString()) as {
      input: { snapshot: { ambassadors: Array<{ id: string; dbs_status: string }> } };
      output: unknown;
    };
    // A1's DBS check said to have lapsed: stored back as if it had been so at the run.
    for (const a of body.input.snapshot.ambassadors) if (a.id === 'A1') a.dbs_status = 'expired';
    const tampered = canonicalDigest(body.input);
    await redis.set(
      key,
      await zip(Buffer.from(`{"input":${tampered.json},"output":${canonicalDigest(body.output).json}}`)),
      'KEEPTTL',
    );

    const caught = await cli('replay', runId);
    expect(caught.code).toBe(1);
    expect(caught.err).toMatch(
      /part \d+: the stored inputs do not match their digest \(recorded sha256 [0-9a-f]{12}…, stored inputs hash to [0-9a-f]{12}…\)/,
    );
    expect(caught.out).toContain('NOT REPLAYED');
    expect(caught.out).toContain('Replay does NOT reproduce the recorded run');

    // Re-sealed (the digest rewritten to match): the engine's result is then not the recorded one.
    const metaKey = runInputsKey(store, runId);
    const record = JSON.parse((await redis.hget(metaKey, String(part)))!) as RecordedPart;
    await redis.hset(metaKey, String(part), JSON.stringify({ ...record, input_digest: tampered.digest }));
    const resealed = await cli('replay', runId, '--json');
    expect(resealed.code).toBe(1);
    const report = JSON.parse(resealed.out) as ReplayReport;
    expect(report.parts.find((p) => p.part === part)!.status).toBe('different');
    const diff = report.differences.find((d) => d.request === 'se:R1')!;
    expect(diff.recorded).toMatchObject({ filled: true, ambassadors: [{ ambassador_id: 'A1' }] });
    expect(diff.replayed).not.toMatchObject({ ambassadors: [{ ambassador_id: 'A1' }] });
    expect((await cli('replay', runId)).err).toMatch(
      /part \d+ se:R1: recorded filled by A1 from .*; replay /,
    );

    // The stored inputs deleted, or the record rewritten into something else: found, exit 1.
    await redis.del(key);
    const gone = await cli('replay', runId);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain(
      `run ${runId} part ${part}: its stored inputs are missing, so it was not replayed`,
    );
    await redis.hset(metaKey, String(part), '{"part":"x"}');
    const rewritten = await cli('replay', runId);
    expect(rewritten.code).toBe(1);
    expect(rewritten.err).toContain(`run ${runId} part ${part}: its replay record is not valid`);

    // A part's record deleted: the run knows how many parts it was planned in.
    await redis.hdel(metaKey, String(part));
    const deleted = await cli('replay', runId);
    expect(deleted.code).toBe(1);
    expect(deleted.err).toMatch(new RegExp(`part ${part} of \\d+ has no replay record`));

    // Put back as it was: identical again.
    await redis.set(key, original, 'KEEPTTL');
    await redis.hset(metaKey, String(part), JSON.stringify(record));
    expect((await cli('replay', runId)).code).toBe(0);
  });

  it('erasure scrubs a person from stored run inputs; the run still replays', async () => {
    // A record written by a version (or a mistake) that let her employer in.
    await putRunInputs(store, 'run-legacy', 0, {
      input: { snapshot: { ambassadors: [{ id: 'A1', employer: PRIYA.employer }] } },
      output: { requests: {} },
      policy_version: '2026-11.1',
      seed: 1,
    });
    const erased = await cli('erase', 'ambassador', 'A1');
    expect(erased.code, erased.err).toBe(0);
    expect(erased.out).toContain(runInputsBlobKey(store, 'run-legacy', 0));
    const [legacy] = await getRunInputs(store, 'run-legacy');
    expect(JSON.stringify(legacy!.input)).not.toContain(PRIYA.employer);
    expect(legacy!.record.amendments).toMatchObject([{ by: 'erasure', ambassador: 'A1' }]);
    expect(legacy!.input_digest_now).toBe(legacy!.record.input_digest);
    // Nothing of hers in any stored run input, and the real run still replays bit for bit.
    for (const id of [runId, 'run-legacy'])
      for (const p of await getRunInputs(store, id)) {
        const text = (
          await unzip((await redis.getBuffer(runInputsBlobKey(store, id, p.record.part)))!)
        ).toString();
        for (const value of Object.values(PRIYA)) expect(text).not.toContain(value);
      }
    const replayed = await cli('replay', runId);
    expect(replayed.code, replayed.err).toBe(0);
  });
});
