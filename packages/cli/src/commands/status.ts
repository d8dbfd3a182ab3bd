import { hubQueue, hubRegistry, QUEUES } from '@stem-match/queue';
import { recentRuns } from '@stem-match/store';
import { Queue } from 'bullmq';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { prometheusText, type ServiceStatus } from '../metrics.js';
import { withService } from '../service.js';
import { table } from '../summary.js';

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description('Queue depths, the last match run, and request counts nationally and per hub')
    .option('--json', 'print one JSON object instead of tables', false)
    .option('--prometheus', 'print Prometheus text-format gauges (for a textfile collector)', false)
    .action(async (opts: { json: boolean; prometheus: boolean }) => {
      await withService('producer', async ({ redis, store, config }) => {
        const queues: Record<string, Record<string, number>> = {};
        // The shared queues, then each hub's own intake and offers queues.
        const known = new Set([
          ...(await redis.smembers(store.keys.hubs)),
          ...(await redis.smembers(hubRegistry(config.STEM_QUEUE_PREFIX))),
        ]);
        const perHubQueues = [...known]
          .sort()
          .flatMap((h) => [hubQueue(QUEUES.intake, h), hubQueue(QUEUES.offers, h)]);
        for (const name of [...Object.values(QUEUES), ...perHubQueues]) {
          const q = new Queue(name, { connection: redis, prefix: config.STEM_QUEUE_PREFIX });
          queues[name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
          await q.close();
        }
        const byStatus = await store.countByStatus();
        const hubs = (await redis.smembers(store.keys.hubs)).sort();
        const perHub: Record<string, Record<string, number>> = {};
        for (const hub of hubs) perHub[hub] = await store.countByStatus(hub);
        const [last] = await recentRuns(store, 1);
        const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
        const status: ServiceStatus = {
          requests: { total, by_status: byStatus, by_hub: perHub },
          queues,
          last_run: last ?? null,
        };
        if (opts.prometheus) {
          ctx.out(prometheusText(status));
          return;
        }
        if (opts.json) {
          ctx.out(JSON.stringify(status, null, 2));
          return;
        }
        ctx.out('Requests');
        ctx.out(table(Object.entries(byStatus).map(([s, n]) => [s, n] as const)));
        ctx.out('Open / unfilled per hub');
        ctx.out(
          table(hubs.map((h) => [h, `${perHub[h]!.open} open, ${perHub[h]!.unfilled} unfilled`] as const)),
        );
        ctx.out('Queues (waiting / active / delayed / failed)');
        ctx.out(
          table(
            Object.entries(queues).map(
              ([q, c]) => [q, `${c.waiting} / ${c.active} / ${c.delayed} / ${c.failed}`] as const,
            ),
          ),
        );
        ctx.out(
          last
            ? `Last run ${last.id}: ${last.status}, ${last.outcome?.filled ?? 0} filled, started ${last.started_at}; ` +
                `churn: ${last.churn?.offers_withdrawn ?? 0} sent offers withdrawn, ${last.churn?.offers_changed ?? 0} changed`
            : 'No match run yet.',
        );
      });
    });
}
