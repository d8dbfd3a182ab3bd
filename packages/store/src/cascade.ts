import {
  type Actor,
  dayToDate,
  isoWeekday,
  type Offer,
  type RequestStatus,
  toLondonWallClock,
} from '@stem-match/domain';
import { requestRef } from './keys.js';

type OfferSession = Offer['sessions'][number];

import { AUDIT, RESPOND } from './scripts.js';
import type { Store } from './store.js';

/**
 * The offer cascade: each filled request keeps its ranked substitutes (written by the commit), and
 * when an ambassador drops out the next substitute who is still free is offered the sessions at once.
 */

/** One stored substitute of a request (no personal data: ids and the match's figures). */
export interface StoredSubstitute {
  ambassador_id: string;
  rank: number;
  mode: Offer['mode'];
  distance_km: number;
}

/** Where a request's substitutes live: `P:subs:hub:id` (same hash tag as every store key). */
export const substitutesKey = (prefix: string, ref: string): string => `${prefix}:subs:${ref}`;

export async function getSubstitutes(store: Store, hub: string, id: string): Promise<StoredSubstitute[]> {
  const json = await store.client.get(substitutesKey(store.keys.prefix, requestRef(hub, id)));
  return json === null ? [] : (JSON.parse(json) as StoredSubstitute[]);
}

/**
 * Picks the first substitute still free for every session handed over, re-checked against the store
 * as it is now: not already on the request (declined, withdrawn or holding it), a record on file with
 * a cleared DBS check expiring after the last session's UK date, weekly availability covering each
 * session and no unavailable date on it, no clash (with the travel buffer) with an offer or booking
 * they hold, and room in each month (sessions they hold + these ≤ their max_per_month, or the
 * policy's default). Imported history is not read here; the engine sees it at the next run.
 * Expects locals: prefix, ref, job (decoded payload). Sets `chosen` (or leaves it nil).
 */
const PICK = `
local function minutes(iso) return tonumber(string.sub(iso, 12, 13)) * 60 + tonumber(string.sub(iso, 15, 16)) end
local function free(sub)
  if redis.call('HEXISTS', prefix .. ':offers:' .. ref, sub.ambassador_id) == 1 then return false end
  local raw = redis.call('GET', prefix .. ':amb:' .. sub.ambassador_id)
  if not raw then return false end
  local a = cjson.decode(raw)
  if a.dbs_status ~= 'cleared' or type(a.dbs_expires) ~= 'string' or a.dbs_expires <= job.last_day then return false end
  for _, s in ipairs(job.sessions) do
    local covered = false
    for _, i in ipairs(a.availability or {}) do
      if i.day == s.weekday and i.start <= s.from and s.to <= i['end'] then covered = true end
    end
    if not covered then return false end
    for _, r in ipairs(a.unavailable or {}) do
      if r.start <= s.date and s.date <= r['end'] then return false end
    end
  end
  local perMonth = {}
  for _, bref in ipairs(redis.call('ZRANGE', prefix .. ':amb:' .. sub.ambassador_id .. ':bookings', 0, -1)) do
    local held = redis.call('HGET', prefix .. ':offers:' .. bref, sub.ambassador_id)
    if held then
      local o = cjson.decode(held)
      if o.status == 'offered' or o.status == 'accepted' then
        for _, os in ipairs(o.sessions) do
          local d = string.sub(os.start, 1, 10)
          local m = string.sub(d, 1, 7)
          perMonth[m] = (perMonth[m] or 0) + 1
          local from = minutes(os.start)
          local to = 1440
          if string.sub(os['end'], 1, 10) == d then to = minutes(os['end']) end
          for _, s in ipairs(job.sessions) do
            if s.date == d and s.from < to + job.buffer and from < s.to + job.buffer then return false end
          end
        end
      end
    end
  end
  local cap = job.default_cap
  if type(a.max_per_month) == 'number' then cap = a.max_per_month end
  for _, s in ipairs(job.sessions) do perMonth[s.month] = (perMonth[s.month] or 0) + 1 end
  for _, s in ipairs(job.sessions) do
    if perMonth[s.month] > cap then return false end
  end
  return true
end
local chosen = nil
local subsRaw = redis.call('GET', prefix .. ':subs:' .. ref)
if subsRaw then
  for _, sub in ipairs(cjson.decode(subsRaw)) do
    if not chosen and free(sub) then chosen = sub end
  end
end
local function offer_substitute(run, replaced, why)
  local sessions = {}
  for _, s in ipairs(job.sessions) do table.insert(sessions, {session = s.session, start = s.start, ['end'] = s['end']}) end
  local o = {request_id = job.request_id, hub = job.hub, ambassador_id = chosen.ambassador_id, sessions = sessions,
    distance_km = chosen.distance_km, mode = chosen.mode, status = 'offered', run_id = run,
    offered_at = now, reply_by = job.reply_by}
  redis.call('HSET', prefix .. ':offers:' .. ref, chosen.ambassador_id, cjson.encode(o))
  redis.call('ZADD', prefix .. ':amb:' .. chosen.ambassador_id .. ':bookings', job.first, ref)
  audit(prefix, ref, chosen.ambassador_id, 'cascaded', actor, now,
    'substitute ' .. chosen.rank .. ' in place of ' .. replaced .. ' (' .. why .. '), sessions ' ..
    job.sessions[1].session .. ' to ' .. job.sessions[#job.sessions].session .. ', reply by ' .. job.reply_by)
  audit(prefix, ref, chosen.ambassador_id, 'offered', actor, now, '')
end
`;

