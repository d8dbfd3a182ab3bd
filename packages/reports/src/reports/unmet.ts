import {
  type Cell,
  FUNNEL_STAGES,
  type ReportSection,
  UnfilledReason,
  unfilledReasonLabels,
} from '@stem-match/domain';
import { hubName, isUnmet, type ReportFactory, requestInPeriod } from '../context.js';
import { daysBetween } from '../definitions.js';
import { requestDimensions } from '../dimensions.js';
import { column, table } from '../doc.js';
import type { RequestFact } from '../facts.js';
import { quantile, round, share } from '../stats.js';
import { Tallies, Tally } from '../tally.js';
import { coverageMap } from './coverage-map.js';

/** Open requests that have not yet been through a match run have no reason yet: said so, not hidden. */
export const NOT_YET_MATCHED = 'not_yet_matched';
const reasonLabel = (code: string): string =>
  code === NOT_YET_MATCHED
    ? 'Open, not yet through a match run'
    : unfilledReasonLabels[code as UnfilledReason];

const AGE_BUCKETS: Array<[string, number]> = [
  ['0–7 days', 7],
  ['8–30 days', 30],
  ['31–90 days', 90],
  ['over 90 days', Number.POSITIVE_INFINITY],
];

/** Unfilled and still-open-but-unmatched requests: where, what, why, how far from help, how old. */
export const unmetReport: ReportFactory = (ctx) => {
  const dims = requestDimensions(ctx);
  const all = new Tallies();
  const unmet = new Tallies();
  // Each dimension's two tallies, looked up once rather than per request.
  const counted = dims.map((d) => ({ d, allOf: all.of(d.key), unmetOf: unmet.of(d.key) }));
  const reasons = new Tally();
  const reasonsPriority = new Tally();
  const nearestByReason = new Map<string, number[]>();
  const nearest: number[] = [];
  const leftAfter: number[][] = FUNNEL_STAGES.map(() => []);
  const ages: number[] = [];
  const listing: Cell[][] = [];
  const map = coverageMap(ctx);

  function request(r: RequestFact): void {
    if (!ctx.inScope(r.request.hub) || !requestInPeriod(ctx, r)) return;
    if (r.status === 'cancelled' || r.status === 'expired') return;
    const org = ctx.organisations.get(r.request.organisation_id);
    const missed = isUnmet(r);
    for (const { d, allOf, unmetOf } of counted)
      for (const v of d.values(r, org)) {
        allOf.add(v);
        if (missed) unmetOf.add(v);
      }
    if (!missed) return;
    const reason = r.explanation?.reason ?? NOT_YET_MATCHED;
    reasons.add(reason);
    if (org?.priority) reasonsPriority.add(reason);
    const km = r.explanation?.nearest_km;
    if (km !== undefined) {
      nearest.push(km);
      const list = nearestByReason.get(reason) ?? [];
      list.push(km);
      nearestByReason.set(reason, list);
    }
    for (const [i, n] of (r.explanation?.funnel ?? []).entries()) leftAfter[i]?.push(n);
    const age = r.status === 'open' ? daysBetween(r.request.created_at.slice(0, 10), ctx.asOf) : undefined;
    if (age !== undefined) ages.push(age);
    if (org) map.unmet(org);
    listing.push([
      r.request.id,
      hubName(ctx, r.request.hub),
      r.request.organisation_id,
      org?.name ?? null,
      org?.kind ?? null,
      org?.priority ?? false,
      r.request.subjects.join(';'),
      r.request.key_stage,
      r.request.activity_type,
      r.request.mode,
      r.request.window_start,
      r.request.window_end,
      r.status,
      reason,
      r.explanation?.filled ?? 0,
      r.request.needed,
      km === undefined ? null : round(km, 1),
      age ?? null,
    ]);
  }

  function finish() {
    const total = reasons.total;
    const reasonOrder = [...UnfilledReason.options, NOT_YET_MATCHED];
    const byReason = table(
      'by-reason',
      'Unmet requests by reason (the first funnel stage that left no candidate)',
      [
        column('reason', 'Reason code'),
        column('label', 'What it means'),
        column('requests', 'Requests', 'number'),
        column('priority', 'of which Priority Schools', 'number'),
        column('share', 'Share of unmet', 'percent'),
        column('median_nearest_km', 'Median distance to nearest otherwise-eligible ambassador', 'km'),
        column('p90_nearest_km', '90th percentile distance', 'km'),
      ],
      reasonOrder
        .filter((code) => reasons.get(code) > 0)
        .map((code) => {
          const kms = nearestByReason.get(code) ?? [];
          return [
            code,
            reasonLabel(code),
            reasons.get(code),
            reasonsPriority.get(code),
            round(share(reasons.get(code), total)),
            roundOrNull(quantile(kms, 0.5)),
            roundOrNull(quantile(kms, 0.9)),
          ];
        }),
      `The rows add up to all ${total} unmet requests.`,
    );
    const funnel = table(
      'funnel',
      'The funnel: requests whose candidates fell to zero at each stage, and candidates left after it',
      [
        column('stage', 'Stage'),
        column('fell_to_zero', 'Requests that lost their last candidate here', 'number'),
        column('median_left', 'Median candidates left after this stage', 'number'),
      ],
      FUNNEL_STAGES.map((stage, i) => [
        stage,
        leftAfter[i]!.filter((n, j) => n === 0 && (i === 0 || leftAfter[i - 1]![j]! > 0)).length,
        roundOrNull(quantile(leftAfter[i]!, 0.5)),
      ]),
      'Over unmet requests with an explanation; requests not yet through a match run have no funnel.',
    );
    const dimensionTables = dims.map((d) =>
      table(
        `by-${d.key.replaceAll('_', '-')}`,
        `By ${d.title}`,
        [
          column(d.key, capitalise(d.title.split(' (')[0]!)),
          column('code', 'Code'),
          column('unmet', 'Unmet requests', 'number'),
          column('requests', 'All requests in the period', 'number'),
          column('unmet_share', 'Share unmet', 'percent'),
        ],
        (d.key === 'month'
          ? all
              .of(d.key)
              .entries()
              .sort((a, b) => a[0].localeCompare(b[0]))
          : all.of(d.key).entries()
        ).map(([v, n]) => [
          d.label(v),
          v,
          unmet.of(d.key).get(v),
          n,
          round(share(unmet.of(d.key).get(v), n)),
        ]),
      ),
    );
    const hubTable = dimensionTables[0]!;
    const ageTable = table(
      'open-ages',
      'Ages of open requests (days since submitted, as of the report date)',
      [column('age', 'Age'), column('requests', 'Open requests', 'number')],
      AGE_BUCKETS.map(([label, max], i) => [
        label,
        ages.filter((a) => a <= max && (i === 0 || a > AGE_BUCKETS[i - 1]![1])).length,
      ]),
      ages.length > 0
        ? `Median age ${quantile(ages, 0.5)} days; oldest ${Math.max(...ages)} days.`
        : undefined,
    );
    const median = quantile(nearest, 0.5);
    const p90 = quantile(nearest, 0.9);
    const sections: ReportSection[] = [
      {
        heading: 'Summary',
        text: [
          `${total} requests in the period went unmet: ${unmet.of('priority').get('priority')} from Priority Schools.`,
          median === undefined
            ? 'No unmet request has a nearest-ambassador distance.'
            : `Half of them have an otherwise-eligible ambassador within ${median.toFixed(1)} km; one in ten has none within ${p90!.toFixed(1)} km.`,
        ],
        tables: [byReason],
        charts: [
          {
            type: 'bar',
            title: 'Unmet requests by reason',
            table: byReason.id,
            categories: byReason.rows.map((r) => String(r[0]).replaceAll('_', ' ')),
            series: [{ name: 'Requests', values: byReason.rows.map((r) => r[2] as number) }],
            percent: false,
          },
        ],
      },
      { heading: 'The funnel', text: [], tables: [funnel], charts: [] },
      {
        heading: 'Where and what',
        text: [
          'Each table counts unmet requests against all requests in the period with the same characteristic.',
        ],
        tables: dimensionTables,
        charts: [
          {
            type: 'bar',
            title: 'Unmet requests per hub',
            table: hubTable.id,
            categories: hubTable.rows.map((r) => String(r[0])),
            series: [
              { name: 'Unmet', values: hubTable.rows.map((r) => r[2] as number) },
              { name: 'All requests', values: hubTable.rows.map((r) => r[3] as number) },
            ],
            percent: false,
          },
        ],
      },
      { heading: 'Waiting', text: [], tables: [ageTable], charts: [] },
      map.section('Unmet demand and ambassador coverage'),
      {
        heading: 'Every unmet request',
        text: [],
        tables: [
          table(
            'requests',
            'Unmet requests',
            [
              column('request_id', 'Request'),
              column('hub', 'Hub'),
              column('organisation_id', 'Organisation id'),
              column('organisation', 'Organisation'),
              column('kind', 'Kind'),
              column('priority', 'Priority School'),
              column('subjects', 'Subjects'),
              column('key_stage', 'Key stage'),
              column('activity_type', 'Activity type'),
              column('mode', 'Mode'),
              column('window_start', 'Window opens', 'date'),
              column('window_end', 'Window closes', 'date'),
              column('status', 'Status'),
              column('reason', 'Reason'),
              column('filled', 'Ambassadors found', 'number'),
              column('needed', 'Needed', 'number'),
              column('nearest_km', 'Nearest otherwise-eligible ambassador', 'km'),
              column('age_days', 'Days open', 'number'),
            ],
            listing,
          ),
        ],
        charts: [],
      },
    ];
    return { title: 'Unmet demand', sections };
  }

  return { ambassador: map.ambassador, request, finish };
};

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function roundOrNull(n: number | undefined): number | null {
  return n === undefined ? null : round(n, 1);
}
