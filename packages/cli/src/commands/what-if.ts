import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Policy } from '@stem-match/domain';
import {
  BATCH_EXAMPLE,
  type Outcome,
  offersLine,
  parseRecruitText,
  type RecruitSpec,
  RecruitTextError,
  renderMarkdown,
  THREADS_FROM,
  WhatIfInputError,
  type WhatIfReport,
  whatIf,
} from '@stem-match/what-if';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { readSettingsFile } from '../json-file.js';
import { loadForCommand } from '../load.js';
import { integer, withEngineOptions } from '../options.js';
import { table } from '../summary.js';

interface WhatIfOpts {
  data: string;
  add: string[];
  top?: number;
  batch: string;
  candidates?: number;
  cellKm: number;
  threads: number;
  seed: number;
  today: string;
  policy?: string;
  timeLimit: number;
  format?: 'json' | 'md';
  out?: string;
  strict: boolean;
}

const SHOWN = 8;

export function registerWhatIf(program: Command, ctx: CommandContext): void {
  const command = program
    .command('what-if')
    .description(
      'Re-run the engine with hypothetical recruits: how many more requests (and Priority School requests) they would fill, and where recruiting would fill most',
    )
    .requiredOption('--data <dir>', 'dataset directory')
    .option(
      '--add <text>',
      'recruits to add, e.g. "10 chemistry KS3-KS4 ambassadors near TN34" (or near LAT,LON, or in E 530 N 110; optionally "offering careers_talk;talk"); repeatable, all added together',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--top <n>', 'rank the N best places to recruit by requests gained', integer(1, 100))
    .option('--batch <text>', 'the standard batch for --top (no place)', BATCH_EXAMPLE)
    .option(
      '--candidates <k>',
      'how many candidate places --top evaluates (default: max(2N, 10))',
      integer(1, 1000),
    )
    .option('--cell-km <km>', 'grid square size, as in the supply report', integer(1, 100), 10)
    .option(
      '--threads <n>',
      `worker threads for the re-runs of --top, from ${THREADS_FROM.toLocaleString('en-GB')} requests (default: the CPUs, at most 4)`,
      integer(1, 64),
      Math.min(availableParallelism(), 4),
    );
  withEngineOptions(
    command,
    'seed for the engine and the recruits’ draws',
    'stop improving each engine run after this long',
  )
    .addOption(new Option('--format <format>', 'format of --out').choices(['json', 'md']))
    .option('--out <file>', 'write the full result (every request gained or lost) to this file')
    .option('--strict', 'refuse to run if any input row has a problem (exit 3)', false)
    .addHelpText(
      'after',
      '\nExamples:\n  stem-match what-if --data data/ --add "10 chemistry KS3-KS4 ambassadors near TN34"\n' +
        '  stem-match what-if --data data/ --add "3 physics KS4 ambassadors near 50.86,0.58 offering careers_talk;talk"\n' +
        '  stem-match what-if --data data/ --top 10 --batch "5 ambassadors" --format md --out out/where.md',
    )
    .action(async (opts: WhatIfOpts) => {
      if (opts.add.length === 0 && opts.top === undefined)
        throw new CliError('say what to try: --add "…" (one or more) and/or --top N', EXIT.usage);
      if ((opts.out === undefined) !== (opts.format === undefined))
        throw new CliError('--out and --format go together (--format json|md --out FILE)', EXIT.usage);
      const add = opts.add.map((text) => readText(text, 'add'));
      const batch = readText(opts.batch, 'batch');
      const policy = await readSettingsFile(opts.policy, Policy, 'policy file');
      const dataset = await loadForCommand(ctx, opts.data, opts.strict);
      const progress = ctx.progress();
      let report: WhatIfReport;
      try {
        report = await whatIf(
          { ...dataset, requests: dataset.requests.filter((r) => r.status === 'open'), today: opts.today },
          {
            add,
            cellKm: opts.cellKm,
            ...(opts.top === undefined
              ? {}
              : {
                  top: {
                    n: opts.top,
                    batch,
                    ...(opts.candidates === undefined ? {} : { candidates: opts.candidates }),
                  },
                }),
          },
          {
            policy,
            seed: opts.seed,
            timeLimitMs: opts.timeLimit * 1000,
            threads: opts.threads,
            onProgress: (stage, done, total) => progress.update(stage, done, total),
          },
        );
      } catch (err) {
        // A place the data cannot locate is a problem with the command line, not the data.
        if (err instanceof WhatIfInputError) throw new CliError(err.message, EXIT.usage);
        throw err;
      } finally {
        progress.stop();
      }
      ctx.out(formatSummary(report));
      if (opts.out && opts.format) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(
          opts.out,
          opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report),
        );
        ctx.out(`Written to ${opts.out}`);
      }
    });
}

function readText(text: string, kind: 'add' | 'batch'): RecruitSpec {
  try {
    return parseRecruitText(text, kind);
  } catch (err) {
    if (err instanceof RecruitTextError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

function listed(ids: readonly string[]): string {
  if (ids.length === 0) return 'none';
  return ids.length <= SHOWN
    ? ids.join(', ')
    : `${ids.slice(0, SHOWN).join(', ')} … and ${ids.length - SHOWN} more`;
}

function outcomeRows(o: Outcome): Array<[string, string]> {
  const ids = (xs: Outcome['newly_served']) =>
    xs.map((x) => (x.priority ? `${x.request_id} (Priority)` : x.request_id));
  return [
    ['requests served', signed(o.requests_more)],
    ['Priority School requests', signed(o.priority_more)],
    ['newly served', listed(ids(o.newly_served))],
    ['no longer served', listed(ids(o.no_longer_served))],
    ['recruits used', `${o.recruits_used} (${o.recruit_sessions} sessions)`],
    [
      're-solved',
      `${o.requests_resolved} requests in ${o.parts_resolved} part(s); ${o.touched_requests} a recruit could take`,
    ],
  ];
}

function formatSummary(r: WhatIfReport): string {
  const b = r.baseline;
  const lines = [
    `What-if (engine, ${r.today}, seed ${r.seed}) — baseline ${b.filled.toLocaleString('en-GB')} of ${b.requests.toLocaleString('en-GB')} requests filled, Priority School requests ${b.priority_filled} of ${b.priority_requests} (${b.seconds.toFixed(1)} s)`,
  ];
  if (r.added) {
    for (const x of r.added.batches)
      lines.push(
        `Added "${x.text}": at ${x.place.label} (${x.place.lat}, ${x.place.lon}), offering ${offersLine(x)}`,
      );
    lines.push(table(outcomeRows(r.added.outcome)), `  (${r.added.seconds.toFixed(1)} s)`);
  }
  if (r.top) {
    lines.push(
      `Best places to recruit "${r.top.batch}" (${r.top.ranking.length} of ${r.top.candidates} candidate places, ${r.top.seconds.toFixed(1)} s):`,
      table(
        r.top.ranking.map((p) => [
          `${String(p.rank).padStart(2)}. ${p.batch.place.label}`,
          `${signed(p.outcome.priority_more)} Priority, ${signed(p.outcome.requests_more)} requests (unfilled there ${p.unmet}, Priority ${p.unmet_priority}); offering ${offersLine(p.batch)}`,
        ]),
      ),
    );
  }
  return lines.join('\n');
}