/**
 * An ambassador's decline, lapse or cancellation, with the cascade first. ARGV as RESPOND (prefix,
 * ref, hub, ambassador, to, now, actor, run) plus a payload (JSON: the sessions handed over — those
 * of the offer not yet started — with their UK date, weekday, minutes and month, the offer's session
 * count as read, last_day, first (ms), reply_by, buffer, default_cap, request_id, hub). If the offer
 * is still pending as read and a substitute is free, the dropped ambassador's offer ends (sessions
 * already started stand on it, for a series under way), the substitute is offered the rest (same run,
 * so the request is confirmed when every offer is accepted), a confirmed request goes back to
 * offered, and {'cascaded', status, substitute} is returned. Otherwise RESPOND runs unchanged (the
 * request reopens for a re-match).
 */
export const RESPOND_WITH_CASCADE = `${AUDIT}
local prefix, ref, hub, amb, to, now, actor, run = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local job = cjson.decode(ARGV[9])
local function cascade()
  if to == 'accepted' or #job.sessions == 0 then return nil end
  local key = prefix .. ':req:' .. ref
  local status = redis.call('HGET', key, 'status')
  if status ~= 'offered' and status ~= 'confirmed' then return nil end
  local raw = redis.call('HGET', prefix .. ':offers:' .. ref, amb)
  if not raw then return nil end
  local offer = cjson.decode(raw)
  local pending = offer.status == 'offered' or (to == 'cancelled' and offer.status == 'accepted')
  if not pending or (run ~= '' and offer.run_id ~= run) or #offer.sessions ~= job.count then return nil end
  ${PICK}
  if not chosen then return nil end
  local handed = {}
  for _, s in ipairs(job.sessions) do handed[s.session] = true end
  local kept = {}
  for _, s in ipairs(offer.sessions) do if not handed[s.session] then table.insert(kept, s) end end
  offer.responded_at = now
  if #kept > 0 then
    offer.sessions = kept
  else
    offer.status = to
    if to == 'lapsed' then offer.status = 'declined' end
    redis.call('ZREM', prefix .. ':amb:' .. amb .. ':bookings', ref)
  end
  redis.call('HSET', prefix .. ':offers:' .. ref, amb, cjson.encode(offer))
  local detail = ''
  local subRun = offer.run_id
  if #kept > 0 then
    -- A series under way: the sessions held stand, and the hand-over is a run of its own with a
    -- resume point, exactly as after a DBS withdrawal, so a fallback re-match asks only for the rest.
    detail = 'from session ' .. job.sessions[1].session
    subRun = job.partial_run
    local resume = tonumber(redis.call('HGET', key, 'resume_from'))
    if not resume or job.sessions[1].session < resume then
      redis.call('HSET', key, 'resume_from', job.sessions[1].session, 'resume_start', job.sessions[1].start,
        'resume_end', job.sessions[1]['end'])
    end
  end
  audit(prefix, ref, amb, to, actor, now, detail)
  offer_substitute(subRun, amb, to)
  local after = status
  if status == 'confirmed' then
    move_status(prefix, ref, hub, 'confirmed', 'offered')
    after = 'offered'
    redis.call('HSET', key, 'status', 'offered')
  end
  redis.call('HSET', key, 'updated_at', now)
  redis.call('HINCRBY', key, 'version', 1)
  return {'cascaded', after, chosen.ambassador_id}
end
local done = cascade()
if done then return done end
${RESPOND.slice(AUDIT.length)}
`;

