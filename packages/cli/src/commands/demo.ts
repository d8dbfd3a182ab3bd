import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recentRuns } from '@stem-match/store';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { drained, rematchFinished, serviceSummary, simulateReplies } from '../demo-service.js';
import { CliError, EXIT } from '../exit-codes.js';
import { type LocalRedis, redisAnswers, startLocalRedis } from '../local-redis.js';
import { localDate, todayInLondon } from '../options.js';
import { redactUrl, withService } from '../service.js';
import { startWorkers } from './worker.js';

export type Step = (argv: string[]) => Promise<number>;

/** The reports the demo writes from the store once matching is done. */
const DEMO_REPORTS: Array<[string, string]> = [
  ['unmet', 'html'],
  ['reach', 'html'],
  ['supply', 'html'],
  ['monthly', 'md'],
];

/**
 * The end-to-end demo: generate a region; run the service on Redis (starting a private redis-server
 * if none answers); import, submit through several hub clients at once, match, let ambassadors
 * accept, decline and stay silent, re-match, export; then compare the engine with first-come matching
 * in file mode and check the engine's run independently.
 */
export function registerDemo(program: Command, ctx: CommandContext, step: Step): void {
  program
    .command('demo')
    .description('The end-to-end demo: generate, submit, match, reply, re-match, export, compare and check')
    .option('--out <dir>', 'where to write the data, runs and exports', 'out/demo')
    .option('--scale <scale>', 'small | region | national', 'region')
    .option('--today <date>', 'run date (YYYY-MM-DD)', localDate, todayInLondon())
    .action(async (opts: { out: string; scale: string; today: string }) => {
      const data = join(opts.out, 'data');
      const reports = join(opts.out, 'reports');
      const run = demoRunner(ctx, step);
      await generateDemoData(run, opts.scale, opts.today, data);

      const local = await ensureRedis(ctx);
      try {
        await serviceDemo(ctx, run, { data, out: opts.out, reports, today: opts.today });
      } finally {
        await local?.stop();
      }

      const engineRun = join(opts.out, 'run');
      const greedyRun = join(opts.out, 'run-greedy');
      await run('File mode: matching with the engine', [
        'match',
        '--data',
        data,
        '--out',
        engineRun,
        '--today',
        opts.today,
      ]);
      await run('File mode: first-come matching (today’s practice)', [
        'match',
        '--data',
        data,
        '--out',
        greedyRun,
        '--today',
        opts.today,
        '--solver',
        'greedy',
      ]);
      await run('Checking the engine’s run independently', ['check', '--data', data, '--run', engineRun]);
      const engine = await readSummary(engineRun);
      const greedy = await readSummary(greedyRun);
      ctx.out('\n== Engine against first-come, same data');
      ctx.out(
        `  Priority Schools served: ${engine.priority_filled} vs ${greedy.priority_filled} (of ${engine.priority_requests})\n` +
          `  requests filled:         ${engine.filled} vs ${greedy.filled} (of ${engine.requests})\n` +
          `  mean in-person travel:   ${engine.mean_km_in_person} km vs ${greedy.mean_km_in_person} km\n` +
          `Written: ${data} (data), ${join(opts.out, 'export')} (service export), ${engineRun} and ${greedyRun} (file-mode runs),\n` +
          `  ${reports} (reports: ${DEMO_REPORTS.map(([n, f]) => `${n}.${f}`).join(', ')}; open the .html files in a browser).`,
      );
    });
}

/** How to get a redis-server, for the demos' errors. */
export const INSTALL_REDIS = '(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)';

/** The demos' data: a synthetic dataset of `scale` (seed 1) for the run date, written to `dir`. */
export const generateDemoData = (run: DemoRun, scale: string, today: string, dir: string): Promise<void> =>
  run(`Generating synthetic data (${scale})`, [
    'generate',
    '--scale',
    scale,
    '--seed',
    '1',
    '--today',
    today,
    '--out',
    dir,
  ]);

/** A demo step: prints its title, runs `stem-match …argv` in-process, stops the demo if it fails. */
export type DemoRun = (title: string, argv: string[]) => Promise<void>;

export const demoRunner =
  (ctx: CommandContext, step: Step): DemoRun =>
  async (title, argv) => {
    ctx.out(`\n== ${title}`);
    const code = await step(argv);
    if (code !== EXIT.ok)
      throw new CliError(
        `demo step "${argv.join(' ')}" failed (exit ${code})`,
        code === 1 ? EXIT.failed : EXIT.internal,
      );
  };

