import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

const HEADER = `# Benchmarks

Every figure here comes from \`pnpm bench <name>\` on the project's 2-core machine, written by the
benchmark itself. Speed claims are ratios against a baseline measured in the same run, because
machines are noisy. Each section says the command that produced it.
`;

/** Replaces (or appends) one benchmark's section of docs/benchmarks.md, leaving the others alone. */
export async function writeSection(path: string, name: string, body: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const current = existsSync(path) ? await readFile(path, 'utf8') : HEADER;
  const block = `${start}\n${body.trim()}\n${end}`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(path, next);
}

export function markdownTable(
  head: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