/**
 * After a DBS withdrawal (DBS_WITHDRAW reopened the request and recorded where it resumes): offers
 * the withdrawn sessions to the next free substitute. ARGV: prefix, ref, hub, withdrawn ambassador,
 * now, actor, payload (as RESPOND_WITH_CASCADE's, plus run, needed and last_session). The request
 * goes back to offered (and forgets where to resume) once `needed` offers hold its last session;
 * otherwise it stays open for the re-match. Returns {'cascaded', status, substitute} or {'none'}.
 */
export const RESUME_WITH_CASCADE = `${AUDIT}
local prefix, ref, hub, amb, now, actor = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local job = cjson.decode(ARGV[7])
local key = prefix .. ':req:' .. ref
local status = redis.call('HGET', key, 'status')
if status ~= 'open' or #job.sessions == 0 then return {'none'} end
${PICK}
if not chosen then return {'none'} end
offer_substitute(job.run, amb, 'DBS lapse')
local holding = 0
for _, raw in ipairs(redis.call('HVALS', prefix .. ':offers:' .. ref)) do
  local o = cjson.decode(raw)
  if o.status == 'offered' or o.status == 'accepted' or o.status == 'completed' then
    for _, s in ipairs(o.sessions) do
      if s.session == job.last_session then holding = holding + 1 end
    end
  end
end
local after = 'open'
if holding >= job.needed then
  -- The resume point stays: should the substitute decline with nobody left, the re-match asks for these sessions only.
  move_status(prefix, ref, hub, 'open', 'offered')
  redis.call('HSET', key, 'status', 'offered')
  after = 'offered'
end
redis.call('HSET', key, 'updated_at', now)
redis.call('HINCRBY', key, 'version', 1)
return {'cascaded', after, chosen.ambassador_id}
`;

/** How the cascade checks and times a substitute's offer. */
export interface CascadeSettings {
  /** Hours a substitute has to answer (the reply deadline is also at most a day before the first session, at least an hour away). */
  replyHours: number;
  /** Policy.travel_buffer_min. */
  bufferMin: number;
  /** Policy.default_max_per_month. */
  defaultMaxPerMonth: number;
}

export type CascadeOutcome =
  | { cascaded: true; substitute: Offer; status: RequestStatus }
  | { cascaded: false; result: 'ok' | 'stale' | 'missing'; status: RequestStatus | undefined };

const HOUR = 3600_000;

/**
 * The run id of a hand-over of part of a series (or after a DBS withdrawal): the run's own id with a
 * suffix, so answering it never touches the sessions that stand, as a re-match's new run would not.
 */
export function handOverRun(runId: string, now: number): string {
  return `${runId.replace(/-c[0-9a-z]+$/, '')}-c${now.toString(36)}`.slice(0, 64);
}

/** The reply deadline of a substitute's offer. */
export function substituteReplyBy(now: number, firstStart: string, hours: number): string {
  return new Date(
    Math.max(now + HOUR, Math.min(now + hours * HOUR, Date.parse(firstStart) - 24 * HOUR)),
  ).toISOString();
}

function payloadOf(
  hub: string,
  id: string,
  sessions: readonly OfferSession[],
  now: number,
  settings: CascadeSettings,
) {
  const wall = sessions.map((s) => {
    const from = toLondonWallClock(s.start);
    const to = toLondonWallClock(s.end);
    const date = dayToDate(from.day);
    return {
      session: s.session,
      start: s.start,
      end: s.end,
      date,
      month: date.slice(0, 7),
      weekday: isoWeekday(from.day),
      from: from.minute,
      to: to.day === from.day ? to.minute : 1440,
    };
  });
  return {
    request_id: id,
    hub,
    sessions: wall,
    last_day: wall.length > 0 ? wall[wall.length - 1]!.date : '',
    first: sessions.length > 0 ? Date.parse(sessions[0]!.start) : 0,
    reply_by: sessions.length > 0 ? substituteReplyBy(now, sessions[0]!.start, settings.replyHours) : '',
    buffer: settings.bufferMin,
    default_cap: settings.defaultMaxPerMonth,
  };
}

