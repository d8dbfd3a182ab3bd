import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ActivityRequest, type Offer, weeklyPattern } from '@stem-match/domain';
import { createLogger } from '@stem-match/log';
import { createConnection, createHubClient, jobIdFor, QUEUES } from '@stem-match/queue';
import { Store, testRedis } from '@stem-match/store';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import {
  logDelivery,
  processReminder,
  type Reminder,
  type ReminderDelivery,
  reminderJobs,
  reminderTimes,
  startMatcher,
  webhookDelivery,
} from '../src/index.js';
import { hastingsSchool, physicsAmbassador, silentLog } from './fixtures.js';

const { redis, url, prefix, queuePrefix, cleanup } = testRedis('reminders');
const quiet = silentLog();
afterAll(cleanup);

const iso = (d: Date) => d.toISOString();

describe('when reminders fall (09:00 Europe/London, 7 days and 1 day before)', () => {
  it('in the week the clocks go forward (Sun 29 March 2026)', () => {
    // Monday 30 March 10:00 BST. Seven days before is still GMT; the day before is already BST.
    const times = reminderTimes('2026-03-30T10:00:00+01:00');
    expect(times.map((t) => [t.days_before, iso(t.at)])).toEqual([
      [7, '2026-03-23T09:00:00.000Z'],
      [1, '2026-03-29T08:00:00.000Z'],
    ]);
  });

  it('in the week the clocks go back (Sun 25 October 2026)', () => {
    const times = reminderTimes('2026-10-26T10:00:00+00:00');
    expect(times.map((t) => [t.days_before, iso(t.at)])).toEqual([
      [7, '2026-10-19T08:00:00.000Z'],
      [1, '2026-10-25T09:00:00.000Z'],
    ]);
  });

  it('counts days on the UK calendar, not UTC: a session just after midnight BST', () => {
    // 00:30 on Monday 1 June BST is 23:30 UTC on Sunday 31 May; the reminder is on Sunday at 09:00.
    const [, dayBefore] = reminderTimes('2026-06-01T00:30:00+01:00');
    expect(iso(dayBefore!.at)).toBe('2026-05-31T08:00:00.000Z');
  });
});

const school = hastingsSchool('O1', { lat: 50.85, lon: 0.57 });
const sam = physicsAmbassador('A1', { name: 'Sam Example', email: 'sam@example.org' });
const sessions = [
  { session: 1, start: '2027-03-01T10:00:00+00:00', end: '2027-03-01T11:00:00+00:00' },
  { session: 2, start: '2027-03-08T10:00:00+00:00', end: '2027-03-08T11:00:00+00:00' },
];
const offer = (id: string, amb = 'A1'): Offer => ({
  request_id: id,
  hub: 'se',
  ambassador_id: amb,
  sessions,
  distance_km: 2,
  mode: 'in_person',
  status: 'offered',
  run_id: 'run-r',
  offered_at: '2026-11-24T02:00:00+00:00',
  reply_by: '2027-02-20T02:00:00+00:00',
});
const request = (id: string) =>
  ActivityRequest.parse({
    id,
    organisation_id: 'O1',
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2027-03-01',
    window_end: '2027-03-01',
    times: weeklyPattern('Mon 10:00-11:00'),
    duration_min: 60,
    sessions: 2,
    every_days: 7,
    created_at: '2026-11-01T09:00:00+00:00',
  });

const store = new Store(redis, `${prefix}:s`);
/** A request committed with A1's offer (and optionally accepted). */
async function booked(id: string, accept: boolean) {
  await store.createRequest(request(id), 'hub:se');
  const r = (await store.getRequest('se', id))!;
  await store.commitComponents('run-r', [
    {
      component: `c-${id}`,
      filled: [{ hub: 'se', id, version: r.version, offers: [offer(id)] }],
      unfilled: [],
    },
  ]);
  if (accept) await store.respondToOffer('se', id, 'A1', 'accepted', 'ambassador:A1');
  return (await store.getRequest('se', id))!;
}
const capture = (): ReminderDelivery & { sent: Reminder[] } => {
  const sent: Reminder[] = [];
  return { name: 'capture', sent, deliver: async (r) => void sent.push(r) };
};

