import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';
import { withService } from '../service.js';
import { table } from '../summary.js';

export function registerImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description(
      'Load a dataset directory (hubs, organisations, ambassadors, history) into the store; safe to repeat',
    )
    .requiredOption('--data <dir>', 'dataset directory')
    .option('--strict', 'import nothing if any row has a problem (exit 3)', false)
    .action(async (opts: { data: string; strict: boolean }) => {
      const d = await loadForCommand(ctx, opts.data, opts.strict);
      await withService('producer', async ({ store }) => {
        const progress = ctx.progress();
        await store.putHubs(d.hubs);
        await store.putOrganisations(d.organisations, (done, total) =>
          progress.update('organisations', done, total),
        );
        await store.putAmbassadors(d.ambassadors, (done, total) =>
          progress.update('ambassadors', done, total),
        );
        await store.putHistory(d.history, (done, total) => progress.update('history', done, total));
        progress.stop();
      });
      ctx.out(`Imported ${opts.data} (requests are submitted separately: stem-match submit):`);
      ctx.out(
        table([
          ['hubs', d.hubs.length],
          ['organisations', d.organisations.length],
          ['ambassadors', d.ambassadors.length],
          ['history records', d.history.length],
        ]),
      );
    });
}
