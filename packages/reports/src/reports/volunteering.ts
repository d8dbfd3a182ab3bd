import { BOOKING_STATUSES, type Cell, type ReportSection, type ReportTable } from '@stem-match/domain';
import { hubName, type ReportContext, type ReportFactory } from '../context.js';
import { academicYear, dateOf, inDateRange, isEngaging, monthOf } from '../definitions.js';
import { column, table } from '../doc.js';
import { dbsValidOn } from '../eligibility.js';
import type { ActivityFact } from '../facts.js';
import { round, share } from '../stats.js';

interface Delivery {
  delivered: number;
  hours: number;
  participants: number;
  upcoming: number;
  ratings: number;
  ratingSum: number;
}
const none = (): Delivery => ({
  delivered: 0,
  hours: 0,
  participants: 0,
  upcoming: 0,
  ratings: 0,
  ratingSum: 0,
});

/**
 * Volunteer hours, activities and young people reached by hub and month; organisers' satisfaction;
 * and utilisation: the share of ambassadors able to volunteer who did.
 */
export const volunteeringReport: ReportFactory = (ctx) => {
  const byHubMonth = new Map<string, Delivery>();
  const byHub = new Map<string, Delivery>();
  const byMonth = new Map<string, Delivery>();
  // Ambassadors able to volunteer (DBS valid on the report date), by hub; and who was active.
  const able = new Map<string, string>();
  const active = new Set<string>();
  const budgets = new EmployerBudgets(ctx);
  let notOnRecord = 0;
  // The earlier of the report date and the period's end (dates compare as text).
  const today = [ctx.asOf, ctx.to].sort()[0]!;

  const add = (map: Map<string, Delivery>, key: string, a: ActivityFact) => {
    const d = map.get(key) ?? none();
    map.set(key, d);
    if (a.status === 'accepted') {
      d.upcoming++;
      return;
    }
    d.delivered++;
    d.hours += a.volunteer_hours ?? 0;
    d.participants += a.participants ?? 0;
    if (a.satisfaction !== undefined) {
      d.ratings++;
      d.ratingSum += a.satisfaction;
    }
  };

  const inPeriod = inDateRange(ctx.from, ctx.to);
  return {
    ambassador(a) {
      if (ctx.inScope(a.hub) && dbsValidOn(a, today)) able.set(a.id, a.hub);
      budgets.ambassador(a.id, a.employer);
    },
    activity(a) {
      budgets.activity(a);
      if (!isEngaging(a.status) || !inPeriod(a.start)) return;
      // Active wherever the activity was: an ambassador volunteering across a hub border still counts.
      active.add(a.ambassador_id);
      const org = ctx.organisations.get(a.organisation_id);
      if (!org) {
        notOnRecord++;
        return;
      }
      if (!ctx.inScope(org.hub)) return;
      const month = monthOf(a.start);
      add(byHubMonth, `${org.hub}|${month}`, a);
      add(byHub, org.hub, a);
      add(byMonth, month, a);
    },
    finish() {
      const cells = (d: Delivery): Cell[] => [
        d.delivered,
        round(d.hours, 1),
        d.participants,
        d.upcoming,
        d.ratings === 0 ? null : round(d.ratingSum / d.ratings, 2),
        d.ratings,
      ];
      const deliveryColumns = [
        column('activities', 'Activities delivered', 'number'),
        column('hours', 'Volunteer hours', 'number'),
        column('young_people', 'Young people reached', 'number'),
        column('confirmed_upcoming', 'Confirmed, upcoming', 'number'),
        column('satisfaction', 'Organiser satisfaction (of 5)', 'number'),
        column('ratings', 'Ratings', 'number'),
      ];
      const hubs = [...byHub.keys()].sort();
      const months = [...byMonth.keys()].sort();
      const perHub = table(
        'by-hub',
        'By hub',
        [column('hub', 'Hub'), ...deliveryColumns],
        hubs.map((h) => [hubName(ctx, h), ...cells(byHub.get(h)!)]),
      );
      const perMonth = table(
        'by-month',
        'By month',
        [column('month', 'Month'), ...deliveryColumns],
        months.map((m) => [m, ...cells(byMonth.get(m)!)]),
      );
      const perHubMonth = table(
        'by-hub-month',
        'By hub and month',
        [column('hub', 'Hub'), column('month', 'Month'), ...deliveryColumns],
        [...byHubMonth.keys()].sort().map((k) => {
          const [hub, month] = k.split('|') as [string, string];
          return [hubName(ctx, hub), month, ...cells(byHubMonth.get(k)!)];
        }),
      );
      const ableByHub = new Map<string, { able: number; active: number }>();
      for (const [id, hub] of able) {
        const u = ableByHub.get(hub) ?? { able: 0, active: 0 };
        u.able++;
        if (active.has(id)) u.active++;
        ableByHub.set(hub, u);
      }
      const utilisationRows = [...ableByHub.keys()].sort().map((h) => {
        const u = ableByHub.get(h)!;
        return [hubName(ctx, h), u.able, u.active, round(share(u.active, u.able))];
      });
      const totalAble = [...ableByHub.values()].reduce((n, u) => n + u.able, 0);
      const totalActive = [...ableByHub.values()].reduce((n, u) => n + u.active, 0);
      const utilisation = table(
        'utilisation',
        'Ambassador utilisation',
        [
          column('hub', 'Hub'),
          column('able', 'Ambassadors with a valid DBS check', 'number'),
          column('active', 'Active (an accepted or completed activity)', 'number'),
          column('utilisation', 'Utilisation', 'percent'),
        ],
        [...utilisationRows, ['All', totalAble, totalActive, round(share(totalActive, totalAble))]],
      );
      const sections: ReportSection[] = [
        {
          heading: 'Delivery by hub',
          text: [
            'An activity is one session; the hub is the organisation’s hub. Activities delivered are those completed in the period. Volunteer hours, young people reached and organiser satisfaction are recorded only when an activity is completed, so they rest on completed activities alone.',
            'Confirmed, upcoming: accepted activities in the period not yet recorded as completed; they add no hours yet.',
            'Satisfaction is the mean of the organisers’ ratings (1 to 5) where one was given, beside how many ratings it rests on.',
            ...(notOnRecord > 0
              ? [
                  `${notOnRecord} activities at organisations not on record have no hub and are left out of these tables.`,
                ]
              : []),
          ],
          tables: [perHub],
          charts: [
            {
              type: 'bar',
              title: 'Volunteer hours per hub',
              table: perHub.id,
              categories: hubs.map((h) => hubName(ctx, h)),
              series: [{ name: 'Volunteer hours', values: hubs.map((h) => round(byHub.get(h)!.hours, 1)) }],
              percent: false,
            },
          ],
        },
        {
          heading: 'Delivery by month',
          text: ['Each activity falls in the month of its session’s UK date.'],
          tables: [perMonth, perHubMonth],
          charts:
            months.length > 0
              ? [
                  {
                    type: 'line',
                    title: 'Activities and volunteer hours by month',
                    table: perMonth.id,
                    points: months,
                    series: [
                      { name: 'Activities delivered', values: months.map((m) => byMonth.get(m)!.delivered) },
                      { name: 'Volunteer hours', values: months.map((m) => round(byMonth.get(m)!.hours, 1)) },
                    ],
                    percent: false,
                  },
                ]
              : [],
        },
        {
          heading: 'Utilisation',
          text: [
            `${totalActive} of ${totalAble} ambassadors with a valid DBS check on ${today} were active in the period (${(share(totalActive, totalAble) * 100).toFixed(1)}%).`,
            `Utilisation is the share of ambassadors, by their home hub, with a DBS check valid on ${today} (the report date, or the period’s end when that is earlier) who are active: at least one accepted or completed activity in the period, at any organisation.`,
          ],
          tables: [utilisation],
          charts: [],
        },
      ];
      const budgetTable = budgets.table();
      if (budgetTable)
        sections.push({
          heading: 'Employer volunteering budgets',
          text: [
            'Days each employer gives its staff to volunteer, per academic year (employers.csv), against the sessions its ambassadors hold in that year: one day per session, offered, accepted or completed, at any organisation in any hub — the same count the matching engine keeps within the budget.',
          ],
          tables: [budgetTable],
          charts: [],
        });
      return { title: 'Volunteering', sections };
    },
  };
};