describe('reminder jobs and sending', () => {
  it('a confirmed ambassador and the organiser get one job per session and day; unanswered offers none', async () => {
    await store.putOrganisations([school]);
    await store.putAmbassadors([sam]);
    const now = Date.parse('2026-12-02T00:00:00Z');
    const pending = await booked('R0', false);
    expect(reminderJobs(pending, 'A1', now)).toEqual([]);
    const confirmed = await booked('R1', true);
    expect(confirmed.status).toBe('confirmed');
    const jobs = reminderJobs(confirmed, 'A1', now);
    expect(jobs.map((j) => [j.data.to, j.data.session, j.data.days_before, iso(new Date(j.at))])).toEqual([
      ['ambassador', 1, 7, '2027-02-22T09:00:00.000Z'],
      ['ambassador', 1, 1, '2027-02-28T09:00:00.000Z'],
      ['ambassador', 2, 7, '2027-03-01T09:00:00.000Z'],
      ['ambassador', 2, 1, '2027-03-07T09:00:00.000Z'],
      ['organiser', 1, 7, '2027-02-22T09:00:00.000Z'],
      ['organiser', 1, 1, '2027-02-28T09:00:00.000Z'],
      ['organiser', 2, 7, '2027-03-01T09:00:00.000Z'],
      ['organiser', 2, 1, '2027-03-07T09:00:00.000Z'],
    ]);
    // Job data carries ids only, never the ambassador's name or email.
    expect(JSON.stringify(jobs)).not.toMatch(/Sam|example\.org/);
    // Scheduled three days before the first session: its 7-day reminders are past and left out.
    expect(
      reminderJobs(confirmed, 'A1', Date.parse('2027-02-26T12:00:00Z')).map((j) => [
        j.data.session,
        j.data.days_before,
      ]),
    ).toEqual([
      [1, 1],
      [2, 7],
      [2, 1],
      [1, 1],
      [2, 7],
      [2, 1],
    ]);
  });

  it('sends when due only if the assignment still stands: not after "cannot attend", a cancellation, or the start', async () => {
    const delivery = capture();
    const now = Date.parse('2027-02-28T09:00:00Z');
    const job = {
      kind: 'reminder',
      hub: 'se',
      request_id: 'R2',
      to: 'ambassador',
      ambassador_id: 'A1',
      session: 1,
      start: sessions[0]!.start,
      days_before: 1,
    };
    const organiser = { ...job, to: 'organiser', ambassador_id: undefined };
    await booked('R2', true);
    expect(await processReminder(store, job, delivery, quiet, now)).toEqual({ ok: 'sent' });
    expect(await processReminder(store, organiser, delivery, quiet, now)).toEqual({ ok: 'sent' });
    expect(delivery.sent[0]).toMatchObject({
      to: 'ambassador',
      request_id: 'R2',
      session: 1,
      sessions: 2,
      start: sessions[0]!.start,
      days_before: 1,
      recipient: { name: 'Sam Example', email: 'sam@example.org' },
      reply: { cannot_attend: { hub: 'se', request_id: 'R2', ambassador_id: 'A1' } },
    });
    expect(delivery.sent[1]).toMatchObject({
      to: 'organiser',
      recipient: { name: 'Hastings Academy' },
      reply: { cancel_request: { hub: 'se', request_id: 'R2' } },
    });
    expect(await processReminder(store, job, delivery, quiet, Date.parse(sessions[0]!.start))).toEqual({
      ok: 'skipped:session-started',
    });
    // A moved session is not reminded at its old time.
    expect(
      await processReminder(store, { ...job, start: '2027-03-01T09:00:00+00:00' }, delivery, quiet, now),
    ).toEqual({ ok: 'skipped:not-held' });
    // The ambassador can no longer attend: their reminders are no longer sent (nobody else held it: the organiser's neither).
    await store.respondToOffer('se', 'R2', 'A1', 'cancelled', 'ambassador:A1');
    expect(await processReminder(store, job, delivery, quiet, now)).toEqual({ ok: 'skipped:not-held' });
    expect(await processReminder(store, organiser, delivery, quiet, now)).toEqual({ ok: 'skipped:not-held' });
    await booked('R3', true);
    await store.cancelRequest('se', 'R3', 'hub:se');
    expect(await processReminder(store, { ...job, request_id: 'R3' }, delivery, quiet, now)).toEqual({
      ok: 'skipped:request-cancelled',
    });
    expect(delivery.sent).toHaveLength(2);
    // Refused the way every job is (readJob): the field, what was given and what was expected.
    const refused = await processReminder(store, { ...job, days_before: 0 }, delivery, quiet, now);
    expect(refused).toEqual({ invalid: expect.stringMatching(/^days_before: .*0/) });
  });

  it('the log delivery writes a structured line with the name and email redacted', async () => {
    const lines: string[] = [];
    const log = createLogger({
      name: 'test',
      level: 'info',
      destination: new Writable({
        write: (c, _e, done) => {
          lines.push(String(c));
          done();
        },
      }),
    });
    const delivery = capture();
    await processReminder(
      store,
      {
        kind: 'reminder',
        hub: 'se',
        request_id: 'R1',
        to: 'ambassador',
        ambassador_id: 'A1',
        session: 2,
        start: sessions[1]!.start,
        days_before: 7,
      },
      delivery,
      quiet,
      Date.parse('2027-03-01T09:00:00Z'),
    );
    await logDelivery(log).deliver(delivery.sent[0]!);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line.msg).toBe('reminder delivered');
    expect(line.reminder).toMatchObject({ request_id: 'R1', session: 2, days_before: 7 });
    expect(lines[0]).not.toMatch(/Sam Example|sam@example\.org/);
  });

  it('the webhook delivery POSTs the reminder as JSON; a failure names only the status', async () => {
    const received: Array<{ method: string; type: string; body: unknown }> = [];
    let status = 204;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method!, type: req.headers['content-type']!, body: JSON.parse(body) });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const hook = webhookDelivery({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/remind`,
      });
      const reminder: Reminder = {
        to: 'ambassador',
        hub: 'se',
        request_id: 'R1',
        organisation_id: 'O1',
        ambassador_id: 'A1',
        session: 1,
        sessions: 2,
        start: sessions[0]!.start,
        end: sessions[0]!.end,
        days_before: 1,
        activity_type: 'talk',
        mode: 'in_person',
        recipient: { name: 'Sam Example', email: 'sam@example.org' },
        reply: { cannot_attend: { hub: 'se', request_id: 'R1', ambassador_id: 'A1' } },
      };
      await hook.deliver(reminder);
      expect(received).toEqual([{ method: 'POST', type: 'application/json', body: reminder }]);
      status = 500;
      const failed = hook.deliver(reminder);
      await expect(failed).rejects.toThrow(/answered 500/);
      await expect(failed).rejects.not.toThrow(/Sam|example\.org/);
    } finally {
      server.close();
    }
    expect(() => webhookDelivery({ url: 'ftp://example.org/x' })).toThrow(/http\(s\) URL/);
  });
});

describe('reminders through the workers', { timeout: 30_000 }, () => {
  it('an acceptance schedules the reminders at 09:00 UK time; a due one is checked and delivered by the worker', async () => {
    const p = `${prefix}:w`;
    const qp = `${queuePrefix}:w`;
    const delivery = capture();
    const matcher = startMatcher({
      connection: redis,
      prefix: p,
      queuePrefix: qp,
      log: quiet,
      offerDays: 7,
      reminderDelivery: delivery,
    });
    const producer = createConnection(url, 'producer');
    const hub = createHubClient({ hub: 'se', connection: producer, prefix: p, queuePrefix: qp });
    const queue = new Queue(QUEUES.reminders, { connection: redis, prefix: qp });
    const events = new QueueEvents(QUEUES.reminders, { connection: redis.duplicate(), prefix: qp });
    try {
      const s = matcher.store;
      await s.putOrganisations([school]);
      await s.putAmbassadors([sam]);
      await s.createRequest(request('R9'), 'hub:se');
      const r = (await s.getRequest('se', 'R9'))!;
      await s.commitComponents('run-r', [
        {
          component: 'c9',
          filled: [{ hub: 'se', id: 'R9', version: r.version, offers: [offer('R9')] }],
          unfilled: [],
        },
      ]);
      const before = Date.now();
      await hub.respondToOffer({ request_id: 'R9', ambassador_id: 'A1', response: 'accept' });
      const id = jobIdFor('reminder', 'se', 'R9', 'amb:A1', '2', '1d');
      const job = await until(() => queue.getJob(id));
      const due = job.timestamp + (job.opts.delay ?? 0);
      expect(Math.abs(due - Date.parse('2027-03-07T09:00:00Z'))).toBeLessThan(Date.now() - before + 1000);
      expect(await queue.getJob(jobIdFor('reminder', 'se', 'R9', 'org', '1', '7d'))).toBeDefined();
      expect(await queue.getDelayedCount()).toBe(8);

      // A reminder due now (as the 09:00 one will be): the worker checks the store and delivers it.
      await events.waitUntilReady();
      const now = await queue.add('reminder', { ...job.data, days_before: 1 }, { jobId: 'due-now' });
      expect(await now.waitUntilFinished(events, 10_000)).toBe('sent');
      expect(delivery.sent.map((x) => [x.request_id, x.ambassador_id, x.session])).toEqual([['R9', 'A1', 2]]);
      // After "can no longer attend" (no substitute here), the same reminder is not sent.
      await hub.cannotAttend({ request_id: 'R9', ambassador_id: 'A1' });
      await until(async () => (await s.getRequest('se', 'R9'))?.status === 'open');
      const later = await queue.add('reminder', job.data, { jobId: 'due-later' });
      expect(await later.waitUntilFinished(events, 10_000)).toBe('skipped:not-held');
      expect(delivery.sent).toHaveLength(1);
    } finally {
      await events.close();
      await queue.close();
      await hub.close();
      producer.disconnect();
      await matcher.close();
    }
  });
});

async function until<T>(read: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
