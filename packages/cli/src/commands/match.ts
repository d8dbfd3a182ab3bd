import { writeRunOutputs } from '@stem-match/dataset';
import { Policy, unfilledReasonLabels } from '@stem-match/domain';
import { type MatchResult, match, type SolverName } from '@stem-match/matching';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { readSettingsFile } from '../json-file.js';
import { loadForCommand } from '../load.js';
import { withEngineOptions } from '../options.js';
import { percent, table } from '../summary.js';

interface MatchOpts {
  data: string;
  out: string;
  solver: SolverName;
  seed: number;
  today: string;
  policy?: string;
  timeLimit: number;
  strict: boolean;
}

export function registerMatch(program: Command, ctx: CommandContext): void {
  const command = program
    .command('match')
    .description(
      'Match a dataset directory without Redis; writes assignments.csv, unfilled.csv and summary.json',
    )
    .requiredOption('--data <dir>', 'dataset directory')
    .requiredOption('--out <dir>', 'directory for the run output (created if missing)')
    .addOption(
      new Option('--solver <name>', 'which solver').choices(['engine', 'exact', 'greedy']).default('engine'),
    );
  withEngineOptions(command, 'seed for the engine’s tie-breaking', 'stop improving after this long')
    .option('--strict', 'refuse to run if any input row has a problem (exit 3)', false)
    .action(async (opts: MatchOpts) => {
      const policy = await readSettingsFile(opts.policy, Policy, 'policy file');
      const dataset = await loadForCommand(ctx, opts.data, opts.strict);
      const progress = ctx.progress();
      const result = await match(
        { ...dataset, requests: dataset.requests.filter((r) => r.status === 'open'), today: opts.today },
        policy,
        {
          solver: opts.solver,
          seed: opts.seed,
          timeLimitMs: opts.timeLimit * 1000,
          onProgress: (stage, done, total) => progress.update(stage, done, total),
        },
      );
      progress.stop();
      const summary = runSummary(result, opts);
      await writeRunOutputs(opts.out, {
        assignments: result.assignments,
        unfilled: result.unfilled,
        summary,
      });
      ctx.out(formatSummary(summary, opts.out));
    });
}

export type RunSummary = ReturnType<typeof runSummary>;

function runSummary(result: MatchResult, opts: MatchOpts) {
  const unfilledByReason: Record<string, number> = {};
  for (const u of result.unfilled) unfilledByReason[u.reason] = (unfilledByReason[u.reason] ?? 0) + 1;
  const inPerson = result.assignments.filter((a) => a.mode === 'in_person');
  return {
    solver: opts.solver,
    seed: opts.seed,
    today: opts.today,
    policy_version: result.policy.version,
    policy: result.policy,
    requests: result.stats.requests,
    filled: result.objective.filled,
    priority_filled: result.objective.priority_filled,
    priority_requests: result.stats.priority_requests,
    /** Organisations with no activity yet this academic year that the run reaches (the reach KPI). */
    new_organisations_reached: result.objective.new_organisations_reached,
    new_priority_schools_reached: result.objective.new_priority_schools_reached,
    assignments: result.assignments.length,
    mean_km_in_person:
      inPerson.length === 0 ? 0 : round1(inPerson.reduce((s, a) => s + a.distance_km, 0) / inPerson.length),
    online_assignments: result.assignments.length - inPerson.length,
    unfilled_by_reason: unfilledByReason,
    /** Employers' volunteering days: booked before, given by this run, left (per academic year). */
    employer_budgets: result.employer_budgets,
    objective: result.objective,
    stats: result.stats,
  };
}

function formatSummary(s: RunSummary, out: string): string {
  const reasons = Object.entries(s.unfilled_by_reason)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([reason, n]) =>
        [`  ${unfilledReasonLabels[reason as keyof typeof unfilledReasonLabels] ?? reason}`, n] as const,
    );
  return [
    `Match run (${s.solver}, ${s.today}) — ${s.stats.seconds.total.toFixed(1)} s`,
    table([
      ['requests', s.requests],
      ['filled', `${s.filled.toLocaleString('en-GB')} (${percent(s.filled, s.requests)})`],
      [
        '  Priority Schools',
        `${s.priority_filled} of ${s.priority_requests} (${percent(s.priority_filled, s.priority_requests)})`,
      ],
      ['  other', s.filled - s.priority_filled],
      ['organisations reached for the first time this year', s.new_organisations_reached],
      ['  Priority Schools', s.new_priority_schools_reached],
      ['assignments (sessions)', s.assignments],
      ['  online', s.online_assignments],
      ['mean travel, in person', `${s.mean_km_in_person} km`],
      ['unfilled', s.requests - s.filled],
      ...reasons,
      ...(s.employer_budgets.length > 0
        ? ([
            [
              'employer budgets (days this run / left)',
              `${s.employer_budgets.reduce((n, b) => n + b.this_run, 0)} / ${s.employer_budgets.reduce((n, b) => n + Math.max(0, b.left), 0)} across ${new Set(s.employer_budgets.map((b) => b.employer)).size} employers`,
            ],
          ] as const)
        : []),
    ]),
    `Written to ${out}/assignments.csv, unfilled.csv, summary.json`,
  ].join('\n');
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
