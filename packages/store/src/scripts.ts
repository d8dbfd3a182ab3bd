import { APPEND_SUBMITTED } from './submitted.js';

/**
 * Lua scripts: each runs atomically in Redis. Keys are built inside from the prefix (ARGV[1]); they
 * share its hash tag, so on a cluster every key a script touches is in the slot of KEYS[1].
 */

export const AUDIT = `
local function audit(prefix, ref, amb, event, actor, at, detail)
  local fields = {'at', at, 'event', event, 'actor', actor}
  if ref ~= '' then table.insert(fields, 'request'); table.insert(fields, ref) end
  if amb ~= '' then table.insert(fields, 'ambassador'); table.insert(fields, amb) end
  if detail ~= '' then table.insert(fields, 'detail'); table.insert(fields, detail) end
  redis.call('XADD', prefix .. ':audit', 'MAXLEN', '~', '5000000', '*', unpack(fields))
  if ref ~= '' then redis.call('XADD', prefix .. ':audit:req:' .. ref, '*', unpack(fields)) end
  if amb ~= '' then redis.call('XADD', prefix .. ':audit:amb:' .. amb, '*', unpack(fields)) end
end

local function move_status(prefix, ref, hub, from, to)
  redis.call('SREM', prefix .. ':reqs:status:' .. from, ref)
  redis.call('SREM', prefix .. ':hub:' .. hub .. ':reqs:' .. from, ref)
  redis.call('SADD', prefix .. ':reqs:status:' .. to, ref)
  redis.call('SADD', prefix .. ':hub:' .. hub .. ':reqs:' .. to, ref)
end
`;

/**
 * Creates a request unless hub + id already exists, and appends it to the submitted chunks. ARGV:
 * prefix, ref, hub, org, data, now, actor, line (the request for the chunks). Returns 1 if created.
 */
export const SUBMIT = `${AUDIT}
local prefix, ref, hub, org, data, now, actor, line = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local key = prefix .. ':req:' .. ref
if redis.call('EXISTS', key) == 1 then return 0 end
redis.call('HSET', key, 'data', data, 'status', 'open', 'version', '1', 'submitted_at', now, 'updated_at', now)
${APPEND_SUBMITTED}
redis.call('SADD', prefix .. ':reqs', ref)
redis.call('SADD', prefix .. ':org:' .. org .. ':reqs', ref)
redis.call('SADD', prefix .. ':reqs:status:open', ref)
redis.call('SADD', prefix .. ':hub:' .. hub .. ':reqs:open', ref)
audit(prefix, ref, '', 'submitted', actor, now, '')
return 1
`;

/**
 * Moves a request to a new status if it is in one of the allowed ones. ARGV: prefix, ref, hub,
 * allowed (comma-separated), to, now, actor, event, detail, explanation (JSON or '').
 * Returns the status it found ('' if none).
 */
export const TRANSITION = `${AUDIT}
local prefix, ref, hub, allowed, to, now, actor, event, detail, explanation =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local key = prefix .. ':req:' .. ref
local status = redis.call('HGET', key, 'status')
if not status then return '' end
if not string.find(',' .. allowed .. ',', ',' .. status .. ',', 1, true) then return status end
if status ~= to then move_status(prefix, ref, hub, status, to) end
redis.call('HSET', key, 'status', to, 'updated_at', now)
redis.call('HINCRBY', key, 'version', 1)
if explanation ~= '' then redis.call('HSET', key, 'explanation', explanation) end
if event ~= '' then audit(prefix, ref, '', event, actor, now, detail) end
return status
`;

/**
 * Commits solved components of a match run, each exactly once: a component already committed for
 * the run is left alone, so a retried or duplicated solve job (one call for all the components of
 * its part) changes nothing twice. A request changed since the snapshot (cancelled, or already
 * offered) is skipped rather than overwritten, and so is a request one of whose ambassadors no
 * longer has a DBS check valid on the UK date of its last session (`last_day`, YYYY-MM-DD).
 * A filled item with `replace` re-plans an offered request (Policy.replan.change_offers): it must
 * still be `offered` at its version with every offer unanswered; its pending offers not in the new
 * plan are withdrawn, the others rewritten (an offer's `audit` says 'offered' for a new ambassador,
 * 'changed' for other sessions, '' for the same offer carried over to this run).
 * ARGV: prefix, run, now, payload (JSON: a list of
 * { component, filled: [{ref, hub, version, replace, substitutes (JSON, for the offer cascade: P:subs:ref),
 *     offers: [{ambassador_id, first, last_day, json, audit}]}],
 *   unfilled: [{ref, hub, version, explanation, reason, expire}] }).
 * Returns {committed, skipped, explained, refused (DBS), offers withdrawn, offers changed, then the
 * names of the components committed}.
 */
