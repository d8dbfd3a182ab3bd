import { type Cell, type ReportSection, subjectLabels, unfilledReasonLabels } from '@stem-match/domain';
import { hubName, isUnmet, type ReportFactory } from '../context.js';
import { academicYear, addDays, endOfPreviousMonth, inDateRange, monthOf } from '../definitions.js';
import { column, table } from '../doc.js';
import type { ActivityFact, RequestFact } from '../facts.js';
import { REACH_GROUPS, ReachCounter, reachGroupLabel } from '../reach-counter.js';
import { round, share } from '../stats.js';
import { Tally } from '../tally.js';
import { DemandForecast, FORECAST_METHOD } from './forecast.js';

/** Requests a run has filled (offers out, or confirmed). */
const FILLED = new Set(['matched', 'offered', 'confirmed']);

interface MonthFigures {
  due: number;
  filled: number;
  unmet: number;
  priorityUnmet: number;
  activities: number;
  hours: number;
  participants: number;
}
const emptyMonth = (): MonthFigures => ({
  due: 0,
  filled: 0,
  unmet: 0,
  priorityUnmet: 0,
  activities: 0,
  hours: 0,
  participants: 0,
});

/**
 * One page per hub (or nationally): the month of `--to` against the month before — reach with RAG,
 * requests due and filled, unmet demand, delivery — the five biggest gaps, and what changed.
 */
