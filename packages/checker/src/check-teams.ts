import { dayNumber, dayToDate, formatClock } from '@stem-match/domain';
import { getOrSet } from './calendar.js';
import type { ResolvedRow } from './check-rows.js';
import type { CheckContext } from './context.js';
import { describeSession } from './format.js';

/**
 * All-or-nothing and series shape, per assigned request: exactly `needed` distinct ambassadors,
 * each holding every session once, sessions `every_days` apart at one wall-clock time, the first
 * inside the window, and the whole team at the same times.
 */
export function checkTeams(ctx: CheckContext, rows: readonly ResolvedRow[]): void {
  const byRequest = new Map<string, ResolvedRow[]>();
  for (const r of rows) getOrSet(byRequest, r.request.id, () => []).push(r);
  for (const [requestId, team] of byRequest) checkTeam(ctx, requestId, team);
}

function checkTeam(ctx: CheckContext, requestId: string, team: readonly ResolvedRow[]): void {
  const request = team[0]!.request;
  const ids = { request_id: requestId };
  if (request.status !== 'open') {
    ctx.log.add(
      'request_not_open',
      ids,
      `request ${requestId} is ${request.status}, but only open requests may be assigned`,
    );
  }

  // ambassador -> session number -> rows
  const byAmbassador = new Map<string, Map<number, ResolvedRow[]>>();
  for (const r of team) {
    const sessions = getOrSet(byAmbassador, r.ambassador.id, () => new Map<number, ResolvedRow[]>());
    getOrSet(sessions, r.row.session, () => []).push(r);
  }
  if (byAmbassador.size !== request.needed) {
    ctx.log.add(
      'wrong_team_size',
      ids,
      `request ${requestId} needs ${request.needed} ambassador(s) but ${byAmbassador.size} were assigned (${[...byAmbassador.keys()].join(', ')})`,
    );
  }

  const windowStart = dayNumber(request.window_start);
  const windowEnd = dayNumber(request.window_end);
  for (const [ambassadorId, sessions] of byAmbassador) {
    const who = { request_id: requestId, ambassador_id: ambassadorId };
    for (const [k, copies] of sessions) {
      if (copies.length > 1) {
        ctx.log.add(
          'duplicate_assignment',
          { ...who, session: k },
          `ambassador ${ambassadorId} is assigned ${copies.length} times to request ${requestId} session ${k}`,
        );
      }
      if (!Number.isInteger(k) || k < 1 || k > request.sessions) {
        ctx.log.add(
          'incomplete_series',
          { ...who, session: k },
          `request ${requestId} has sessions 1 to ${request.sessions}, so ambassador ${ambassadorId}'s session ${k} does not exist`,
        );
      }
    }
    const missing: number[] = [];
    for (let k = 1; k <= request.sessions; k++) if (!sessions.has(k)) missing.push(k);
    if (missing.length > 0) {
      ctx.log.add(
        'incomplete_series',
        who,
        `ambassador ${ambassadorId} on request ${requestId} lacks session(s) ${missing.join(', ')} of ${request.sessions}; an ambassador takes the whole series`,
      );
    }

    const first = sessions.get(1)?.[0]?.wall;
    if (!first) continue;
    if (first.day < windowStart || first.day > windowEnd) {
      ctx.log.add(
        'outside_window',
        { ...who, session: 1 },
        `request ${requestId} (ambassador ${ambassadorId}): the first session on ${dayToDate(first.day)} is outside the window ${request.window_start} to ${request.window_end}`,
      );
    }
    for (const [k, copies] of sessions) {
      const wall = copies[0]?.wall;
      if (!wall || k === 1) continue;
      const expected = first.day + (k - 1) * request.every_days;
      if (wall.day !== expected) {
        ctx.log.add(
          'series_spacing',
          { ...who, session: k },
          `request ${requestId} (ambassador ${ambassadorId}): session ${k} is on ${dayToDate(wall.day)} but should be on ${dayToDate(expected)}, ${request.every_days} day(s) after each previous one`,
        );
      }
      if (wall.start !== first.start) {
        ctx.log.add(
          'start_time_differs',
          { ...who, session: k },
          `request ${requestId} (ambassador ${ambassadorId}): session ${k} starts at ${formatClock(wall.start)} but session 1 at ${formatClock(first.start)}; a series keeps one start time`,
        );
      }
    }
  }

  // The team works together: every ambassador's session k at the same time.
  for (let k = 1; k <= request.sessions; k++) {
    const times = new Map<string, string[]>();
    for (const r of team) {
      if (r.row.session !== k || !r.wall) continue;
      getOrSet(times, describeSession(r.wall), () => []).push(r.ambassador.id);
    }
    if (times.size > 1) {
      const list = [...times].map(([t, who]) => `${t} (${who.join(', ')})`).join('; ');
      ctx.log.add(
        'team_times_differ',
        { request_id: requestId, session: k },
        `request ${requestId} session ${k}: the team is split across times: ${list}`,
      );
    }
  }
}
