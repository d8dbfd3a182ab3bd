import { join } from 'node:path';
import { redisServerOnPath, scanPrefix, scanTargets, startRedisCluster } from '@stem-match/store';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { integer, localDate, todayInLondon } from '../options.js';
import { type Service, withService } from '../service.js';
import { demoRunner, generateDemoData, INSTALL_REDIS, type Step, serviceDemo } from './demo.js';

/**
 * The service demo on a real Redis Cluster: starts `--masters` private redis-servers with
 * `--cluster-enabled yes`, joins them with `redis-cli --cluster create`, runs the service half of the
 * demo against it (REDIS_URL=redis-cluster://…), then shows which master holds what.
 */
export function registerClusterDemo(program: Command, ctx: CommandContext, step: Step): void {
  program
    .command('cluster-demo')
    .description(
      'The service demo on a private Redis Cluster started for it (3 masters): intake, matching, replies, reports',
    )
    .option('--out <dir>', 'where to write the data, exports and reports', 'out/cluster-demo')
    .option('--scale <scale>', 'small | region | national', 'region')
    .option('--today <date>', 'run date (YYYY-MM-DD)', localDate, todayInLondon())
    .addOption(new Option('--masters <n>', 'masters in the cluster').argParser(integer(3, 9)).default(3))
    .action(async (opts: { out: string; scale: string; today: string; masters: number }) => {
      if (!redisServerOnPath())
        throw new CliError(
          `cluster-demo starts its own redis-servers and there is none on PATH. Install Redis ${INSTALL_REDIS}.`,
          EXIT.internal,
        );
      const run = demoRunner(ctx, step);
      const data = join(opts.out, 'data');
      await generateDemoData(run, opts.scale, opts.today, data);
      const cluster = await startRedisCluster({ masters: opts.masters });
      ctx.out(
        `\nStarted a Redis Cluster of ${opts.masters} masters (redis-cli --cluster create): REDIS_URL=${cluster.url}`,
      );
      const saved = process.env.REDIS_URL;
      process.env.REDIS_URL = cluster.url;
      try {
        await serviceDemo(ctx, run, {
          data,
          out: opts.out,
          reports: join(opts.out, 'reports'),
          today: opts.today,
          inspectHint: false,
        });
        ctx.out('\n== Where the keys live');
        await withService('producer', (service) => clusterLayout(ctx, service));
      } finally {
        if (saved === undefined) delete process.env.REDIS_URL;
        else process.env.REDIS_URL = saved;
        await cluster.stop();
        ctx.out('\nThe cluster was stopped and its directories deleted.');
      }
    });
}

/** Each master's slots and keys, and which of them holds the store's slot and the queues'. */
async function clusterLayout(ctx: CommandContext, { redis, config }: Service): Promise<void> {
  const tagOf = (prefix: string) => /\{([^{}]+)\}/.exec(prefix)![1]!;
  const slot = async (key: string) => Number(await redis.call('CLUSTER', 'KEYSLOT', key));
  const storeSlot = await slot(tagOf(config.STEM_PREFIX));
  const queueSlot = await slot(tagOf(config.STEM_QUEUE_PREFIX));
  ctx.out(
    `  store (${config.STEM_PREFIX}…): slot ${storeSlot}; queues (${config.STEM_QUEUE_PREFIX}…): slot ${queueSlot}`,
  );
  const slots = (await redis.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
  const rangesOf = (host: string | undefined, port: number | undefined) =>
    slots
      .filter(([, , [h, p]]) => h === host && p === port)
      .sort((a, b) => a[0] - b[0])
      .map(([from, to]) => `${from}-${to}`)
      .join(',');
  for (const node of scanTargets(redis)) {
    const count = async (prefix: string) => {
      let n = 0;
      for await (const keys of scanPrefix(node, prefix, 5000)) n += keys.length;
      return n;
    };
    const [storeKeys, queueKeys] = [await count(config.STEM_PREFIX), await count(config.STEM_QUEUE_PREFIX)];
    ctx.out(
      `  master ${node.options.host}:${node.options.port} (slots ${rangesOf(node.options.host, node.options.port)})  store keys ${String(storeKeys).padStart(7)}  queue keys ${String(queueKeys).padStart(6)}`,
    );
  }
}