/** Sessions of each budgeted employer's ambassadors per academic year of the period. */
class EmployerBudgets {
  private readonly employerOf = new Map<string, string>();
  private readonly used = new Map<string, number>();
  private readonly years: Set<string>;

  constructor(private readonly ctx: ReportContext) {
    // Every academic year the period touches (a budget is per year, however short the period).
    this.years = new Set([academicYear(ctx.from).label, academicYear(ctx.to).label]);
  }

  ambassador(id: string, employer: string | undefined): void {
    const name = employer?.trim();
    if (name !== undefined && this.ctx.employers.has(name)) this.employerOf.set(id, name);
  }

  activity(a: ActivityFact): void {
    const employer = this.employerOf.get(a.ambassador_id);
    if (employer === undefined || !BOOKING_STATUSES.includes(a.status)) return;
    const year = academicYear(dateOf(a.start)).label;
    if (!this.years.has(year)) return;
    const key = `${employer}|${year}`;
    this.used.set(key, (this.used.get(key) ?? 0) + 1);
  }

  table(): ReportTable | undefined {
    if (this.ctx.employers.size === 0) return undefined;
    const rows: Cell[][] = [];
    for (const [employer, days] of [...this.ctx.employers].sort(([a], [b]) => a.localeCompare(b))) {
      for (const year of [...this.years].sort()) {
        const used = this.used.get(`${employer}|${year}`) ?? 0;
        rows.push([employer, year, days, used, days - used, days === 0 ? null : round(share(used, days))]);
      }
    }
    return table(
      'employer-budgets',
      'Employer volunteering budgets',
      [
        column('employer', 'Employer'),
        column('academic_year', 'Academic year'),
        column('days', 'Volunteering days a year', 'number'),
        column('used', 'Days used (sessions held)', 'number'),
        column('left', 'Days left', 'number'),
        column('used_share', 'Share used', 'percent'),
      ],
      rows,
    );
  }
}
