import { type Cell, type Organisation, organisationKindLabels, type Rag } from '@stem-match/domain';
import type { ReportContext } from './context.js';
import { academicYear, dateOf, inDateRange, isEngaging } from './definitions.js';
import type { ActivityFact } from './facts.js';
import type { ReachTargets } from './options.js';
import { ragFor, round, share, wilson } from './stats.js';

/** The groups reach is measured for: each organisation kind, and Priority Schools across kinds. */
export const REACH_GROUPS = ['primary', 'secondary', 'college', 'special', 'non_school', 'priority'] as const;
export type ReachGroup = (typeof REACH_GROUPS)[number];

export const reachGroupLabel = (g: ReachGroup): string =>
  g === 'priority' ? 'Priority Schools' : organisationKindLabels[g];

export const targetOf = (targets: ReachTargets, g: ReachGroup): number | undefined =>
  g in targets ? targets[g as keyof ReachTargets] : undefined;

export const groupsOf = (o: Organisation): ReachGroup[] => (o.priority ? [o.kind, 'priority'] : [o.kind]);

export interface ReachFigure {
  organisations: number;
  engaged: number;
  rate: number;
  low: number;
  high: number;
  target: number | undefined;
  rag: Rag | undefined;
}

/**
 * Engaged organisations in the academic year holding `upTo`, from its 1 September up to `upTo`:
 * an organisation is engaged by its first accepted or completed activity in that span. Its first day
 * is kept, so the same counter also says who was engaged by an earlier day of the year.
 */
export class ReachCounter {
  readonly year: ReturnType<typeof academicYear>;
  /** Organisation id -> its earliest engaging activity's start (an instant sorts by its UK date). */
  private readonly first = new Map<string, string>();
  private readonly inSpan: (instant: string) => boolean;

  constructor(
    private readonly ctx: ReportContext,
    readonly upTo: string,
  ) {
    this.year = academicYear(upTo);
    this.inSpan = inDateRange(this.year.from, upTo);
  }

  activity(a: ActivityFact): void {
    if (!isEngaging(a.status) || !this.inSpan(a.start)) return;
    const known = this.first.get(a.organisation_id);
    if (known === undefined || a.start < known) this.first.set(a.organisation_id, a.start);
  }

  /** Whether the organisation was engaged by `by` (a day of this counter's year, by default `upTo`). */
  isEngaged(organisationId: string, by: string = this.upTo): boolean {
    const first = this.first.get(organisationId);
    return first !== undefined && dateOf(first) <= by;
  }

  /** Figures per group over the organisations that pass `include` (e.g. one hub's), engaged by `by`. */
  figures(include: (o: Organisation) => boolean, by: string = this.upTo): Map<ReachGroup, ReachFigure> {
    if (by > this.upTo || by < this.year.from)
      throw new RangeError(`reach by ${by} is outside ${this.year.from}..${this.upTo}, the span counted`);
    const counts = new Map<ReachGroup, { n: number; k: number }>();
    for (const o of this.ctx.organisations.values()) {
      if (!include(o)) continue;
      for (const g of groupsOf(o)) {
        const c = counts.get(g) ?? { n: 0, k: 0 };
        c.n++;
        if (this.isEngaged(o.id, by)) c.k++;
        counts.set(g, c);
      }
    }
    const out = new Map<ReachGroup, ReachFigure>();
    for (const g of REACH_GROUPS) {
      const c = counts.get(g);
      if (!c) continue;
      const rate = share(c.k, c.n);
      const { low, high } = wilson(c.k, c.n);
      const target = targetOf(this.ctx.options.targets, g);
      out.set(g, {
        organisations: c.n,
        engaged: c.k,
        rate,
        low,
        high,
        target,
        rag: target === undefined ? undefined : ragFor(rate, high, target, this.ctx.options.rag),
      });
    }
    return out;
  }
}

/** A figure as table cells: organisations, engaged, reach, interval, target, RAG. */
export function figureCells(f: ReachFigure): Cell[] {
  return [
    f.organisations,
    f.engaged,
    round(f.rate),
    round(f.low),
    round(f.high),
    f.target ?? null,
    f.rag ?? null,
  ];
}
