import { londonInstant, type StoredRequest, toLondonWallClock } from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import { jobIdFor, ReminderJob, readJob } from '@stem-match/queue';
import type { Store } from '@stem-match/store';
import type { Queue } from 'bullmq';
import type { Reminder, ReminderDelivery } from './delivery.js';

/** Reminders go this many days before each session… */
export const REMINDER_DAYS: readonly number[] = [7, 1];
/** …at this minute of the UK day (09:00 Europe/London, GMT or BST as it is on that day). */
export const REMINDER_MINUTE = 9 * 60;

/** When a session's reminders fall: 09:00 UK time, `days` days before the session's UK date. */
export function reminderTimes(
  start: string,
  days: readonly number[] = REMINDER_DAYS,
): Array<{ days_before: number; at: Date }> {
  const day = toLondonWallClock(start).day;
  // A plain Date (the instant), not the TZDate: it prints and compares as UTC.
  return days.map((d) => ({
    days_before: d,
    at: new Date(londonInstant(day - d, REMINDER_MINUTE).getTime()),
  }));
}

/** The sessions an accepted offer holds, or (organiser) that some accepted offer holds. */
function heldSessions(stored: StoredRequest, ambassadorId?: string) {
  const held = new Map<number, { session: number; start: string; end: string }>();
  for (const o of stored.offers) {
    if (o.status !== 'accepted' || (ambassadorId !== undefined && o.ambassador_id !== ambassadorId)) continue;
    for (const s of o.sessions) if (!held.has(s.session)) held.set(s.session, s);
  }
  return [...held.values()].sort((a, b) => a.session - b.session);
}

/**
 * The reminder jobs due for a request now: the ambassador's for each session their accepted offer
 * holds, and, once the request is confirmed, the organiser's for each session. Reminders whose time
 * has passed are left out (a session a few days away gets only the 1-day one).
 */
export function reminderJobs(
  stored: StoredRequest,
  ambassadorId: string | undefined,
  now: number,
): Array<{ data: ReminderJob; at: number; id: string }> {
  const out: Array<{ data: ReminderJob; at: number; id: string }> = [];
  const { hub, id } = stored.request;
  const add = (to: 'ambassador' | 'organiser', amb: string | undefined) => {
    for (const s of heldSessions(stored, amb)) {
      for (const { days_before, at } of reminderTimes(s.start)) {
        if (at.getTime() <= now) continue;
        const data: ReminderJob = {
          kind: 'reminder',
          hub,
          request_id: id,
          to,
          ...(amb ? { ambassador_id: amb } : {}),
          session: s.session,
          start: s.start,
          days_before,
        };
        const who = amb ? `amb:${amb}` : 'org';
        out.push({
          data,
          at: at.getTime(),
          id: jobIdFor('reminder', hub, id, who, String(s.session), `${days_before}d`),
        });
      }
    }
  };
  if (ambassadorId !== undefined) add('ambassador', ambassadorId);
  if (stored.status === 'confirmed') add('organiser', undefined);
  return out;
}

/**
 * Schedules the reminders after an acceptance: delayed jobs, one per (request, person, session,
 * days before), de-duplicated by job id, so answering twice or confirming again adds none twice.
 */
export async function scheduleReminders(
  queue: Queue,
  store: Store,
  hub: string,
  requestId: string,
  ambassadorId: string,
  now = Date.now(),
): Promise<number> {
  const stored = await store.getRequest(hub, requestId);
  if (!stored) return 0;
  const jobs = reminderJobs(stored, ambassadorId, now);
  if (jobs.length === 0) return 0;
  await queue.addBulk(
    jobs.map((j) => ({
      name: 'reminder',
      data: j.data,
      opts: {
        jobId: j.id,
        delay: Math.max(0, j.at - now),
        attempts: 5,
        backoff: { type: 'exponential', delay: 60_000 },
        // Kept a while, so a reminder already sent is not scheduled (and sent) again.
        removeOnComplete: { age: 35 * 24 * 3600 },
      },
    })),
  );
  return jobs.length;
}

/**
 * Sends one reminder if, now, it still applies: the ambassador's offer is accepted and still holds
 * that session at that time (not cancelled, withdrawn, handed to a substitute or moved), or for the
 * organiser some accepted offer does and the request is not cancelled; and the session has not
 * started. Returns what happened, for the job's result.
 */
export async function processReminder(
  store: Store,
  data: unknown,
  delivery: ReminderDelivery,
  log: Logger,
  now = Date.now(),
): Promise<{ invalid: string } | { ok: string }> {
  const read = readJob(ReminderJob, data);
  if ('refused' in read) return { invalid: read.refused };
  const job = read.data;
  if (Date.parse(job.start) <= now) return { ok: 'skipped:session-started' };
  const stored = await store.getRequest(job.hub, job.request_id);
  if (!stored) return { ok: 'skipped:no-request' };
  if (stored.status === 'cancelled' || stored.status === 'expired')
    return { ok: `skipped:request-${stored.status}` };
  const held = heldSessions(stored, job.to === 'ambassador' ? job.ambassador_id : undefined).find(
    (s) => s.session === job.session && s.start === job.start,
  );
  if (!held) return { ok: 'skipped:not-held' };
  const organisation =
    job.to === 'organiser' ? await store.getOrganisation(stored.request.organisation_id) : undefined;
  const ambassador = job.ambassador_id ? await store.getAmbassador(job.ambassador_id) : undefined;
  const offer = stored.offers.find(
    (o) => o.status === 'accepted' && o.sessions.some((s) => s.session === job.session),
  );
  const reminder: Reminder = {
    to: job.to,
    hub: job.hub,
    request_id: job.request_id,
    organisation_id: stored.request.organisation_id,
    ...(job.ambassador_id ? { ambassador_id: job.ambassador_id } : {}),
    session: job.session,
    sessions: stored.request.sessions,
    start: held.start,
    end: held.end,
    days_before: job.days_before,
    activity_type: stored.request.activity_type,
    mode: offer?.mode ?? 'in_person',
    recipient:
      job.to === 'ambassador'
        ? {
            ...(ambassador?.name ? { name: ambassador.name } : {}),
            ...(ambassador?.email ? { email: ambassador.email } : {}),
          }
        : { ...(organisation ? { name: organisation.name } : {}) },
    reply:
      job.to === 'ambassador'
        ? { cannot_attend: { hub: job.hub, request_id: job.request_id, ambassador_id: job.ambassador_id! } }
        : { cancel_request: { hub: job.hub, request_id: job.request_id } },
  };
  await delivery.deliver(reminder);
  log.debug(
    { request: `${job.hub}:${job.request_id}`, to: job.to, session: job.session, days: job.days_before },
    'reminder sent',
  );
  return { ok: 'sent' };
}
