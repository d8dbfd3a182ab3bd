import type { Cell, ReportSection } from '@stem-match/domain';
import { organisationKindLabels } from '@stem-match/domain';
import { hubName, type ReportFactory, requestInPeriod } from '../context.js';
import { dateOf, ENGAGING } from '../definitions.js';
import { column, table } from '../doc.js';
import { round, share } from '../stats.js';

/** Three or more activities in the period make an organisation's engagement repeated. */
const REPEATED_ACTIVITIES = 3;

interface Engagement {
  /** One key per session held at the organisation (several ambassadors at one session: one activity). */
  activities: Set<string>;
  /** The days each ambassador came. */
  days: Map<string, Set<string>>;
}

/**
 * Sustained engagement: organisations engaged repeatedly (three or more activities, or the same
 * ambassador coming back on another day), series of sessions started and completed, and organisations
 * with several ambassadors.
 */
export const sustainedReport: ReportFactory = (ctx) => {
  const engaged = new Map<string, Engagement>();
  const series = new Map<string, { started: number; completed: number }>();

  return {
    readsOffers: true,
    request(r) {
      if (r.request.sessions < 2 || !ctx.inScope(r.request.hub) || !requestInPeriod(ctx, r)) return;
      const held = new Set<number>();
      const done = new Set<number>();
      for (const o of r.offers) {
        if (!ENGAGING.includes(o.status)) continue;
        for (const s of o.sessions) {
          held.add(s.session);
          if (o.status === 'completed') done.add(s.session);
        }
      }
      if (held.size === 0) return;
      const tally = series.get(r.request.hub) ?? { started: 0, completed: 0 };
      tally.started++;
      if (done.size === r.request.sessions) tally.completed++;
      series.set(r.request.hub, tally);
    },
    activity(a) {
      if (!ENGAGING.includes(a.status)) return;
      const org = ctx.organisations.get(a.organisation_id);
      const day = dateOf(a.start);
      if (!org || !ctx.inScope(org.hub) || day < ctx.from || day > ctx.to) return;
      const e = engaged.get(org.id) ?? { activities: new Set(), days: new Map() };
      engaged.set(org.id, e);
      e.activities.add(`${a.request_id ?? ''}|${a.start}`);
      const days = e.days.get(a.ambassador_id) ?? new Set();
      days.add(day);
      e.days.set(a.ambassador_id, days);
    },
    finish() {
      const rows = [...engaged].map(([id, e]) => {
        const org = ctx.organisations.get(id)!;
        const returning = [...e.days.values()].some((d) => d.size >= 2);
        return { org, activities: e.activities.size, ambassadors: e.days.size, returning };
      });
      const repeated = (r: (typeof rows)[number]) => r.activities >= REPEATED_ACTIVITIES || r.returning;
      const summarise = (group: typeof rows): Cell[] => {
        const rep = group.filter(repeated).length;
        return [
          group.length,
          rep,
          round(share(rep, group.length)),
          group.filter((r) => r.ambassadors >= 2).length,
        ];
      };
      const groupColumns = [
        column('engaged', 'Organisations engaged', 'number'),
        column('repeated', 'Engaged repeatedly', 'number'),
        column('repeated_share', 'Share repeated', 'percent'),
        column('several_ambassadors', 'With two or more ambassadors', 'number'),
      ];
      const hubs = [...new Set(rows.map((r) => r.org.hub))].sort();
      const byHub = table(
        'by-hub',
        'By hub',
        [column('hub', 'Hub'), ...groupColumns],
        hubs.map((h) => [hubName(ctx, h), ...summarise(rows.filter((r) => r.org.hub === h))]),
      );
      const kinds = [...new Set(rows.map((r) => r.org.kind))].sort();
      const byKind = table(
        'by-kind',
        'By organisation kind',
        [column('kind', 'Organisation kind'), ...groupColumns],
        kinds.map((k) => [organisationKindLabels[k], ...summarise(rows.filter((r) => r.org.kind === k))]),
      );
      const seriesHubs = [...series.keys()].sort();
      const seriesTable = table(
        'series',
        'Series of sessions: started and completed',
        [
          column('hub', 'Hub'),
          column('started', 'Series started', 'number'),
          column('completed', 'Completed (every session)', 'number'),
          column('completed_share', 'Share completed', 'percent'),
        ],
        seriesHubs.map((h) => {
          const s = series.get(h)!;
          return [hubName(ctx, h), s.started, s.completed, round(share(s.completed, s.started))];
        }),
      );
      const listing = table(
        'organisations',
        'Organisations engaged repeatedly',
        [
          column('organisation_id', 'Organisation id'),
          column('organisation', 'Organisation'),
          column('hub', 'Hub'),
          column('kind', 'Kind'),
          column('priority', 'Priority School'),
          column('activities', 'Activities', 'number'),
          column('ambassadors', 'Ambassadors', 'number'),
          column('returning', 'An ambassador came back'),
        ],
        rows
          .filter(repeated)
          .sort((a, b) => b.activities - a.activities || a.org.id.localeCompare(b.org.id))
          .map((r) => [
            r.org.id,
            r.org.name,
            hubName(ctx, r.org.hub),
            r.org.kind,
            r.org.priority,
            r.activities,
            r.ambassadors,
            r.returning,
          ]),
      );
      const sections: ReportSection[] = [
        {
          heading: 'Repeated engagement',
          text: [
            `An organisation is engaged repeatedly with ${REPEATED_ACTIVITIES} or more accepted or completed activities in the period, or when the same ambassador comes back on another day. The hub is the organisation’s hub; an activity is in the period when its session’s UK date is.`,
            'An activity here is one session at the organisation: several ambassadors at the same session (the same request, or no request, and the same start) count as one activity, but each counts as an ambassador. Several ambassadors: two or more different ambassadors in the period.',
          ],
          tables: [byHub, byKind],
          charts: [
            {
              type: 'bar',
              title: 'Organisations engaged, and engaged repeatedly, per hub',
              table: byHub.id,
              categories: hubs.map((h) => hubName(ctx, h)),
              series: [
                { name: 'Engaged', values: byHub.rows.map((r) => r[1] as number) },
                { name: 'Engaged repeatedly', values: byHub.rows.map((r) => r[2] as number) },
              ],
              percent: false,
            },
          ],
        },
        {
          heading: 'Series',
          text: [
            'A series is a request for two or more sessions whose window overlaps the period, counted in the request’s hub. It is started when one of its sessions is accepted or completed, and completed when every one of its sessions has been completed.',
          ],
          tables: [seriesTable],
          charts: [],
        },
        {
          heading: 'Who',
          text: [
            'Every organisation engaged repeatedly, most activities first. An ambassador came back: the same ambassador on two or more different days.',
          ],
          tables: [listing],
          charts: [],
        },
      ];
      return { title: 'Sustained engagement', sections };
    },
  };
};
