import {
  type ActivityRequest,
  type Dataset,
  DEFAULT_POLICY,
  dayNumber,
  dayToDate,
  type HistoryRecord,
  type OrganisationKind,
  type PolicyInput,
} from '@stem-match/domain';
import { match, type SolverName } from '@stem-match/matching';
import { generateDataset, type Scale } from '../generate/index.js';
import { Random } from '../generate/random.js';
import { generateRequests } from '../generate/requests.js';
import { markdownTable, writeSection } from './markdown.js';

/** The autumn term of 2026/27: the generated year of history lies before it. */
const TERM_START = '2026-09-07';
const WEEKS = 13;
const SCALE: Scale = 'region';
const SEED = 1;

interface Scenario {
  name: string;
  /** New requests a week (region-scale demand is ~70: 250 open at once in `pnpm bench match`). */
  perWeek: number;
  /** Runs every this many weeks (the week's arrivals wait for the next run). */
  everyWeeks: number;
  /** Every ambassador's monthly limit, when set: scarce time makes requests compete. */
  maxPerMonth?: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'generated supply, weekly runs', perWeek: 70, everyWeeks: 1 },
  {
    name: 'scarce: ×3 demand, 1 activity a month each, weekly runs',
    perWeek: 210,
    everyWeeks: 1,
    maxPerMonth: 1,
  },
  { name: 'scarce, monthly runs', perWeek: 210, everyWeeks: 4, maxPerMonth: 1 },
];

interface Arm {
  name: string;
  solver: SolverName;
  policy: PolicyInput;
}

const ARMS: Arm[] = [
  { name: 'greedy (status quo)', solver: 'greedy', policy: {} },
  { name: 'engine, without reach', solver: 'engine', policy: { reach: { priority: 0, other: 0 } } },
  { name: 'engine, with reach (default policy)', solver: 'engine', policy: {} },
];

interface TermResult {
  arm: string;
  runs: number;
  /** Unfilled requests per run whose candidates other requests held, summed over the runs. */
  contended: number;
  requests: number;
  filled: number;
  priority_filled: number;
  /** Per group: organisations engaged in the academic year by the term's end, and how many there are. */
  reach: Record<string, { engaged: number; of: number }>;
  seconds: number;
}

/**
 * One term of runs: each week's new requests join those still open (until their window
 * passes), the run's assignments become accepted history, so the next run knows who is reached.
 */
