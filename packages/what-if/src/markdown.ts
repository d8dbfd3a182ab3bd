import type { BatchDescription } from './batch.js';
import type { ChangedRequest, Outcome } from './evaluate.js';
import type { WhatIfReport } from './what-if.js';

const cell = (x: string | number): string => String(x).replaceAll('|', '\\|').replaceAll('\n', ' ');
const row = (cells: ReadonlyArray<string | number>): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** Who the recruits would be, one line a batch. */
export function offersLine(b: BatchDescription): string {
  return `${b.offers.subjects.join(', ')}; ${b.offers.key_stages.join(', ')}; ${b.offers.activity_types.join(', ')}`;
}

function requests(title: string, rs: readonly ChangedRequest[]): string {
  if (rs.length === 0) return `${title}: none.`;
  return `${title}:\n\n${table(
    [
      'request',
      'organisation',
      'Priority School',
      'hub',
      'activity type',
      'subjects',
      'key stage',
      'served by',
    ],
    rs.map((r) => [
      r.request_id,
      r.organisation,
      r.priority ? 'yes' : 'no',
      r.hub,
      r.activity_type,
      r.subjects.join(', '),
      r.key_stage,
      r.ambassadors.join(', ') || '—',
    ]),
  )}`;
}

const resolvedLine = (o: Outcome): string =>
  `${o.touched_requests} request(s) a recruit could take, in ${o.parts_resolved} independent part(s); ${o.requests_resolved} request(s) re-solved. Recruits used: ${o.recruits_used} (${o.recruit_sessions} session(s)).`;

/** The report as Markdown: the baseline, each added batch and its effect, and the ranking. */
export function renderMarkdown(report: WhatIfReport): string {
  const b = report.baseline;
  const out = [
    '# What-if recruitment',
    '',
    `Engine re-runs against a baseline run of the same data (run date ${report.today}, seed ${report.seed}, policy ${report.policy_version}). Recruits are hypothetical: DBS cleared, in person only, with the travel radius, monthly capacity and weekly availability of real ambassadors near the place (see README, What-if recruitment).`,
    '',
    `Baseline: ${b.filled} of ${b.requests} requests filled; Priority School requests ${b.priority_filled} of ${b.priority_requests}; ${b.parts} independent parts.`,
  ];
  if (report.added) {
    const { batches, outcome } = report.added;
    out.push(
      '',
      '## Added recruits',
      '',
      table(
        ['added', 'place', 'lat, lon', 'offering (subjects; key stages; activity types)', 'recruits'],
        batches.map((x) => [
          x.text,
          x.place.label,
          `${x.place.lat}, ${x.place.lon}`,
          offersLine(x),
          x.recruits
            .map((r) => `${r.id}: ${r.travel_km} km, ${r.max_per_month}/month, ${r.availability}`)
            .join('; '),
        ]),
      ),
      '',
      `**Requests served: ${signed(outcome.requests_more)}; Priority School requests: ${signed(outcome.priority_more)}.**`,
      '',
      resolvedLine(outcome),
      '',
      requests('Newly served', outcome.newly_served),
      '',
      requests('No longer served', outcome.no_longer_served),
    );
  }
  if (report.top) {
    const { ranking, candidates, batch } = report.top;
    out.push(
      '',
      '## Best places to recruit',
      '',
      `"${batch}" based in each of the ${candidates} grid squares with the most unfilled requests that could be met in person (Priority School requests first), each evaluated by an engine re-run; ranked by Priority School requests gained, then requests gained.`,
      '',
      table(
        [
          'rank',
          'place',
          'Priority School requests',
          'requests',
          'unfilled there (Priority)',
          'recruits offer',
          'newly served',
        ],
        ranking.map((r) => [
          r.rank,
          r.batch.place.label,
          signed(r.outcome.priority_more),
          signed(r.outcome.requests_more),
          `${r.unmet} (${r.unmet_priority})`,
          offersLine(r.batch),
          r.outcome.newly_served.map((x) => x.request_id).join(', ') || '—',
        ]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
