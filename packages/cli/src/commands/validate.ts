import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';
import { percent, table } from '../summary.js';

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('Load a dataset directory, report every bad row, and summarise what it holds')
    .requiredOption(
      '--data <dir>',
      'dataset directory (hubs.csv, organisations.csv, ambassadors.csv, requests.csv, history.csv)',
    )
    .option('--strict', 'exit with code 3 if any row has a problem', false)
    .action(async (opts: { data: string; strict: boolean }) => {
      const d = await loadForCommand(ctx, opts.data, opts.strict);
      const priority = d.organisations.filter((o) => o.priority).length;
      const online = d.ambassadors.filter((a) => a.online).length;
      const cleared = d.ambassadors.filter((a) => a.dbs_status === 'cleared').length;
      ctx.out(`Loaded ${opts.data}:`);
      ctx.out(
        table([
          ['hubs', d.hubs.length],
          ['organisations', d.organisations.length],
          [
            '  Priority Schools',
            `${priority.toLocaleString('en-GB')} (${percent(priority, d.organisations.length)})`,
          ],
          ['ambassadors', d.ambassadors.length],
          ['  DBS cleared', `${cleared.toLocaleString('en-GB')} (${percent(cleared, d.ambassadors.length)})`],
          [
            '  online-capable',
            `${online.toLocaleString('en-GB')} (${percent(online, d.ambassadors.length)})`,
          ],
          ['open requests', d.requests.filter((r) => r.status === 'open').length],
          ['history records', d.history.length],
        ]),
      );
    });
}
