import { monthOfDay } from '@stem-match/domain';
import { getOrSet, tooClose, type WallSession } from './calendar.js';
import type { ResolvedRow } from './check-rows.js';
import type { CheckContext } from './context.js';
import { describeSession, rowName } from './format.js';

/**
 * Rules across one ambassador's whole diary: no two sessions on a day closer than the travel
 * buffer (this run's and existing bookings), and no month over capacity.
 */
export function checkLoad(ctx: CheckContext, rows: readonly ResolvedRow[]): void {
  const byAmbassador = new Map<string, Array<ResolvedRow & { wall: WallSession }>>();
  const seen = new Set<string>();
  for (const r of rows) {
    if (!r.wall) continue;
    // A duplicated row is reported as such; counting it twice here would only repeat that.
    const key = `${r.ambassador.id}\u0000${r.request.id}\u0000${r.row.session}`;
    if (seen.has(key)) continue;
    seen.add(key);
    getOrSet(byAmbassador, r.ambassador.id, () => []).push({ ...r, wall: r.wall });
  }
  const buffer = ctx.rules.bufferMin;
  for (const [ambassadorId, sessions] of byAmbassador) {
    for (let i = 0; i < sessions.length; i++) {
      const a = sessions[i]!;
      const nameA = rowName(a.request.id, a.row.session, ambassadorId);
      for (let j = i + 1; j < sessions.length; j++) {
        const b = sessions[j]!;
        if (b.wall.day !== a.wall.day || !tooClose(a.wall, b.wall, buffer)) continue;
        ctx.log.add(
          'clash',
          { request_id: a.request.id, ambassador_id: ambassadorId, session: a.row.session },
          `${nameA} at ${describeSession(a.wall)} is within ${buffer} min of request ${b.request.id} session ${b.row.session} at ${describeSession(b.wall)}`,
        );
      }
      for (const booked of ctx.bookings.onDay(ambassadorId, a.wall.day)) {
        if (!tooClose(a.wall, booked, buffer)) continue;
        const existing = describeSession({ day: a.wall.day, ...booked });
        ctx.log.add(
          'clash',
          { request_id: a.request.id, ambassador_id: ambassadorId, session: a.row.session },
          `${nameA} at ${describeSession(a.wall)} is within ${buffer} min of an existing booking at ${existing}`,
        );
      }
    }

    const byMonth = new Map<string, string[]>();
    for (const s of sessions)
      getOrSet(byMonth, monthOfDay(s.wall.day), () => []).push(`${s.request.id}#${s.row.session}`);
    const max = sessions[0]!.ambassador.max_per_month;
    for (const [month, held] of byMonth) {
      const existing = ctx.bookings.inMonth(ambassadorId, month);
      if (existing + held.length <= max) continue;
      ctx.log.add(
        'over_monthly_capacity',
        { ambassador_id: ambassadorId },
        `ambassador ${ambassadorId} holds ${existing + held.length} sessions in ${month} (${existing} existing + ${held.length} in this run: ${held.join(', ')}) but takes at most ${max} a month`,
      );
    }
  }
}
