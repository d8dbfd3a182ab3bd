import type { ReportSection } from '@stem-match/domain';
import { hubName, type ReportFactory } from '../context.js';
import { column, table } from '../doc.js';
import { figureCells, REACH_GROUPS, ReachCounter, reachGroupLabel, targetOf } from '../reach-counter.js';
import { round } from '../stats.js';

const FIGURE_COLUMNS = [
  column('organisations', 'Organisations', 'number'),
  column('engaged', 'Engaged', 'number'),
  column('reach', 'Reach', 'percent'),
  column('ci_low', '95% interval from', 'percent'),
  column('ci_high', '95% interval to', 'percent'),
  column('target', 'Target', 'percent'),
  column('rag', 'RAG', 'rag'),
];

/** Share of organisations engaged in the academic year, by kind and hub, against the targets. */
export const reachReport: ReportFactory = (ctx) => {
  const counter = new ReachCounter(ctx, ctx.to);

  function finish() {
    const { rag, targets } = ctx.options;
    const national = counter.figures((o) => ctx.inScope(o.hub));
    const byKind = table(
      'reach-by-kind',
      `Reach in ${counter.year.label} to ${ctx.to}`,
      [column('group', 'Group'), column('code', 'Code'), ...FIGURE_COLUMNS],
      [...national].map(([g, f]) => [reachGroupLabel(g), g, ...figureCells(f)]),
    );
    const hubs = [...ctx.hubs.keys()].filter(ctx.inScope).sort();
    const perHub = hubs.map((h) => ({ hub: h, figures: counter.figures((o) => o.hub === h) }));
    const byHub = table(
      'reach-by-hub',
      'Reach by hub and kind',
      [column('hub', 'Hub'), column('group', 'Group'), column('code', 'Code'), ...FIGURE_COLUMNS],
      perHub.flatMap(({ hub, figures }) =>
        [...figures].map(([g, f]) => [hubName(ctx, hub), reachGroupLabel(g), g, ...figureCells(f)]),
      ),
    );
    // A bar per hub that has organisations of the group, the same (rounded) figure as its table row.
    const charts = REACH_GROUPS.filter((g) => targetOf(targets, g) !== undefined)
      .map((g) => ({ g, hubs: perHub.filter((p) => p.figures.has(g)) }))
      .filter(({ hubs }) => hubs.length > 0)
      .map(({ g, hubs }) => ({
        type: 'bar' as const,
        title: `${reachGroupLabel(g)}: reach by hub against the ${Math.round(targetOf(targets, g)! * 100)}% target`,
        table: byHub.id,
        categories: hubs.map((p) => hubName(ctx, p.hub)),
        series: [{ name: reachGroupLabel(g), values: hubs.map((p) => round(p.figures.get(g)!.rate)) }],
        percent: true,
        target: targetOf(targets, g)!,
      }));
    const sections: ReportSection[] = [
      {
        heading: `Reach, ${counter.year.label} (${counter.year.from} to ${ctx.to})`,
        text: [
          'Reach is the share of organisations with at least one accepted or completed activity in the academic year so far.',
          'The 95% interval (Wilson) shows how sure the figure is: with few organisations it is wide, so a small hub is not over-read.',
          `RAG: green when reach meets the target; amber when it is short by at most ${Math.round(rag.amber_margin * 100)} points${rag.interval_amber ? ', or when the interval still reaches the target' : ''}; red otherwise. Kinds without a target have no RAG.`,
        ],
        tables: [byKind],
        charts: [],
      },
      { heading: 'By hub', text: [], tables: [byHub], charts },
    ];
    return { title: 'Reach against targets', sections };
  }

  return { activity: (a) => counter.activity(a), finish };
};