export const COMMIT_COMPONENTS = `${AUDIT}
local prefix, run, now, payload = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local done = prefix .. ':run:' .. run .. ':committed'
local actor = 'run:' .. run
local committed, skipped, explained, refused, withdrawn, changed = 0, 0, 0, 0, 0, 0
local result = {0, 0, 0, 0, 0, 0}
local function current(ref)
  local key = prefix .. ':req:' .. ref
  local state = redis.call('HMGET', key, 'status', 'version')
  return key, state[1], tonumber(state[2])
end
-- Safeguarding, checked against the record as it is now (it may have been re-imported since the
-- snapshot): a cleared check that expires after the UK date of the offer's last session.
local function dbs_valid(amb, last_day)
  local raw = redis.call('GET', prefix .. ':amb:' .. amb)
  if not raw then return false end
  local a = cjson.decode(raw)
  return a.dbs_status == 'cleared' and type(a.dbs_expires) == 'string' and a.dbs_expires > last_day
end
local function lapsed(item)
  local out = {}
  for _, offer in ipairs(item.offers) do
    if not dbs_valid(offer.ambassador_id, offer.last_day) then table.insert(out, offer.ambassador_id) end
  end
  return out
end
-- A re-plan: every offer on record still unanswered (none accepted since the snapshot).
local function unanswered(ref)
  local all = redis.call('HGETALL', prefix .. ':offers:' .. ref)
  for i = 2, #all, 2 do
    local s = cjson.decode(all[i]).status
    if s == 'accepted' or s == 'completed' then return false end
  end
  return true
end
local function replan(item, key)
  local offersKey = prefix .. ':offers:' .. item.ref
  local keep = {}
  for _, offer in ipairs(item.offers) do keep[offer.ambassador_id] = true end
  local all = redis.call('HGETALL', offersKey)
  for i = 1, #all, 2 do
    local o = cjson.decode(all[i + 1])
    if o.status == 'offered' and not keep[all[i]] then
      o.status = 'cancelled'
      o.responded_at = now
      redis.call('HSET', offersKey, all[i], cjson.encode(o))
      redis.call('ZREM', prefix .. ':amb:' .. all[i] .. ':bookings', item.ref)
      audit(prefix, item.ref, all[i], 'withdrawn', actor, now, 're-planned: the run fills more requests')
      withdrawn = withdrawn + 1
    end
  end
  for _, offer in ipairs(item.offers) do
    redis.call('HSET', offersKey, offer.ambassador_id, offer.json)
    redis.call('ZADD', prefix .. ':amb:' .. offer.ambassador_id .. ':bookings', offer.first, item.ref)
    if offer.audit == 'changed' then changed = changed + 1 end
    if offer.audit ~= '' then audit(prefix, item.ref, offer.ambassador_id, offer.audit, actor, now, '') end
  end
  redis.call('HSET', key, 'updated_at', now, 'run', run)
  redis.call('HINCRBY', key, 'version', 1)
end
for _, part in ipairs(cjson.decode(payload)) do
  if redis.call('SADD', done, part.component) == 1 then
    for _, item in ipairs(part.filled) do
      local key, status, version = current(item.ref)
      local wanted = 'open'
      if item.replace then wanted = 'offered' end
      local fresh = status == wanted and version == item.version and (not item.replace or unanswered(item.ref))
      local invalid = {}
      if fresh then invalid = lapsed(item) end
      if #invalid > 0 then
        -- Not one offer of the request is made: it stays open (all-or-nothing) for the next run.
        for _, amb in ipairs(invalid) do
          audit(prefix, item.ref, amb, 'dbs_refused', actor, now, 'DBS not valid on every session date')
        end
        refused = refused + 1
      elseif fresh and item.replace then
        replan(item, key)
        if item.substitutes then redis.call('SET', prefix .. ':subs:' .. item.ref, item.substitutes) end
        committed = committed + 1
      elseif fresh then
        for _, offer in ipairs(item.offers) do
          redis.call('HSET', prefix .. ':offers:' .. item.ref, offer.ambassador_id, offer.json)
          redis.call('ZADD', prefix .. ':amb:' .. offer.ambassador_id .. ':bookings', offer.first, item.ref)
          audit(prefix, item.ref, offer.ambassador_id, 'offered', actor, now, '')
        end
        if item.substitutes then redis.call('SET', prefix .. ':subs:' .. item.ref, item.substitutes) end
        move_status(prefix, item.ref, item.hub, 'open', 'offered')
        redis.call('HSET', key, 'status', 'offered', 'updated_at', now, 'run', run)
        redis.call('HINCRBY', key, 'version', 1)
        redis.call('HDEL', key, 'explanation')
        audit(prefix, item.ref, '', 'matched', actor, now, '')
        committed = committed + 1
      else
        skipped = skipped + 1
      end
    end
    for _, item in ipairs(part.unfilled) do
      local key, status, version = current(item.ref)
      if status == 'open' and version == item.version then
        redis.call('HSET', key, 'explanation', item.explanation, 'run', run, 'updated_at', now)
        if item.expire then
          move_status(prefix, item.ref, item.hub, 'open', 'unfilled')
          redis.call('HSET', key, 'status', 'unfilled')
          redis.call('HINCRBY', key, 'version', 1)
          audit(prefix, item.ref, '', 'unfilled', actor, now, item.reason)
        end
        explained = explained + 1
      else
        skipped = skipped + 1
      end
    end
    table.insert(result, part.component)
  end
end
result[1], result[2], result[3], result[4], result[5], result[6] = committed, skipped, explained, refused, withdrawn, changed
return result
`;

