import { checkRun } from '@stem-match/checker';
import { readRunOutputs } from '@stem-match/dataset';
import { Policy } from '@stem-match/domain';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { loadForCommand, reportProblems } from '../load.js';
import { localDate } from '../options.js';

const SHOWN = 25;

export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command('check')
    .description(
      'Independently verify a run: every hard constraint on every assignment, and every unfilled reason',
    )
    .requiredOption('--data <dir>', 'the dataset directory the run was made from')
    .requiredOption('--run <dir>', 'the run directory (assignments.csv, unfilled.csv, summary.json)')
    .option('--today <date>', 'run date, if summary.json does not say', localDate)
    .action(async (opts: { data: string; run: string; today?: string }) => {
      const dataset = await loadForCommand(ctx, opts.data, false);
      const run = await readRunOutputs(opts.run);
      reportProblems(ctx, run.problems);
      const summary = (run.summary ?? {}) as { today?: unknown; policy?: unknown };
      const today = opts.today ?? (typeof summary.today === 'string' ? summary.today : undefined);
      if (today === undefined)
        throw new CliError('the run date is unknown: pass --today or keep summary.json', EXIT.usage);
      const policy = Policy.parse(summary.policy ?? {});
      const { violations, checked } = checkRun({
        dataset,
        today,
        assignments: run.assignments,
        unfilled: run.unfilled,
        policy,
      });
      ctx.out(
        `Checked ${checked.assignments} assignments and ${checked.requests} requests against ${opts.data}.`,
      );
      if (violations.length === 0 && run.problems.length === 0) {
        ctx.out('No violations: every hard constraint holds and every unfilled reason matches the data.');
        return;
      }
      ctx.out(`${violations.length} violation(s):`);
      for (const v of violations.slice(0, SHOWN)) ctx.out(`  [${v.rule}] ${v.message}`);
      if (violations.length > SHOWN) ctx.out(`  … and ${violations.length - SHOWN} more`);
      ctx.exit(EXIT.failed);
    });
}
