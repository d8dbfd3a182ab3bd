import { NotFoundError } from '@stem-match/domain';
import type { ScoreComponents } from '@stem-match/matching';
import {
  type AssignmentReason,
  type ReplayDifference,
  ReplayError,
  type ReplayReport,
  type RequestOutcome,
  replayRun,
  weakestOf,
} from '@stem-match/worker-matcher';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { integer } from '../options.js';
import { withService } from '../service.js';

/** At most this many differing requests are printed (all are in --json). */
const DIFF_ROWS = 20;

export function registerReplay(program: Command, ctx: CommandContext): void {
  program
    .command('replay <run>')
    .description(
      'Replay a match run from its stored inputs: check their digest, match again, confirm the result is bit for bit the recorded one, and show why each assignment beat the runner-up',
    )
    .option('--request <hub:id>', 'only this request (and only the part of the run holding it)')
    .option('--json', 'print the whole replay report as JSON', false)
    .option(
      '--limit <n>',
      "print at most this many requests' reasons (all are checked)",
      integer(0, 1_000_000),
    )
    .action(async (runId: string, opts: { request?: string; json: boolean; limit?: number }) => {
      const report = await withService('producer', async ({ store }) => {
        try {
          return await replayRun(store, runId, opts.request === undefined ? {} : { request: opts.request });
        } catch (err) {
          if (err instanceof NotFoundError || err instanceof ReplayError)
            throw new CliError(err.message, EXIT.failed);
          throw err;
        }
      });
      if (opts.json) ctx.out(JSON.stringify(report, null, 2));
      else printReport(ctx, report, opts.limit);
      if (!report.ok) ctx.exit(EXIT.failed);
    });
}

function printReport(ctx: CommandContext, r: ReplayReport, limit = Number.POSITIVE_INFINITY): void {
  ctx.out(
    `Run ${r.run.id} (${r.run.status}, policy ${r.run.policy_version || 'unnamed'}, started ${r.run.started_at}): inputs sha256 ${r.input_digest}`,
  );
  for (const p of r.parts) {
    const amended = p.amendments.map((a) => `; amended by an erasure on ${a.at.slice(0, 10)}`).join('');
    const verdict = {
      identical: `replayed in ${p.seconds} s: identical, output sha256 ${p.recorded_output_digest.slice(0, 16)}…`,
      different: `replayed in ${p.seconds} s: DIFFERENT (recorded ${p.recorded_output_digest.slice(0, 16)}…, replay ${p.replayed_output_digest?.slice(0, 16)}…)`,
      tampered: 'NOT REPLAYED: stored inputs or result changed since the run',
      not_stored: 'not replayable: only digests kept (over the size limit)',
    }[p.status];
    ctx.out(
      `  part ${p.part}: ${p.requests} requests, seed ${p.seed}, policy ${p.policy_version}, inputs sha256 ${p.input_digest.slice(0, 16)}…${amended} — ${verdict}`,
    );
  }
  for (const problem of r.problems) ctx.err(`problem: ${problem}`);
  for (const d of r.differences.slice(0, DIFF_ROWS)) ctx.err(describeDifference(d));
  if (r.differences.length > DIFF_ROWS)
    ctx.err(`  … and ${r.differences.length - DIFF_ROWS} more (see --json)`);
  ctx.out(
    r.ok
      ? 'Replay identical to the recorded run, bit for bit.'
      : 'Replay does NOT reproduce the recorded run (see the problems above).',
  );
  if (r.reasons.length === 0) return;
  ctx.out('');
  ctx.out('Why each assignment (score = continuity + subject fit + travel + load; higher is better):');
  for (const reason of r.reasons.slice(0, limit)) for (const line of describeReason(reason)) ctx.out(line);
  if (r.reasons.length > limit)
    ctx.out(`… and ${r.reasons.length - limit} more requests (without --limit, or with --json)`);
}

const fmt = (n: number): string => String(Math.round(n * 1000) / 1000);
const scoreLine = (s: ScoreComponents): string =>
  `${fmt(s.total)} = continuity ${fmt(s.continuity)} + subject fit ${fmt(s.subject_fit)} + travel ${fmt(s.travel)} + load ${fmt(s.load)}`;

const LABEL: Record<string, string> = {
  continuity: 'continuity (has worked with this organisation)',
  subject_fit: 'subject fit',
  travel: 'travel',
  load: 'load spread (recent activities)',
};

export function describeReason(reason: AssignmentReason): string[] {
  const o = reason.outcome;
  if (!o.filled)
    return [
      `${reason.request}: not filled — ${o.reason} (${o.assigned} of ${o.needed} ambassadors could be found together${o.taken_by.length > 0 ? `; candidates held by ${o.taken_by.join(', ')}` : ''})`,
    ];
  const first = o.ambassadors[0]!.sessions[0]!;
  const lines = [
    `${reason.request}: ${o.ambassadors.map((a) => `${a.ambassador_id} (${a.mode === 'online' ? 'online' : `${fmt(a.distance_km)} km`})`).join(', ')}, first session ${first.start}`,
  ];
  for (const a of o.ambassadors)
    lines.push(`  chosen     ${a.ambassador_id.padEnd(10)} ${scoreLine(a.score)}`);
  const ru = reason.runner_up;
  if (!ru) {
    lines.push('  runner-up  none: no other ambassador could take every session at that time');
    return lines;
  }
  lines.push(
    `  runner-up  ${ru.ambassador_id.padEnd(10)} ${scoreLine(ru.score)} (${ru.mode === 'online' ? 'online' : `${fmt(ru.distance_km)} km`})`,
  );
  const weakest = weakestOf(o.ambassadors);
  const gap = weakest.score.total - ru.score.total;
  const margin = (reason.margin ?? []).map(
    (m) => `${LABEL[m.component]} ${m.chosen - m.runner_up > 0 ? '+' : ''}${fmt(m.chosen - m.runner_up)}`,
  );
  lines.push(
    gap > 0
      ? `  ${weakest.ambassador_id} scored ${fmt(gap)} more: ${margin.join(', ')}`
      : gap === 0
        ? `  a tie on score (${margin.length > 0 ? margin.join(', ') : 'every component equal'}): either would serve as well; the engine's seeded search settled on the chosen one`
        : `  the runner-up scores ${fmt(-gap)} more on its own (${margin.join(', ')}); the chosen set fills more requests overall (the objective ranks fills before quality)`,
  );
  return lines;
}

function describeOutcome(o: RequestOutcome | undefined): string {
  if (!o) return 'absent';
  if (!o.filled) return `unfilled (${o.reason}, ${o.assigned}/${o.needed})`;
  return `filled by ${o.ambassadors.map((a) => `${a.ambassador_id} from ${a.sessions[0]!.start} (score ${fmt(a.score.total)})`).join(', ')}`;
}

function describeDifference(d: ReplayDifference): string {
  return `  part ${d.part} ${d.request}: recorded ${describeOutcome(d.recorded)}; replay ${describeOutcome(d.replayed)}`;
}
