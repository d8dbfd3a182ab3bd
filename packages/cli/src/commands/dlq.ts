import { type DeadLetter, IntakeJob, OfferJob, QUEUES, ReportJob } from '@stem-match/queue';
import { Queue } from 'bullmq';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { readSettingsFile } from '../json-file.js';
import { withService } from '../service.js';

async function withDlq<T>(
  fn: (
    dlq: Queue<DeadLetter>,
    queuePrefix: string,
    redis: import('@stem-match/store').RedisClient,
  ) => Promise<T>,
) {
  return withService('producer', async ({ redis, config }) => {
    const dlq = new Queue<DeadLetter>(QUEUES.deadLetter, {
      connection: redis,
      prefix: config.STEM_QUEUE_PREFIX,
    });
    try {
      return await fn(dlq, config.STEM_QUEUE_PREFIX, redis);
    } finally {
      await dlq.close();
    }
  });
}

export function registerDlq(program: Command, ctx: CommandContext): void {
  const dlq = program.command('dlq').description('Inspect and act on payloads that could not be processed');
  dlq
    .command('list')
    .description('List dead letters: id, source queue, when, and why')
    .action(() =>
      withDlq(async (q) => {
        const jobs = await q.getJobs(['waiting'], 0, 999, true);
        if (jobs.length === 0) ctx.out('The dead-letter queue is empty.');
        for (const j of jobs)
          ctx.out(`${j.id}  ${j.data.queue}  ${j.data.failed_at}  ${j.data.error.split('\n')[0]}`);
      }),
    );
  dlq
    .command('show <id>')
    .description('Show one dead letter in full: the error and the original payload')
    .action((id: string) =>
      withDlq(async (q) => {
        const job = await q.getJob(id);
        if (!job) throw new CliError(`no dead letter with id ${id}`, EXIT.failed);
        ctx.out(JSON.stringify(job.data, null, 2));
      }),
    );
  dlq
    .command('retry <id>')
    .description(
      'Send the payload back to its queue: as it was (after fixing what was wrong upstream), or corrected with --payload',
    )
    .option('--payload <file>', 'a JSON file with the corrected payload, checked before it is sent')
    .action((id: string, opts: { payload?: string }) =>
      withDlq(async (q, prefix, redis) => {
        const job = await q.getJob(id);
        if (!job) throw new CliError(`no dead letter with id ${id}`, EXIT.failed);
        const payload =
          opts.payload === undefined ? job.data.payload : await corrected(job.data, opts.payload);
        const target = new Queue(job.data.queue, { connection: redis, prefix });
        await target.add(job.data.job_name, payload);
        await target.close();
        await job.remove();
        ctx.out(
          `Sent ${id} back to ${job.data.queue}${opts.payload ? ` with the payload in ${opts.payload}` : ''}.`,
        );
      }),
    );
  dlq
    .command('drop <id>')
    .description('Delete a dead letter for good')
    .action((id: string) =>
      withDlq(async (q) => {
        const job = await q.getJob(id);
        if (!job) throw new CliError(`no dead letter with id ${id}`, EXIT.failed);
        await job.remove();
        ctx.out(`Dropped ${id}.`);
      }),
    );
}

/** The payload schema of each queue that dead-letters: a correction is checked before it is sent. */
const PAYLOADS = {
  [QUEUES.intake]: IntakeJob,
  [QUEUES.offers]: OfferJob,
  [QUEUES.reports]: ReportJob,
} as const;

async function corrected(letter: DeadLetter, file: string): Promise<unknown> {
  // A hub's own queue (`intake.<hub>`) takes the payloads of its kind.
  const schema = PAYLOADS[letter.queue.split('.')[0] as keyof typeof PAYLOADS];
  if (!schema)
    throw new CliError(`dead letters from ${letter.queue} cannot take a corrected payload`, EXIT.usage);
  return readSettingsFile(file, schema, 'payload file');
}
