import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkers } from '@stem-match/cli';
import { ReportDocument, ValidationError, weeklyPattern } from '@stem-match/domain';
import { hastingsSchool, physicsAmbassador } from '@stem-match/domain/testing';
import { createConnection, createHubClient, QUEUES } from '@stem-match/queue';
import { deleteByPrefix, Store } from '@stem-match/store';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness.js';

// What hub staff do day to day: confirm and complete an activity, read its trail, and mend what the
// dead-letter queue caught — through the CLI and the hub client against real Redis.
const dir = mkdtempSync(join(tmpdir(), 'stem-match-ops-'));
const tag = randomUUID().slice(0, 8);
process.env.STEM_PREFIX = `test:ops:{${tag}}`;
process.env.STEM_QUEUE_PREFIX = `test-q:ops:{${tag}}`;
process.env.LOG_LEVEL = 'silent';
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url);
const producer = createConnection(url, 'producer');
const store = new Store(redis, process.env.STEM_PREFIX);
const queuePrefix = process.env.STEM_QUEUE_PREFIX;
const hub = createHubClient({
  hub: 'se',
  connection: producer,
  prefix: process.env.STEM_PREFIX,
  queuePrefix,
});
let workers: Awaited<ReturnType<typeof startWorkers>>;

beforeAll(async () => {
  workers = await startWorkers('all', { schedule: false, rematchDelayMs: 200 });
  await store.putOrganisations([hastingsSchool('100001')]);
  await store.putAmbassadors([
    physicsAmbassador('A1', { availability: weeklyPattern('Mon-Fri 09:00-12:00'), max_per_month: 4 }),
  ]);
});
afterAll(async () => {
  await hub.close();
  await workers.close();
  await deleteByPrefix(redis, process.env.STEM_PREFIX!);
  await deleteByPrefix(redis, queuePrefix);
  redis.disconnect();
  producer.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const request = (id: string) => ({
  id,
  organisation_id: '100001',
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

const deadLetterIds = async (): Promise<string[]> =>
  (await cli('dlq', 'list')).out
    .split('\n')
    .filter((l) => l.includes('|'))
    .map((l) => l.split(/\s+/)[0]!);

describe('operations', { timeout: 30_000 }, () => {
  it('a confirmed activity is completed with hours, young people and satisfaction, and reported', async () => {
    await hub.submitRequest(request('R1'));
    await until(() => hub.getRequest('R1'));
    expect((await cli('run-match', '--wait', '--today', '2026-11-24')).code).toBe(0);
    await hub.respondToOffer({ request_id: 'R1', ambassador_id: 'A1', response: 'accept' });
    await until(async () => (await hub.getRequest('R1'))?.status === 'confirmed');
    await hub.completeActivity({
      request_id: 'R1',
      ambassador_id: 'A1',
      volunteer_hours: 1.5,
      participants: 28,
      satisfaction: 4,
    });
    const offer = await until(async () =>
      (await hub.getRequest('R1'))?.offers.find((o) => o.status === 'completed'),
    );
    expect(offer).toMatchObject({
      ambassador_id: 'A1',
      volunteer_hours: 1.5,
      participants: 28,
      satisfaction: 4,
    });

    const trail = await cli('history', 'R1');
    expect(trail.code).toBe(0);
    expect(trail.out).toMatch(/request se:R1:/);
    const events = trail.out.split('\n').flatMap((l) => /^\s+\S+\s+(\w+)/.exec(l)?.[1] ?? []);
    expect(events).toEqual(['submitted', 'offered', 'matched', 'accepted', 'confirmed', 'completed']);
    expect(trail.out).toMatch(/completed\s+hub:se\s+ambassador A1\s+\(1\.5 h, 28 young people/);

    const out = join(dir, 'volunteering.json');
    const report = await cli(
      'report',
      'volunteering',
      '--from',
      '2026-09-01',
      '--to',
      '2027-08-31',
      '--format',
      'json',
      '--out',
      out,
    );
    expect(report.code).toBe(0);
    const doc = ReportDocument.parse(JSON.parse(readFileSync(out, 'utf8')));
    const perHub = doc.sections.flatMap((s) => s.tables).find((t) => t.id === 'by-hub')!;
    const col = (id: string) => perHub.columns.findIndex((c) => c.key === id);
    expect(perHub.rows).toHaveLength(1);
    const [row] = perHub.rows;
    expect([
      row![col('activities')],
      row![col('hours')],
      row![col('young_people')],
      row![col('satisfaction')],
    ]).toEqual([1, 1.5, 28, 4]);
  });

  it('the hub client refuses a malformed reply or completion at once, naming the field', async () => {
    const reply = hub.respondToOffer({
      request_id: 'R1',
      ambassador_id: 'A1',
      response: 'maybe' as 'accept',
    });
    await expect(reply).rejects.toBeInstanceOf(ValidationError);
    await expect(reply).rejects.toThrow(/reply to offer for request R1 \(hub se\) is invalid: response/);
    await expect(
      hub.completeActivity({
        request_id: 'R1',
        ambassador_id: 'A1',
        volunteer_hours: 2,
        participants: 10,
        satisfaction: 9,
      }),
    ).rejects.toThrow(/completion for request R1 \(hub se\) is invalid: satisfaction/);
  });

  it('history names an unknown id and exits 1', async () => {
    const result = await cli('history', 'NOPE');
    expect(result.code).toBe(1);
    expect(result.err).toContain('no request or ambassador with id NOPE');
  });

  it('dead letters from intake and offers can be listed, shown, corrected and retried, or dropped', async () => {
    const intake = new Queue(QUEUES.intake, { connection: redis, prefix: queuePrefix });
    const offers = new Queue(QUEUES.offers, { connection: redis, prefix: queuePrefix });
    const { key_stage: _dropped, ...missingKeyStage } = request('R2');
    await intake.add('submit', { kind: 'submit', hub: 'se', request: missingKeyStage });
    await offers.add('respond', {
      kind: 'respond',
      hub: 'se',
      request_id: 'R1',
      ambassador_id: 'A1',
      response: 'perhaps',
    });
    await intake.close();
    await offers.close();
    const ids = await until(async () => {
      const found = await deadLetterIds();
      return found.length === 2 && found;
    });
    const fromIntake = ids.find((id) => id.startsWith('intake|'))!;
    const fromOffers = ids.find((id) => id.startsWith('offers|'))!;
    expect(fromIntake).toBeDefined();
    expect(fromOffers).toBeDefined();

    const shown = await cli('dlq', 'show', fromIntake);
    const letter = JSON.parse(shown.out);
    expect(letter.queue).toBe('intake');
    expect(letter.error).toMatch(/key_stage/);
    expect(letter.payload.request.id).toBe('R2');

    // A correction that is still wrong is refused before anything is sent.
    const stillWrong = join(dir, 'still-wrong.json');
    writeFileSync(
      stillWrong,
      JSON.stringify({ ...letter.payload, request: { ...letter.payload.request, key_stage: 'KS9' } }),
    );
    const refused = await cli('dlq', 'retry', fromIntake, '--payload', stillWrong);
    expect(refused.code).toBe(3);
    expect(refused.err).toMatch(/payload file .* is invalid: request\.key_stage/);
    expect(await deadLetterIds()).toContain(fromIntake);

    const fixed = join(dir, 'fixed.json');
    writeFileSync(
      fixed,
      JSON.stringify({ ...letter.payload, request: { ...letter.payload.request, key_stage: 'KS3' } }),
    );
    const retried = await cli('dlq', 'retry', fromIntake, '--payload', fixed);
    expect(retried.code).toBe(0);
    expect(retried.out).toContain(`Sent ${fromIntake} back to intake`);
    expect((await until(() => hub.getRequest('R2'))).request.key_stage).toBe('KS3');

    expect((await cli('dlq', 'drop', fromOffers)).code).toBe(0);
    expect(await deadLetterIds()).toEqual([]);
    expect((await cli('dlq', 'show', fromOffers)).code).toBe(1);
  });
});