export const monthlyReport: ReportFactory = (ctx) => {
  // The month of `--to`, by default the month of the report date (so far).
  const lastDay = ctx.options.to ?? ctx.asOf;
  const month = monthOf(lastDay);
  const previousEnd = endOfPreviousMonth(lastDay);
  const previous = monthOf(previousEnd);
  // One counter serves both month ends within an academic year; a new year counts afresh.
  const now = new ReachCounter(ctx, lastDay);
  const before = now.year.from <= previousEnd ? undefined : new ReachCounter(ctx, previousEnd);
  const figures = new Map([
    [month, emptyMonth()],
    [previous, emptyMonth()],
  ]);
  const trend = new Map<string, { activities: number; hours: number }>();
  const gaps = new Map<
    string,
    { hub: string; subject: string; key_stage: string; n: number; reasons: Tally }
  >();
  const year = academicYear(lastDay);
  const inYear = inDateRange(year.from, lastDay);
  const afterLastDay = addDays(lastDay, 1);
  const forecast = new DemandForecast(ctx, lastDay);

  function request(r: RequestFact): void {
    forecast.request(r);
    if (!ctx.inScope(r.request.hub) || r.status === 'cancelled' || r.status === 'expired') return;
    const f = figures.get(monthOf(r.request.window_start));
    if (!f) return;
    f.due++;
    if (FILLED.has(r.status)) f.filled++;
    if (!isUnmet(r)) return;
    f.unmet++;
    if (ctx.organisations.get(r.request.organisation_id)?.priority) f.priorityUnmet++;
    if (monthOf(r.request.window_start) !== month) return;
    const key = `${r.request.hub}|${r.request.subjects[0]}|${r.request.key_stage}`;
    const gap = gaps.get(key) ?? {
      hub: r.request.hub,
      subject: r.request.subjects[0]!,
      key_stage: r.request.key_stage,
      n: 0,
      reasons: new Tally(),
    };
    gap.n++;
    gap.reasons.add(r.explanation?.reason ?? 'not_yet_matched');
    gaps.set(key, gap);
  }

  function activity(a: ActivityFact): void {
    forecast.activity(a);
    const org = ctx.organisations.get(a.organisation_id);
    if (!org || !ctx.inScope(org.hub)) return;
    now.activity(a);
    before?.activity(a);
    if (a.status !== 'completed' || a.start >= afterLastDay) return;
    const m = monthOf(a.start);
    if (inYear(a.start)) {
      const t = trend.get(m) ?? { activities: 0, hours: 0 };
      t.activities++;
      t.hours += a.volunteer_hours ?? 0;
      trend.set(m, t);
    }
    const f = figures.get(m);
    if (!f) return;
    f.activities++;
    f.hours += a.volunteer_hours ?? 0;
    f.participants += a.participants ?? 0;
  }

  function finish() {
    const scope = (o: { hub: string }) => ctx.inScope(o.hub);
    const reachNow = now.figures(scope);
    const reachBefore = before ? before.figures(scope) : now.figures(scope, previousEnd);
    const newYear = before !== undefined;
    const m = figures.get(month)!;
    const p = figures.get(previous)!;
    const shares: Cell[][] = [];
    const counts: Cell[][] = [];
    const changes: string[] = [];
    for (const g of REACH_GROUPS) {
      const f = reachNow.get(g);
      if (!f || f.target === undefined) continue;
      const b = reachBefore.get(g);
      const label = `Reach: ${reachGroupLabel(g)} (${now.year.label} to date)`;
      shares.push([
        label,
        round(f.rate),
        b ? round(b.rate) : null,
        b && !newYear ? round(f.rate - b.rate) : null,
        f.target,
        f.rag!,
      ]);
      if (b && !newYear && f.engaged !== b.engaged)
        changes.push(
          `${reachGroupLabel(g)}: ${f.engaged - b.engaged} more organisations engaged; reach ${pct(b.rate)} → ${pct(f.rate)}.`,
        );
    }
    if (newYear)
      changes.push(
        `A new academic year (${now.year.label}) began: reach counts start again from 1 September.`,
      );
    const fillNow = share(m.filled, m.due);
    const fillBefore = share(p.filled, p.due);
    shares.push([
      'Share of requests due in the month that were filled',
      round(fillNow),
      round(fillBefore),
      round(fillNow - fillBefore),
      null,
      null,
    ]);
    if (fillNow !== fillBefore)
      changes.push(`Share of requests filled: ${pct(fillBefore)} → ${pct(fillNow)}.`);
    const rows: Array<[string, number, number]> = [
      ['Requests due (window opens in the month)', m.due, p.due],
      ['Unmet requests due in the month', m.unmet, p.unmet],
      ['… from Priority Schools', m.priorityUnmet, p.priorityUnmet],
      ['Activities delivered (completed sessions)', m.activities, p.activities],
      ['Volunteer hours', round(m.hours, 1), round(p.hours, 1)],
      ['Young people reached', m.participants, p.participants],
    ];
    for (const [label, a, b] of rows) {
      counts.push([label, a, b, round(a - b, 1)]);
      if (a !== b) changes.push(`${label}: ${b} → ${a}.`);
    }
    const shareTable = table(
      'kpi-shares',
      `Reach and fill rate, ${month} against ${previous}`,
      [
        column('kpi', 'Measure'),
        column('this_month', `End of ${month}`, 'percent'),
        column('last_month', `End of ${previous}`, 'percent'),
        column('change', 'Change (points)', 'percent'),
        column('target', 'Target', 'percent'),
        column('rag', 'RAG', 'rag'),
      ],
      shares,
    );
    const kpiTable = table(
      'kpis',
      `Requests and delivery, ${month} against ${previous}`,
      [
        column('kpi', 'Measure'),
        column('this_month', month, 'number'),
        column('last_month', previous, 'number'),
        column('change', 'Change', 'number'),
      ],
      counts,
    );
    const topGaps = table(
      'top-gaps',
      'Top five gaps this month (unmet requests by hub, first subject and key stage)',
      [
        column('hub', 'Hub'),
        column('subject', 'Subject'),
        column('key_stage', 'Key stage'),
        column('unmet', 'Unmet requests', 'number'),
        column('main_reason', 'Main reason'),
      ],
      [...gaps.values()]
        .sort(
          (a, b) =>
            b.n - a.n ||
            `${a.hub}${a.subject}${a.key_stage}`.localeCompare(`${b.hub}${b.subject}${b.key_stage}`),
        )
        .slice(0, 5)
        .map((g) => {
          const reason = g.reasons.entries()[0]![0];
          return [
            hubName(ctx, g.hub),
            subjectLabels[g.subject as keyof typeof subjectLabels],
            g.key_stage,
            g.n,
            unfilledReasonLabels[reason as keyof typeof unfilledReasonLabels] ??
              'Not yet through a match run',
          ];
        }),
    );
    const months = [...trend.keys()].sort();
    const trendTable = table(
      'trend',
      `Delivery by month, ${year.label}`,
      [
        column('month', 'Month'),
        column('activities', 'Activities', 'number'),
        column('hours', 'Volunteer hours', 'number'),
      ],
      months.map((k) => [k, trend.get(k)!.activities, round(trend.get(k)!.hours, 1)]),
    );
    const sections: ReportSection[] = [
      {
        heading: `${month}: key figures`,
        text: ['RAG against the reach targets; see the reach report for intervals and hub detail.'],
        tables: [shareTable, kpiTable],
        charts: [],
      },
      { heading: 'Top five gaps', text: [], tables: [topGaps], charts: [] },
      {
        heading: `Next month: demand forecast for ${forecast.next}`,
        text: FORECAST_METHOD,
        tables: [forecast.table()],
        charts: [],
      },
      {
        heading: 'What changed since last month',
        text: changes.length > 0 ? changes : ['No measure changed.'],
        tables: [trendTable],
        charts:
          months.length > 0
            ? [
                {
                  type: 'line',
                  title: 'Activities and volunteer hours by month',
                  table: trendTable.id,
                  points: months,
                  series: [
                    { name: 'Activities', values: months.map((k) => trend.get(k)!.activities) },
                    { name: 'Volunteer hours', values: months.map((k) => round(trend.get(k)!.hours, 1)) },
                  ],
                  percent: false,
                },
              ]
            : [],
      },
    ];
    return { title: `Monthly summary, ${month}`, sections, period: { from: `${month}-01`, to: lastDay } };
  }

  return { ambassador: (a) => forecast.ambassador(a), request, activity, finish };
};

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
