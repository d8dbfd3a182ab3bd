import type { Ambassador, ReportSection } from '@stem-match/domain';
import { hubName, type ReportFactory } from '../context.js';
import { addDays, dateOf, daysBetween } from '../definitions.js';
import { column, table } from '../doc.js';
import { lapseFinder } from './dbs-likely.js';

interface Expiring {
  ambassador: Ambassador;
  expires: string;
  /** Sessions offered or accepted that fall after the expiry. */
  held: number;
  firstHeld: string | undefined;
  /** Open requests the ambassador could be offered whose window runs past the expiry. */
  likely: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * DBS checks that lapse within the horizon (or already have, while still marked cleared), for
 * ambassadors who hold sessions after the lapse or are likely to be offered one: who to chase this
 * week. Ids only: names and contact details stay in the hub's own records.
 */
export const dbsReport: ReportFactory = (ctx) => {
  const horizon = addDays(ctx.asOf, ctx.options.dbs_days);
  const expiring = new Map<string, Expiring>();
  let lapsing: ReturnType<typeof lapseFinder> | undefined;

  function action(e: Expiring): string {
    const lapsed = e.expires <= ctx.asOf;
    if (e.held > 0)
      return lapsed
        ? `Renew now (lapsed ${e.expires}): ${plural(e.held, 'session')} booked after it lapsed`
        : `Renew before ${e.expires}: ${plural(e.held, 'session')} booked after it lapses`;
    return lapsed
      ? `Renew now (lapsed ${e.expires}): could be offered ${plural(e.likely, 'open request')}`
      : `Renew: could be offered ${plural(e.likely, 'open request')} after it lapses`;
  }

  return {
    ambassador(a) {
      if (!ctx.inScope(a.hub) || a.dbs_status !== 'cleared' || !a.dbs_expires || a.dbs_expires > horizon)
        return;
      expiring.set(a.id, { ambassador: a, expires: a.dbs_expires, held: 0, firstHeld: undefined, likely: 0 });
    },
    request(r) {
      // The match is national: an open request in any hub may be offered to these ambassadors.
      if (r.status !== 'open' || r.request.window_end < ctx.asOf || expiring.size === 0) return;
      const org = ctx.organisations.get(r.request.organisation_id);
      if (!org) return;
      lapsing ??= lapseFinder([...expiring.values()].map((e) => e.ambassador));
      for (const id of lapsing(r.request, org)) expiring.get(id)!.likely++;
    },
    activity(a) {
      const e = expiring.get(a.ambassador_id);
      if (!e || (a.status !== 'offered' && a.status !== 'accepted')) return;
      const day = dateOf(a.start);
      // Valid on the days before its expiry date (the matcher's rule): a session that day is not.
      if (day < e.expires) return;
      e.held++;
      if (!e.firstHeld || day < e.firstHeld) e.firstHeld = day;
    },
    finish() {
      const rows = [...expiring.values()]
        .filter((e) => e.held > 0 || e.likely > 0)
        .sort((a, b) => a.expires.localeCompare(b.expires) || a.ambassador.id.localeCompare(b.ambassador.id));
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
            'A check is valid on the days before its expiry date, as the matcher applies it. Days left is zero or negative when it has already lapsed. Sessions booked: offered or accepted sessions dated on or after the expiry. Open requests: those from any hub (the match is national) whose window ends on or after the expiry, asking for a subject, key stage and activity type the ambassador offers, within their travel radius or online when both allow it; free time is not considered.',
            'Soonest expiry first. Ambassadors are shown by id only: names and contact details stay in the hub’s own records.',
          ],
          tables: [list],
          charts: [],
        },
      ];
      return { title: 'DBS checks lapsing', sections };
    },
  };
};
