import { loadDataset } from '@stem-match/dataset';
import { type CsvProblem, type Dataset, formatCsvProblem } from '@stem-match/domain';
import type { CommandContext } from './context.js';
import { CliError, EXIT } from './exit-codes.js';

const SHOWN_PROBLEMS = 10;

/**
 * Loads a dataset directory with a progress bar, tells the user about every bad row (the first few
 * in full, then a count), keeps the good rows, and stops only when `strict` is asked for.
 */
export async function loadForCommand(ctx: CommandContext, dir: string, strict: boolean): Promise<Dataset> {
  const progress = ctx.progress();
  const loaded = await loadDataset(dir, {
    onProgress: (stage, done, total) => progress.update(stage, done, total),
  });
  progress.stop();
  for (const w of loaded.warnings) ctx.err(`warning: ${w}`);
  reportProblems(ctx, loaded.problems);
  if (strict && loaded.problems.length > 0) {
    throw new CliError(`${loaded.problems.length} problem(s) in ${dir} and --strict was given`, EXIT.badData);
  }
  return loaded.dataset;
}

/** Tells the user about bad rows in file and line order; returns how many rows they cost. */
export function reportProblems(ctx: CommandContext, problems: readonly CsvProblem[]): number {
  const rows = new Set(problems.map((p) => `${p.file}:${p.line}`)).size;
  if (problems.length === 0) return 0;
  const ordered = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  ctx.err(
    `${problems.length} problem(s) in ${rows} row(s); those rows were left out, every other row was kept:`,
  );
  for (const p of ordered.slice(0, SHOWN_PROBLEMS)) ctx.err(`  ${formatCsvProblem(p)}`);
  if (problems.length > SHOWN_PROBLEMS) ctx.err(`  … and ${problems.length - SHOWN_PROBLEMS} more`);
  return rows;
}
