import { type Ambassador, BOOKING_STATUSES, type ReportTable } from '@stem-match/domain';
import { hubName, isUnmet, type ReportContext } from '../context.js';
import { addDays, monthOf } from '../definitions.js';
import { column, table } from '../doc.js';
import { dbsValidOn } from '../eligibility.js';
import type { ActivityFact, RequestFact } from '../facts.js';
import { round } from '../stats.js';

/**
 * Next month's demand per hub, forecast from history, against the ambassadors' capacity that month.
 *
 * Demand is counted in **activities wanted** (ambassador-sessions, the unit of an ambassador's
 * monthly capacity): every activity held or delivered (offered, accepted or completed; from a match or
 * recorded outside the engine) in the month of its session, plus every session an unmet request
 * still wants (`needed` × each session of its series, dated from its window's first day,
 * `every_days` apart). Cancelled and expired requests are not demand.
 *
 * The method (seasonal naive with a trend), per hub, for the month N after the report's month:
 * 1. History is the complete months up to the last complete one, L (the report's month when the
 *    report runs to its last day, otherwise the month before), from the hub's first month with any
 *    demand.
 * 2. When history reaches back to N − 12: the same month last year, D(N − 12), scaled by the
 *    year-on-year trend — demand in the three months to L over the same three months a year earlier,
 *    kept within 0.5–2 so a thin year cannot swing it; 1 when there is no year-earlier history.
 * 3. Otherwise: the mean of the last three complete months (those in the history).
 * 4. No history at all: no forecast.
 * 5. Never below the activities already asked for N (known demand).
 *
 * Supply is the sum of `max_per_month` of the hub's ambassadors whose DBS check is valid on the first
 * day of N (the matcher's rule), less the activities they already hold in N — an upper bound, since
 * availability and travel decide what can really be met.
 */
export class DemandForecast {
  /** hub → month → activities wanted. */
  private readonly demand = new Map<string, Map<string, number>>();
  private readonly capacity = new Map<string, number>();
  /** Activities in the forecast month held by ambassadors, by the ambassador's id. */
  private readonly heldNext = new Map<string, number>();
  private readonly ambassadorHub = new Map<string, string>();
  readonly next: string;
  /** The last complete month of history. */
  readonly lastComplete: string;

  constructor(
    private readonly ctx: ReportContext,
    lastDay: string,
  ) {
    const month = monthOf(lastDay);
    this.next = addMonths(month, 1);
    const complete = monthOf(addDays(lastDay, 1)) !== month;
    this.lastComplete = complete ? month : addMonths(month, -1);
  }

  ambassador(a: Ambassador): void {
    if (!this.ctx.inScope(a.hub) || !dbsValidOn(a, `${this.next}-01`)) return;
    this.capacity.set(a.hub, (this.capacity.get(a.hub) ?? 0) + a.max_per_month);
    this.ambassadorHub.set(a.id, a.hub);
  }

  activity(a: ActivityFact): void {
    if (!BOOKING_STATUSES.includes(a.status)) return;
    const month = monthOf(a.start);
    if (month === this.next)
      this.heldNext.set(a.ambassador_id, (this.heldNext.get(a.ambassador_id) ?? 0) + 1);
    const hub = this.ctx.organisations.get(a.organisation_id)?.hub;
    if (hub !== undefined && this.ctx.inScope(hub)) this.add(hub, month, 1);
  }

  request(r: RequestFact): void {
    if (!this.ctx.inScope(r.request.hub) || !isUnmet(r)) return;
    const every = r.request.every_days ?? 7;
    for (let k = 0; k < (r.request.sessions ?? 1); k++)
      this.add(r.request.hub, monthOf(addDays(r.request.window_start, k * every)), r.request.needed);
  }

  private add(hub: string, month: string, n: number): void {
    const months = this.demand.get(hub) ?? new Map<string, number>();
    months.set(month, (months.get(month) ?? 0) + n);
    this.demand.set(hub, months);
  }

  /** The forecast for one hub (exported for tests and for other callers). */
  forecastFor(hub: string): Forecast {
    return forecastNext(this.demand.get(hub) ?? new Map(), this.next, this.lastComplete);
  }