/**
 * Records an ambassador's answer to an offer, or its lapse. ARGV: prefix, ref, hub, ambassador, to
 * (accepted | declined | lapsed | cancelled), now, actor, offer run id (the answer must match the
 * offer still on record). Returns {result, request status after}: result is 'ok', 'stale' (no such
 * pending offer), or 'missing'.
 * When every offer of the request is accepted the request is confirmed; a decline, lapse or
 * cancellation withdraws the request's other pending offers and reopens it for matching.
 */
export const RESPOND = `${AUDIT}
local prefix, ref, hub, amb, to, now, actor, run = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local key = prefix .. ':req:' .. ref
local offersKey = prefix .. ':offers:' .. ref
local status = redis.call('HGET', key, 'status')
if not status then return {'missing', ''} end
local raw = redis.call('HGET', offersKey, amb)
if not raw then return {'stale', status} end
local offer = cjson.decode(raw)
local pending = offer.status == 'offered' or (to == 'cancelled' and offer.status == 'accepted')
if not pending or (run ~= '' and offer.run_id ~= run) then return {'stale', status} end
local function set_offer(a, o, s)
  o.status = s
  o.responded_at = now
  redis.call('HSET', offersKey, a, cjson.encode(o))
  if s ~= 'accepted' then redis.call('ZREM', prefix .. ':amb:' .. a .. ':bookings', ref) end
end
if to == 'accepted' then
  set_offer(amb, offer, 'accepted')
  audit(prefix, ref, amb, 'accepted', actor, now, '')
  local all = redis.call('HGETALL', offersKey)
  local waiting = false
  for i = 2, #all, 2 do
    local o = cjson.decode(all[i])
    if o.run_id == offer.run_id and o.status == 'offered' then waiting = true end
  end
  if not waiting and status == 'offered' then
    move_status(prefix, ref, hub, 'offered', 'confirmed')
    redis.call('HSET', key, 'status', 'confirmed', 'updated_at', now)
    redis.call('HINCRBY', key, 'version', 1)
    audit(prefix, ref, '', 'confirmed', actor, now, '')
    return {'ok', 'confirmed'}
  end
  return {'ok', status}
end
-- declined, lapsed or cancelled: this offer ends, and the request goes back to be matched again
local event = to
local stored = to
if to == 'lapsed' then stored = 'declined' end
set_offer(amb, offer, stored)
audit(prefix, ref, amb, event, actor, now, '')
local all = redis.call('HGETALL', offersKey)
for i = 1, #all, 2 do
  local o = cjson.decode(all[i + 1])
  if o.run_id == offer.run_id and (o.status == 'offered' or o.status == 'accepted') then
    set_offer(all[i], o, 'cancelled')
    audit(prefix, ref, all[i], 'withdrawn', actor, now, 'another ambassador on this request ' .. event)
  end
end
if status == 'offered' or status == 'confirmed' then
  move_status(prefix, ref, hub, status, 'open')
  redis.call('HSET', key, 'status', 'open', 'updated_at', now)
  redis.call('HINCRBY', key, 'version', 1)
  audit(prefix, ref, '', 'reopened', actor, now, event)
  return {'ok', 'open'}
end
return {'ok', status}
`;

/**
 * Cancels a request (a hub's decision): every pending or accepted offer is cancelled and the
 * ambassadors' time released. ARGV: prefix, ref, hub, now, actor. Returns the status it was in.
 */
