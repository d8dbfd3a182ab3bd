import { type CsvProblem, describeGiven } from '@stem-match/domain';
import type * as z from 'zod';
import { type CsvFile, csvProblem } from './read-csv.js';

export interface Decoded<T> {
  records: T[];
  problems: CsvProblem[];
  warnings: string[];
}

export interface DecodeOptions {
  /** Columns without which no row can be read. */
  required: readonly string[];
  /** The column holding each record's id: a repeated id is a problem on the later row. */
  idColumn?: string;
  /** Columns whose values are never echoed in problems. */
  personal?: readonly string[];
}

/**
 * Decodes CSV rows with a row codec (cells -> typed fields) and then the entity schema (cross-field
 * rules), turning every zod issue into a problem naming file, line, column, value and what was
 * expected. Good rows are always kept.
 */
export function decodeRows<T>(
  csv: CsvFile,
  row: z.ZodType<unknown, Record<string, string>>,
  entity: z.ZodType<T>,
  options: DecodeOptions,
): Decoded<T> {
  const problems: CsvProblem[] = [...csv.problems];
  const warnings: string[] = [];
  const missing = options.required.filter((c) => !csv.header.includes(c));
  if (missing.length > 0) {
    problems.push(
      csvProblem(
        csv.file,
        1,
        missing.join(', '),
        csv.header.length ? csv.header.join(', ') : 'no header',
        `the column(s) ${missing.join(', ')}; no row could be read without them`,
      ),
    );
    return { records: [], problems, warnings };
  }
  const known = new Set(Object.keys((row as unknown as { shape: Record<string, unknown> }).shape));
  const extra = csv.header.filter((h) => !known.has(h));
  if (extra.length > 0) warnings.push(`${csv.file}: ignored column(s) ${extra.join(', ')}`);

  const records: T[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of csv.rows) {
    const cells: Record<string, string> = {};
    for (const column of known) cells[column] = record[column] ?? '';
    const problem = (column: string, expected: string) =>
      problems.push(
        csvProblem(
          csv.file,
          line,
          column,
          describeGiven(record[column], options.personal?.includes(column)),
          expected,
        ),
      );
    const decoded = row.safeParse(cells);
    if (!decoded.success) {
      for (const issue of decoded.error.issues) problem(String(issue.path[0] ?? '(row)'), issue.message);
      continue;
    }
    const valid = entity.safeParse(decoded.data);
    if (!valid.success) {
      for (const issue of valid.error.issues) problem(String(issue.path[0] ?? '(row)'), issue.message);
      continue;
    }
    if (options.idColumn) {
      const id = String(record[options.idColumn] ?? '').trim();
      const first = seen.get(id);
      if (first !== undefined) {
        problem(options.idColumn, `a unique id; it is already used on line ${first}`);
        continue;
      }
      seen.set(id, line);
    }
    records.push(valid.data);
  }
  return { records, problems, warnings };
}
