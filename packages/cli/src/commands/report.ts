import { readRunOutputs } from '@stem-match/dataset';
import { type ReportDocument, ReportName } from '@stem-match/domain';
import {
  fileSource,
  REPORTS,
  ReportFormat,
  ReportOptions,
  type ReportOptionsInput,
  type ReportSource,
  runReport,
  writeReport,
} from '@stem-match/reports';
import { requestReport, storeReportSource } from '@stem-match/worker-reporter';
import { Argument, type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { readSettingsFile } from '../json-file.js';
import { loadForCommand, reportProblems } from '../load.js';
import { localDate, todayInLondon } from '../options.js';
import { withService } from '../service.js';

interface ReportOpts {
  hub?: string;
  from?: string;
  to?: string;
  asOf?: string;
  format: ReportFormat;
  out?: string;
  data?: string;
  run?: string;
  options?: string;
  queue: boolean;
}

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description(
      'Report on unmet demand, reach, sustained engagement, supply, volunteering, DBS expiry, or the monthly summary — from the store, or from a dataset and a run (--data/--run)',
    )
    .addArgument(new Argument('<name>', 'which report').choices(ReportName.options))
    .option('--hub <id>', 'one hub (default: all hubs)')
    .option('--from <date>', 'period start (default: 1 September of the academic year of --to)', localDate)
    .option('--to <date>', 'period end (default: --as-of)', localDate)
    .option(
      '--as-of <date>',
      'the report date, for ages and DBS expiry (default: today in the UK)',
      localDate,
    )
    .addOption(new Option('--format <format>', 'output format').choices(ReportFormat.options).default('html'))
    .option('--out <path>', 'file to write (CSV: the first table; the others beside it, named by table)')
    .option('--data <dir>', 'file mode: a dataset directory instead of the store')
    .option('--run <dir>', 'file mode: a run output directory (from `stem-match match`) for the dataset')
    .option('--options <file>', 'JSON with report settings: targets, rag, cell_km, dbs_days, listing_rows')
    .option('--queue', 'hand the report to the reporter worker instead of running it here', false)
    .addHelpText(
      'after',
      '\nExamples:\n  stem-match report unmet --format html --out out/unmet.html\n' +
        '  stem-match report reach --hub south-east --format csv --out out/reach.csv\n' +
        '  stem-match report monthly --data data/ --run out/run --format md --out out/monthly.md',
    )
    .action(async (name: ReportName, opts: ReportOpts) => {
      if (opts.run && !opts.data)
        throw new CliError('--run needs --data (the dataset the run was made from)', EXIT.usage);
      const input: ReportOptionsInput = {
        ...(await readSettingsFile(opts.options, ReportOptions, 'options file')),
        ...(opts.hub ? { hub: opts.hub } : {}),
        ...(opts.from ? { from: opts.from } : {}),
        ...(opts.to ? { to: opts.to } : {}),
        ...(opts.asOf ? { as_of: opts.asOf } : {}),
      };
      if (opts.queue) {
        if (opts.data)
          throw new CliError('--queue reports from the store; it cannot take --data', EXIT.usage);
        const id = await withService('producer', ({ redis, config }) =>
          requestReport(redis, config.STEM_QUEUE_PREFIX, {
            kind: 'report',
            report: name,
            formats: [opts.format],
            requested_by: 'system:cli',
            ...(opts.hub ? { hub: opts.hub } : {}),
            ...(opts.from ? { from: opts.from } : {}),
            ...(opts.to ? { to: opts.to } : {}),
          }),
        );
        ctx.out(`Report job ${id} queued; the reporter worker writes it under STEM_REPORTS_DIR.`);
        return;
      }
      if (!opts.out) throw new CliError('--out is required (or --queue)', EXIT.usage);
      const out = opts.out;
      const produce = (source: ReportSource) => run(ctx, name, source, input, opts.format, out);
      if (opts.data) {
        const dataset = await loadForCommand(ctx, opts.data, false);
        const runOutputs = opts.run ? await readRunOutputs(opts.run) : undefined;
        if (runOutputs) reportProblems(ctx, runOutputs.problems);
        await produce(
          fileSource(dataset, runOutputs, {
            describe: `dataset ${opts.data}${opts.run ? ` and run ${opts.run}` : ''}`,
            asOf: input.as_of ?? input.to ?? todayInLondon(),
          }),
        );
      } else {
        await withService('producer', ({ store }) => produce(storeReportSource(store)));
      }
    });
}

async function run(
  ctx: CommandContext,
  name: ReportName,
  source: ReportSource,
  input: ReportOptionsInput,
  format: ReportFormat,
  out: string,
): Promise<void> {
  const sizes = await source.sizes();
  const progress = ctx.progress();
  let doc: ReportDocument;
  try {
    doc = await runReport(REPORTS, name, source, input, {
      progress: (stage, done) => progress.update(`reading ${stage}`, done, Math.max(sizes[stage], done)),
    });
  } catch (err) {
    if (err instanceof RangeError) throw new CliError(err.message, EXIT.usage);
    throw err;
  } finally {
    progress.stop();
  }
  const files = await writeReport(doc, format, out, ReportOptions.parse(input).listing_rows);
  ctx.out(`${doc.title} (${doc.from} to ${doc.to}) written to:`);
  for (const f of files) ctx.out(`  ${f}`);
}