export const CANCEL = `${AUDIT}
local prefix, ref, hub, now, actor = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local key = prefix .. ':req:' .. ref
local status = redis.call('HGET', key, 'status')
if not status then return '' end
if status == 'cancelled' or status == 'unfilled' or status == 'expired' then return status end
local offersKey = prefix .. ':offers:' .. ref
local all = redis.call('HGETALL', offersKey)
for i = 1, #all, 2 do
  local o = cjson.decode(all[i + 1])
  if o.status == 'offered' or o.status == 'accepted' then
    o.status = 'cancelled'
    o.responded_at = now
    redis.call('HSET', offersKey, all[i], cjson.encode(o))
    redis.call('ZREM', prefix .. ':amb:' .. all[i] .. ':bookings', ref)
    audit(prefix, ref, all[i], 'withdrawn', actor, now, 'request cancelled')
  end
end
move_status(prefix, ref, hub, status, 'cancelled')
redis.call('HSET', key, 'status', 'cancelled', 'updated_at', now)
redis.call('HINCRBY', key, 'version', 1)
audit(prefix, ref, '', 'cancelled', actor, now, '')
return status
`;

/**
 * Records a delivered activity on an accepted offer: volunteer hours, young people reached and the
 * organiser's satisfaction. ARGV: prefix, ref, ambassador, now, actor, hours, participants,
 * satisfaction ('' if not given). Returns 'ok', or the offer's status if it was not accepted.
 */
export const COMPLETE = `${AUDIT}
local prefix, ref, amb, now, actor, hours, participants, satisfaction =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local offersKey = prefix .. ':offers:' .. ref
local raw = redis.call('HGET', offersKey, amb)
if not raw then return 'missing' end
local o = cjson.decode(raw)
if o.status ~= 'accepted' then return o.status end
o.status = 'completed'
o.volunteer_hours = tonumber(hours)
o.participants = tonumber(participants)
if satisfaction ~= '' then o.satisfaction = tonumber(satisfaction) end
redis.call('HSET', offersKey, amb, cjson.encode(o))
audit(prefix, ref, amb, 'completed', actor, now, hours .. ' h, ' .. participants .. ' young people')
return 'ok'
`;

/**
 * Withdraws one ambassador, whose DBS check is no longer valid, from the sessions it does not cover.
 * ARGV: prefix, ambassador, now, actor, detail, payload (JSON: a list of { ref, hub, run,
 * from_session, start, end }: the offer on `ref` made in `run`, from its session
 * `from_session`, which starts at `start`). Each offer is re-read: one no longer pending or
 * accepted, or from another run, is left alone. Sessions before `from_session` stand (the check was
 * valid then); if none are left the offer is cancelled and the ambassador's time released. The
 * request goes back to `open`. Unless it can be re-matched whole (nothing of it is kept: no session
 * of this offer stands and no other ambassador holds one), it records where to resume, so the next
 * run looks for someone new for the remaining sessions only, at the same times as the others.
 * Returns the references withdrawn.
 */
export const DBS_WITHDRAW = `${AUDIT}
local prefix, amb, now, actor, detail, payload = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local out = {}
for _, item in ipairs(cjson.decode(payload)) do
  local offersKey = prefix .. ':offers:' .. item.ref
  local raw = redis.call('HGET', offersKey, amb)
  local o = raw and cjson.decode(raw)
  if o and (o.status == 'offered' or o.status == 'accepted') and o.run_id == item.run then
    local keep = {}
    local last = item.from_session
    for _, s in ipairs(o.sessions) do
      if s.session < item.from_session then table.insert(keep, s) end
      if s.session > last then last = s.session end
    end
    if #keep == 0 then
      o.status = 'cancelled'
      o.responded_at = now
      redis.call('ZREM', prefix .. ':amb:' .. amb .. ':bookings', item.ref)
    else
      o.sessions = keep
    end
    redis.call('HSET', offersKey, amb, cjson.encode(o))
    audit(prefix, item.ref, amb, 'withdrawn', actor, now,
      detail .. '; sessions ' .. item.from_session .. ' to ' .. last .. ' withdrawn')
    local key = prefix .. ':req:' .. item.ref
    local status = redis.call('HGET', key, 'status')
    local whole = #keep == 0
    local all = redis.call('HGETALL', offersKey)
    for i = 1, #all, 2 do
      local other = cjson.decode(all[i + 1])
      if all[i] ~= amb and (other.status == 'offered' or other.status == 'accepted' or other.status == 'completed') then
        whole = false
      end
    end
    if whole then
      redis.call('HDEL', key, 'resume_from', 'resume_start', 'resume_end')
    else
      local resume = tonumber(redis.call('HGET', key, 'resume_from'))
      if not resume or item.from_session < resume then
        redis.call('HSET', key, 'resume_from', item.from_session, 'resume_start', item.start, 'resume_end', item['end'])
      end
    end
    if status == 'offered' or status == 'confirmed' then
      move_status(prefix, item.ref, item.hub, status, 'open')
      redis.call('HSET', key, 'status', 'open')
      audit(prefix, item.ref, '', 'reopened', actor, now, 'DBS lapse')
    end
    redis.call('HSET', key, 'updated_at', now)
    redis.call('HINCRBY', key, 'version', 1)
    table.insert(out, item.ref)
  end
end
return out
`;