async function simulateTerm(data: Dataset, arm: Arm, scenario: Scenario): Promise<TermResult> {
  const start = dayNumber(TERM_START);
  const history: HistoryRecord[] = [...data.history];
  let open: ActivityRequest[] = [];
  let requests = 0;
  let filled = 0;
  let priorityFilled = 0;
  let contended = 0;
  let runs = 0;
  const priorityOrg = new Set(data.organisations.filter((o) => o.priority).map((o) => o.id));
  const started = performance.now();
  for (let week = 0; week < WEEKS; week++) {
    const today = dayToDate(start + 7 * week);
    // The same arrivals in every arm: the random stream depends only on the week.
    const arrivals = generateRequests(
      new Random(SEED * 1000 + week),
      data.organisations,
      scenario.perWeek,
      today,
    ).map((r) => ({ ...r, id: `W${week}-${r.id}` }));
    requests += arrivals.length;
    open = [...open.filter((r) => r.window_end > today), ...arrivals];
    if (week % scenario.everyWeeks !== 0) continue;
    runs++;
    const result = await match(
      { today, organisations: data.organisations, ambassadors: data.ambassadors, requests: open, history },
      arm.policy,
      { solver: arm.solver, seed: 1 },
    );
    const byId = new Map(open.map((r) => [r.id, r]));
    const done = new Set<string>();
    for (const a of result.assignments) {
      const r = byId.get(a.request_id)!;
      done.add(r.id);
      history.push({
        organisation_id: r.organisation_id,
        ambassador_id: a.ambassador_id,
        request_id: r.id,
        activity_type: r.activity_type,
        start: a.start,
        end: a.end,
        status: 'accepted',
      });
    }
    filled += done.size;
    contended += result.unfilled.filter((u) => u.reason === 'taken_by_other_requests').length;
    for (const id of done) if (priorityOrg.has(byId.get(id)!.organisation_id)) priorityFilled++;
    open = open.filter((r) => !done.has(r.id));
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  return {
    arm: arm.name,
    runs,
    requests,
    filled,
    priority_filled: priorityFilled,
    contended,
    reach: reachOf(data, history),
    seconds,
  };
}

/** The reach report's measure: organisations with an accepted or completed activity in 2026/27. */
function reachOf(data: Dataset, history: readonly HistoryRecord[]): TermResult['reach'] {
  const engaged = new Set(
    history
      .filter((h) => (h.status === 'accepted' || h.status === 'completed') && h.start >= '2026-09-01')
      .map((h) => h.organisation_id),
  );
  const out: TermResult['reach'] = {};
  const add = (group: string, yes: boolean) => {
    const g = out[group] ?? { engaged: 0, of: 0 };
    out[group] = g;
    g.of++;
    if (yes) g.engaged++;
  };
  for (const o of data.organisations) {
    const yes = engaged.has(o.id);
    if (o.priority) add('priority', yes);
    add(o.kind, yes);
    add('all', yes);
  }
  return out;
}

const GROUPS: Array<[string, string]> = [
  ['priority', 'Priority Schools'],
  ['primary', 'primary'],
  ['secondary', 'secondary'],
  ['college', 'college'],
  ['special', 'special'],
  ['non_school', 'non-school'],
  ['all', 'all organisations'],
] satisfies Array<[OrganisationKind | 'priority' | 'all', string]>;

const pct = (k: number, n: number): string => (n === 0 ? '–' : `${((100 * k) / n).toFixed(1)}%`);

/**
 * `pnpm bench kpi`: a region with a year of generated history, then an autumn term of runs (the same
 * arrivals in every arm); reach of Priority Schools (and each kind) at the term's end with and without
 * the reach level, and the status quo, per scenario, written to docs/benchmarks.md.
 */
export async function benchKpi(docs: string): Promise<void> {
  const generated = generateDataset({ scale: SCALE, seed: SEED, today: TERM_START });
  const sections: string[] = [];
  for (const scenario of SCENARIOS) {
    const data: Dataset = {
      ...generated,
      ambassadors: generated.ambassadors.map((a) =>
        scenario.maxPerMonth === undefined ? a : { ...a, max_per_month: scenario.maxPerMonth },
      ),
    };
    sections.push(await benchScenario(data, scenario));
  }
  await writeSection(
    docs,
    'kpi',
    `## Reach KPI (\`pnpm bench kpi\`)

Command: \`flock /tmp/stem-bench.lock pnpm bench kpi\`. Generated ${SCALE} data (seed ${SEED}:
${generated.organisations.length} organisations, ${generated.ambassadors.length} ambassadors,
${generated.history.length} history records over the year before ${TERM_START}), then the autumn term:
${WEEKS} weeks from ${TERM_START}, new requests every week (the same in every arm), requests left open
until their window passes, each run's assignments fed back as accepted history. Reach = organisations
with an accepted or completed activity in 2026/27 (the reach report's measure), at the term's end.
Policy ${DEFAULT_POLICY.version}; the reach weights are \`reach.priority\` ${DEFAULT_POLICY.reach.priority},
\`reach.other\` ${DEFAULT_POLICY.reach.other}; "without reach" sets both to 0. "Contended" counts, over
the term's runs, unfilled requests explained \`taken_by_other_requests\` — the only ones the reach level
can give to someone else; everything else unfilled had no ambassador who could take it at all.

${sections.join('\n\n')}`,
  );
}

async function benchScenario(data: Dataset, scenario: Scenario): Promise<string> {
  const before = reachOf(data, data.history);
  const results: TermResult[] = [];
  for (const arm of ARMS) {
    const r = await simulateTerm(data, arm, scenario);
    console.log(JSON.stringify({ bench: 'kpi', scenario: scenario.name, ...r }));
    results.push(r);
  }
  const [, without, withReach] = results as [TermResult, TermResult, TermResult];
  const p = (r: TermResult) => r.reach.priority!;
  const gain = p(withReach).engaged - p(without).engaged;
  const rows = GROUPS.map(([key, label]) => [
    label,
    before[key]!.of,
    `${pct(before[key]!.engaged, before[key]!.of)} (${before[key]!.engaged})`,
    ...results.map((r) => `${pct(r.reach[key]!.engaged, r.reach[key]!.of)} (${r.reach[key]!.engaged})`),
  ]);
  return `### ${scenario.name}

${scenario.perWeek} new requests a week, a run every ${scenario.everyWeeks === 1 ? 'week' : `${scenario.everyWeeks} weeks`} (${without.runs} runs)${
    scenario.maxPerMonth === undefined ? '' : `, every ambassador limited to ${scenario.maxPerMonth} a month`
  }.

${markdownTable(['group', 'organisations', 'before the term', ...results.map((r) => r.arm)], rows)}

${markdownTable(
  ['arm', 'requests', 'filled', 'Priority filled', 'contended', 'seconds (all runs)'],
  results.map((r) => [r.arm, r.requests, r.filled, r.priority_filled, r.contended, r.seconds]),
)}

With the reach level the term ends with ${gain >= 0 ? `${gain} more` : `${-gain} fewer`} Priority Schools
reached than without it (${pct(p(withReach).engaged, p(withReach).of)} against
${pct(p(without).engaged, p(without).of)}); filled requests ${withReach.filled} against ${without.filled}.`;
}
