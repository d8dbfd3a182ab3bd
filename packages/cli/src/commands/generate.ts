import { generateToDirectory } from '@stem-match/scripts';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { integer, localDate, positiveNumber, todayInLondon } from '../options.js';
import { table } from '../summary.js';

export function registerGenerate(program: Command, ctx: CommandContext): void {
  program
    .command('generate')
    .description(
      'Write a realistic synthetic dataset (GIAS-style organisations, hubs, ambassadors, requests, history)',
    )
    .requiredOption('--out <dir>', 'directory to write the CSV files into (created if missing)')
    .option('--scale <scale>', 'small | region | national', 'region')
    .option(
      '--seed <n>',
      'random seed: the same seed and date give the same files',
      integer(0, 2 ** 31 - 1),
      1,
    )
    .option(
      '--today <date>',
      'the date the data is generated around (YYYY-MM-DD)',
      localDate,
      todayInLondon(),
    )
    .option('--factor <x>', 'multiply the counts (e.g. 3 or 10 for scaling tests)', positiveNumber, 1)
    .action(async (opts: { out: string; scale: string; seed: number; today: string; factor: number }) => {
      if (!['small', 'region', 'national'].includes(opts.scale)) {
        program.error(`--scale must be small, region or national (given "${opts.scale}")`, { exitCode: 2 });
      }
      const progress = ctx.progress();
      const d = await generateToDirectory({
        scale: opts.scale as 'small' | 'region' | 'national',
        seed: opts.seed,
        today: opts.today,
        factor: opts.factor,
        out: opts.out,
        onProgress: (stage: string, done: number, total: number) => progress.update(stage, done, total),
      });
      progress.stop();
      ctx.out(`Wrote a ${opts.scale} dataset (seed ${opts.seed}, around ${opts.today}) to ${opts.out}:`);
      ctx.out(
        table([
          ['hubs', d.hubs.length],
          ['organisations', d.organisations.length],
          ['ambassadors', d.ambassadors.length],
          ['open requests', d.requests.length],
          ['history records', d.history.length],
        ]),
      );
    });
}
