import { loadRequests } from '@stem-match/dataset';
import { type ActivityRequest, formatProblem } from '@stem-match/domain';
import { connect, createHubClient, type SubmitResult } from '@stem-match/queue';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { reportProblems } from '../load.js';
import { withService } from '../service.js';
import { table } from '../summary.js';

const BATCH = 500;
const SHOWN = 10;

export function registerSubmit(program: Command, ctx: CommandContext): void {
  program
    .command('submit <file>')
    .description('Send a requests CSV through the hub client (one client per hub in the file, unless --hub)')
    .option('--hub <hub>', 'submit every row as this hub (rows naming another hub are rejected)')
    .action(async (file: string, opts: { hub?: string }) => {
      const loaded = await loadRequests(file);
      const badRows = reportProblems(ctx, loaded.problems);
      const byHub = new Map<string, ActivityRequest[]>();
      for (const r of loaded.records) {
        const hub = opts.hub ?? r.hub;
        byHub.set(hub, [...(byHub.get(hub) ?? []), r]);
      }
      const results: SubmitResult[] = [];
      await withService('producer', async ({ config }) => {
        const progress = ctx.progress();
        const total = loaded.records.length;
        // Several hubs submit at once, as they would in life; each through its own client.
        await Promise.all(
          [...byHub].map(async ([hub, requests]) => {
            const connection = connect(config, 'producer');
            const client = createHubClient({
              hub,
              connection,
              prefix: config.STEM_PREFIX,
              queuePrefix: config.STEM_QUEUE_PREFIX,
            });
            try {
              for (let i = 0; i < requests.length; i += BATCH) {
                results.push(...(await client.submitRequests(requests.slice(i, i + BATCH))));
                progress.update('submitting', results.length, total);
              }
            } finally {
              await client.close();
              connection.disconnect();
            }
          }),
        );
        progress.stop();
      });
      const count = (o: SubmitResult['outcome']) => results.filter((r) => r.outcome === o).length;
      ctx.out(`Submitted ${file} for ${byHub.size} hub(s):`);
      ctx.out(
        table([
          ['accepted (queued for intake)', count('accepted')],
          ['duplicate (already stored)', count('duplicate')],
          ['rejected', count('rejected') + badRows],
        ]),
      );
      const rejected = results.filter((r) => r.outcome === 'rejected');
      for (const r of rejected.slice(0, SHOWN))
        ctx.err(`  rejected ${r.request_id}: ${(r.problems ?? []).map(formatProblem).join('; ')}`);
      if (rejected.length > SHOWN) ctx.err(`  … and ${rejected.length - SHOWN} more`);
      if (results.length === 0 && loaded.problems.length > 0)
        throw new CliError('no request in the file could be read', EXIT.badData);
    });
}
