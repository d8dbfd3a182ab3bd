import { getRun } from '@stem-match/store';
import { requestRun } from '@stem-match/worker-matcher';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { localDate, positiveNumber } from '../options.js';
import { withService } from '../service.js';
import { table } from '../summary.js';

export function registerRunMatch(program: Command, ctx: CommandContext): void {
  program
    .command('run-match')
    .description('Start a national match run now (workers must be running: see `stem-match worker`)')
    .option('--wait', 'return only when the run has committed, with its summary', false)
    .option('--today <date>', 'run date (YYYY-MM-DD); default today in the UK', localDate)
    .option('--timeout <seconds>', 'with --wait: give up after this long', positiveNumber, 600)
    .action(async (opts: { wait: boolean; today?: string; timeout: number }) => {
      await withService('producer', async ({ redis, store, config }) => {
        const runId = await requestRun(redis, config.STEM_QUEUE_PREFIX, 'system:cli', opts.today);
        ctx.out(`Match run ${runId} requested.`);
        if (!opts.wait) return;
        const progress = ctx.progress();
        const deadline = Date.now() + opts.timeout * 1000;
        for (;;) {
          const run = await getRun(store, runId);
          if (run && run.status !== 'running') {
            progress.stop();
            ctx.out(
              table([
                ['status', run.status],
                ['requests', run.inputs.requests],
                ['filled', run.outcome?.filled ?? 0],
                ['  Priority Schools', run.outcome?.priority_filled ?? 0],
                ['unfilled', run.outcome?.unfilled ?? 0],
                ['parts solved', run.components ?? 0],
                ['sent offers withdrawn', run.churn?.offers_withdrawn ?? 0],
                ['sent offers changed', run.churn?.offers_changed ?? 0],
              ]),
            );
            for (const f of run.failed_components) ctx.err(`failed part: ${f}`);
            if (run.status === 'failed') ctx.exit(EXIT.failed);
            return;
          }
          if (Date.now() > deadline)
            throw new CliError(`run ${runId} has not finished after ${opts.timeout} s`, EXIT.failed);
          const done = run ? ((await redis.scard(store.keys.runCommitted(runId))) ?? 0) : 0;
          progress.update('solving', done, Math.max(run?.components ?? 1, 1));
          await new Promise((r) => setTimeout(r, 250));
        }
      });
    });
}