  table(): ReportTable {
    const hubs = [...new Set([...this.demand.keys(), ...this.capacity.keys()])].sort();
    const held = new Map<string, number>();
    for (const [id, n] of this.heldNext) {
      const hub = this.ambassadorHub.get(id);
      if (hub !== undefined) held.set(hub, (held.get(hub) ?? 0) + n);
    }
    return table(
      'forecast',
      `Demand forecast for ${this.next} against ambassadors' capacity`,
      [
        column('hub', 'Hub'),
        column('forecast', `Activities forecast, ${this.next}`, 'number'),
        column('method', 'Method'),
        column('asked', `Already asked for ${this.next}`, 'number'),
        column('capacity', `Ambassadors' capacity, ${this.next}`, 'number'),
        column('free', 'Capacity not yet held', 'number'),
        column('short', 'Forecast beyond free capacity', 'number'),
      ],
      hubs.map((hub) => {
        const model = this.forecastFor(hub);
        const asked = this.demand.get(hub)?.get(this.next) ?? 0;
        // What is already asked for the month is known demand: the forecast is never below it.
        const f =
          model.value !== undefined && model.value < asked
            ? { value: asked, method: `${model.method}; raised to what is already asked` }
            : model;
        const capacity = this.capacity.get(hub) ?? 0;
        const free = Math.max(0, capacity - (held.get(hub) ?? 0));
        return [
          hubName(this.ctx, hub),
          f.value === undefined ? null : round(f.value, 1),
          f.method,
          asked,
          capacity,
          free,
          f.value === undefined ? null : round(Math.max(0, f.value - free), 1),
        ];
      }),
    );
  }
}

export interface Forecast {
  /** Activities wanted; undefined when there is no history to forecast from. */
  value: number | undefined;
  /** How it was made, in words, with the figures used. */
  method: string;
}

/**
 * The forecast for month `next` from a hub's demand by month, using the complete months up to
 * `lastComplete` (see DemandForecast for the method).
 */
export function forecastNext(
  demand: ReadonlyMap<string, number>,
  next: string,
  lastComplete: string,
): Forecast {
  const history = [...demand.keys()].filter((m) => m <= lastComplete).sort();
  if (history.length === 0) return { value: undefined, method: 'no history' };
  const first = history[0]!;
  const d = (m: string) => (m >= first && m <= lastComplete ? (demand.get(m) ?? 0) : undefined);
  const lastYear = d(addMonths(next, -12));
  const recent = [0, 1, 2].map((k) => d(addMonths(lastComplete, -k))).filter((v) => v !== undefined);
  if (lastYear !== undefined) {
    const yearEarlier = [12, 13, 14].map((k) => d(addMonths(lastComplete, -k)));
    const before = yearEarlier.every((v) => v !== undefined) ? yearEarlier.reduce((s, v) => s + v!, 0) : 0;
    const now = recent.reduce((s, v) => s + v, 0);
    if (before > 0) {
      const trend = Math.min(2, Math.max(0.5, now / before));
      return {
        value: lastYear * trend,
        method: `${addMonths(next, -12)} (${lastYear}) × trend ${round(trend, 2)} (last 3 months ${now} / a year earlier ${before})`,
      };
    }
    return {
      value: lastYear,
      method: `${addMonths(next, -12)} (${lastYear}); no year-earlier history for a trend`,
    };
  }
  const mean = recent.reduce((s, v) => s + v, 0) / recent.length;
  return {
    value: mean,
    method: `no ${addMonths(next, -12)} on record: mean of the last ${recent.length} month(s) (${recent.join(', ')})`,
  };
}

/** `YYYY-MM` plus `k` months. */
export function addMonths(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The method in words, printed with the forecast. */
export const FORECAST_METHOD = [
  'Demand is counted in activities wanted (ambassador-sessions, the unit of monthly capacity): activities offered, accepted or completed (matched or recorded outside the engine) in the month of their session, plus every session unmet requests still want (ambassadors needed × sessions, dated from the window’s first day).',
  'Forecast (seasonal naive): the same month last year, scaled by the trend — the last three complete months against the same three a year earlier, kept within 0.5–2 (1 without a year-earlier record). Without last year’s month on record: the mean of the last three complete months. No history: no forecast. Never below what is already asked for the month.',
  'Capacity: the monthly limits of the hub’s ambassadors whose DBS check is valid on the first day of the month; capacity not yet held leaves out activities they already hold that month. An upper bound: availability and travel decide what can be met.',
];
