import { withdrawLapsedDbs } from '@stem-match/store';
import { requestDbsCascade } from '@stem-match/worker-matcher';
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
      const withdrawn = await withService('producer', async ({ store, redis, config }) => {
        const progress = ctx.progress();
        await store.putHubs(d.hubs);
        await store.putOrganisations(d.organisations, (done, total) =>
          progress.update('organisations', done, total),
        );
        await store.putAmbassadors(d.ambassadors, (done, total) =>
          progress.update('ambassadors', done, total),
        );
        await store.putHistory(d.history, (done, total) => progress.update('history', done, total));
        // A re-import may carry an earlier expiry or a lapsed status: withdraw them from what their
        // check no longer covers; the matcher offers those sessions down the cascade, and re-matches
        // what no substitute could take.
        const lapsed = await withdrawLapsedDbs(store, {
          ambassadors: d.ambassadors.map((a) => a.id),
          onProgress: (done, total) => progress.update('DBS checks', done, total),
        });
        progress.stop();
        if (lapsed.length > 0) await requestDbsCascade(redis, config.STEM_QUEUE_PREFIX, lapsed);
        return lapsed;
      });
      ctx.out(`Imported ${opts.data} (requests are submitted separately: stem-match submit):`);
      ctx.out(
        table([
          ['hubs', d.hubs.length],
          ['organisations', d.organisations.length],
          ['ambassadors', d.ambassadors.length],
          ['history records', d.history.length],
          ['withdrawn (DBS no longer valid)', withdrawn.length],
        ]),
      );
      if (withdrawn.length > 0)
        ctx.out(
          `${withdrawn.length} offers or bookings were withdrawn because the ambassador's DBS check no longer ` +
            `covers them (see stem-match history ID); a re-match has been requested.`,
        );
    });
}