async function substituteOffer(store: Store, hub: string, id: string, ambassadorId: string): Promise<Offer> {
  const json = await store.client.hget(store.keys.offers(requestRef(hub, id)), ambassadorId);
  return JSON.parse(json!) as Offer;
}

/**
 * A decline, lapse or cancellation with the cascade: the next free substitute gets the sessions not
 * yet started at once; with none free, exactly respondToOffer (the request reopens for a re-match).
 * One script, so the check and the offer are atomic.
 */
export async function respondWithCascade(
  store: Store,
  reply: {
    hub: string;
    id: string;
    ambassadorId: string;
    to: 'declined' | 'lapsed' | 'cancelled';
    actor: Actor;
    runId?: string;
  },
  settings: CascadeSettings,
  now = Date.now(),
): Promise<CascadeOutcome> {
  const ref = requestRef(reply.hub, reply.id);
  const held = await store.client.hget(store.keys.offers(ref), reply.ambassadorId);
  const offer = held === null ? undefined : (JSON.parse(held) as Offer);
  const remaining = offer ? offer.sessions.filter((s) => Date.parse(s.start) > now) : [];
  const payload = {
    ...payloadOf(reply.hub, reply.id, remaining, now, settings),
    count: offer?.sessions.length ?? 0,
    partial_run: offer ? handOverRun(offer.run_id, now) : '',
  };
  const [result, status, substitute] = await store.scripts.stemRespondCascade(
    store.keys.request(ref),
    store.keys.prefix,
    ref,
    reply.hub,
    reply.ambassadorId,
    reply.to,
    new Date(now).toISOString(),
    reply.actor,
    reply.runId ?? '',
    JSON.stringify(payload),
  );
  if (result === 'cascaded')
    return {
      cascaded: true,
      status: status as RequestStatus,
      substitute: await substituteOffer(store, reply.hub, reply.id, substitute!),
    };
  return {
    cascaded: false,
    result: result as 'ok' | 'stale' | 'missing',
    status: status === '' ? undefined : (status as RequestStatus),
  };
}

/**
 * After a DBS withdrawal of `ambassadorId` from `sessions` (session numbers of the request, as the
 * offer held them): the next free substitute gets those sessions at once (see RESUME_WITH_CASCADE).
 */
export async function resumeWithCascade(
  store: Store,
  withdrawn: {
    hub: string;
    id: string;
    ambassadorId: string;
    runId: string;
    sessions: readonly OfferSession[];
  },
  settings: CascadeSettings,
  now = Date.now(),
): Promise<CascadeOutcome | { cascaded: false; result: 'none'; status: undefined }> {
  const ref = requestRef(withdrawn.hub, withdrawn.id);
  const stored = await store.getRequest(withdrawn.hub, withdrawn.id);
  const remaining = withdrawn.sessions.filter((s) => Date.parse(s.start) > now);
  if (!stored || remaining.length === 0) return { cascaded: false, result: 'none', status: undefined };
  const payload = {
    ...payloadOf(withdrawn.hub, withdrawn.id, remaining, now, settings),
    run: handOverRun(withdrawn.runId, now),
    needed: stored.request.needed,
    last_session: stored.request.sessions,
  };
  const [result, status, substitute] = await store.scripts.stemResumeCascade(
    store.keys.request(ref),
    store.keys.prefix,
    ref,
    withdrawn.hub,
    withdrawn.ambassadorId,
    new Date(now).toISOString(),
    'system:dbs',
    JSON.stringify(payload),
  );
  if (result !== 'cascaded') return { cascaded: false, result: 'none', status: undefined };
  return {
    cascaded: true,
    status: status as RequestStatus,
    substitute: await substituteOffer(store, withdrawn.hub, withdrawn.id, substitute!),
  };
}