/**
 * The service half of the demo, against whatever REDIS_URL names (one Redis or a cluster): workers
 * in this process, import, hubs submitting at once, a match run, replies and the re-match, the
 * export, reports from the store, and where things stand.
 */
export async function serviceDemo(
  ctx: CommandContext,
  run: DemoRun,
  opts: {
    data: string;
    out: string;
    reports: string;
    today: string;
    /** Print how to inspect the demo's keys afterwards (not when its Redis is stopped at the end). */
    inspectHint?: boolean;
  },
): Promise<void> {
  const { data, reports } = opts;
  // The demo's own key space: it never reads or writes anyone else's data.
  const tag = randomUUID().slice(0, 8);
  process.env.STEM_PREFIX = `demo:{${tag}}`;
  process.env.STEM_QUEUE_PREFIX = `{demo-q-${tag}}`;
  process.env.LOG_LEVEL ??= 'warn';
  const workers = await startWorkers('all', { schedule: false, rematchDelayMs: 1000 });
  try {
    await run('Importing organisations, ambassadors and history', ['import', '--data', data]);
    await run('Hubs submitting their requests (one client per hub, all at once)', [
      'submit',
      join(data, 'requests.csv'),
    ]);
    await withService('producer', ({ redis, config }) =>
      drained(redis, config.STEM_QUEUE_PREFIX, ['intake']),
    );
    await run('A match run (the nightly run, started now)', ['run-match', '--wait', '--today', opts.today]);
    ctx.out('\n== Ambassadors reply: most accept, some decline, some never answer');
    const since = new Date().toISOString();
    await withService('producer', async (service) => {
      const tally = await simulateReplies(service);
      ctx.out(`  accepted ${tally.accept}, declined ${tally.decline}, no answer (lapsed) ${tally.silent}`);
      await drained(service.redis, service.config.STEM_QUEUE_PREFIX, ['offers']);
      if (tally.decline + tally.silent > 0) {
        ctx.out('  re-matching the reopened requests…');
        if (!(await rematchFinished(service.store, since)))
          throw new CliError('the re-match did not finish in time', EXIT.failed);
      }
    });
    await run('Exporting assignments and unfilled requests', ['export', '--out', join(opts.out, 'export')]);
    for (const [name, format] of DEMO_REPORTS)
      await run(`Report: ${name} (from the store)`, [
        'report',
        name,
        '--as-of',
        opts.today,
        '--format',
        format,
        '--out',
        join(reports, `${name}.${format}`),
      ]);
    const nightly = await withService('producer', async ({ store }) =>
      (await recentRuns(store, 50)).findLast((r) => r.requested_by === 'system:cli'),
    );
    if (nightly)
      await run('Replaying the nightly run from its stored inputs (bit for bit; three reasons shown)', [
        'replay',
        nightly.id,
        '--limit',
        '3',
      ]);
    ctx.out('\n== Where things stand');
    await withService('producer', ({ store }) => serviceSummary(ctx, store));
    if (opts.inspectHint !== false)
      ctx.out(
        `  (inspect with: STEM_PREFIX='${process.env.STEM_PREFIX}' STEM_QUEUE_PREFIX='${process.env.STEM_QUEUE_PREFIX}' pnpm stem-match status)`,
      );
  } finally {
    await workers.close();
  }
}

async function ensureRedis(ctx: CommandContext): Promise<LocalRedis | undefined> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) {
    ctx.out(`\nUsing Redis at ${redactUrl(url)} (under a fresh key prefix).`);
    return undefined;
  }
  const local = await startLocalRedis();
  if (!local) {
    throw new CliError(
      `nothing answers at ${redactUrl(url)} and there is no redis-server on PATH to start. Install Redis ` +
        `${INSTALL_REDIS} or set REDIS_URL.`,
      EXIT.internal,
    );
  }
  process.env.REDIS_URL = local.url;
  ctx.out(
    `\nNo Redis answered at ${redactUrl(url)}: started a private redis-server at ${local.url} (stopped at the end).`,
  );
  return local;
}

interface Summary {
  requests: number;
  filled: number;
  priority_filled: number;
  priority_requests: number;
  mean_km_in_person: number;
}

async function readSummary(dir: string): Promise<Summary> {
  return JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
}
