import type { Ambassador, ReportSection } from '@stem-match/domain';
import { hubName, type ReportFactory } from '../context.js';
import { addDays, dateOf, daysBetween } from '../definitions.js';
import { column, table } from '../doc.js';
import { canTeachOnline, canVisit, offersWhatIsAsked } from '../eligibility.js';

interface Expiring {
  ambassador: Ambassador;
  expires: string;
  /** Sessions offered or accepted that fall after the expiry. */
  held: number;
  firstHeld: string | undefined;
  /** Open requests the ambassador could be offered whose window runs past the expiry. */
  likely: number;
}

/**
 * DBS checks that lapse within the horizon (or already have, while still marked cleared), for
 * ambassadors who hold sessions after the lapse or are likely to be offered one: who to chase this
 * week. Ids only: names and contact details stay in the hub's own records.
 */
export const dbsReport: ReportFactory = (ctx) => {
  const horizon = addDays(ctx.asOf, ctx.options.dbs_days);
  const expiring = new Map<string, Expiring>();

  return {
    ambassador(a) {
      if (!ctx.inScope(a.hub) || a.dbs_status !== 'cleared' || !a.dbs_expires || a.dbs_expires > horizon)
        return;
      expiring.set(a.id, { ambassador: a, expires: a.dbs_expires, held: 0, firstHeld: undefined, likely: 0 });
    },
    request(r) {
      if (r.status !== 'open' || expiring.size === 0) return;
      const org = ctx.organisations.get(r.request.organisation_id);
      if (!org) return;
      for (const e of expiring.values()) {
        if (r.request.window_end <= e.expires || !offersWhatIsAsked(e.ambassador, r.request)) continue;
        if (canTeachOnline(e.ambassador, r.request) || canVisit(e.ambassador, r.request, org)) e.likely++;
      }
    },
    activity(a) {
      const e = expiring.get(a.ambassador_id);
      if (!e || (a.status !== 'offered' && a.status !== 'accepted')) return;
      const day = dateOf(a.start);
      if (day <= e.expires) return;
      e.held++;
      if (!e.firstHeld || day < e.firstHeld) e.firstHeld = day;
    },
    finish() {
      const rows = [...expiring.values()]
        .filter((e) => e.held > 0 || e.likely > 0)
        .sort((a, b) => a.expires.localeCompare(b.expires) || a.ambassador.id.localeCompare(b.ambassador.id));
      const action = (e: Expiring): string =>
        e.held > 0
          ? `Renew before ${e.expires}: ${e.held} session${e.held === 1 ? '' : 's'} booked after it lapses`
          : `Renew: could be offered ${e.likely} open request${e.likely === 1 ? '' : 's'} after it lapses`;
      const list = table(
        'expiring',
        `DBS checks lapsing by ${horizon} that matter`,
        [
          column('ambassador_id', 'Ambassador'),
          column('hub', 'Hub'),
          column('expires', 'DBS expires', 'date'),
          column('days_left', 'Days left', 'number'),
          column('sessions_after', 'Sessions booked after expiry', 'number'),
          column('first_session_after', 'First such session', 'date'),
          column('likely_requests', 'Open requests they could be offered after expiry', 'number'),
          column('action', 'What to do'),
        ],
        rows.map((e) => [
          e.ambassador.id,
          hubName(ctx, e.ambassador.hub),
          e.expires,
          daysBetween(ctx.asOf, e.expires),
          e.held,
          e.firstHeld ?? null,
          e.likely,
          action(e),
        ]),
      );
      const sections: ReportSection[] = [
        {
          heading: 'DBS checks to renew',
          text: [
            `${rows.length} ambassadors have a DBS check lapsing by ${horizon} (${ctx.options.dbs_days} days from ${ctx.asOf}, or already lapsed but still marked cleared) and either hold sessions after it lapses or could be offered open requests that run past it. ${expiring.size - rows.length} more lapse in that time with nothing at stake.`,
            'The matcher never offers a session after an ambassador’s check lapses; booked sessions after a lapse are withdrawn and re-matched.',
          ],
          tables: [list],
          charts: [],
        },
      ];
      return { title: 'DBS checks lapsing', sections };
    },
  };
};
