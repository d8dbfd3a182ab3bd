import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type CsvProblem, LimitExceededError } from '@stem-match/domain';
import { parse } from 'csv-parse/sync';

/** Files larger than this are refused, not loaded (the national GIAS export is about 60 MB). */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export interface CsvRow {
  /** 1-based line of the file on which the record starts (the header is line 1). */
  line: number;
  record: Record<string, string>;
}

export interface CsvFile {
  file: string;
  header: string[];
  rows: CsvRow[];
  problems: CsvProblem[];
  encoding: 'utf-8' | 'windows-1252';
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F (WHATWG encoding standard). Node builds
// without full ICU decode "windows-1252" as Latin-1, so those 32 bytes are mapped here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b);
  return out;
}

/** UTF-8 (with or without BOM), else Windows-1252 — the encoding the GIAS export is published in. */
function decode(bytes: Buffer): { text: string; encoding: CsvFile['encoding'] } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

type Parsed = Array<{ line: number; cells: string[] }>;

/** A problem in one cell (or, with column `(row)`, one whole row) of a CSV file. */
export function csvProblem(
  file: string,
  line: number,
  column: string,
  given: string,
  expected: string,
): CsvProblem {
  return { file, line, column, field: column, given, expected };
}

function parseAll(text: string): Parsed {
  const records = parse(text, {
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as unknown as Array<{
    record: string[];
    info: { lines: number; records: number };
  }>;
  // info.lines is the line a record ends on; a record starts after the previous one ends.
  let previousEnd = 0;
  return records.map(({ record, info }) => {
    const start = previousEnd + 1;
    previousEnd = info.lines;
    return { line: start, cells: record };
  });
}

/** Lines a quoted cell may span before its row is taken for broken (an unclosed quote). */
const MAX_CELL_LINES = 20;

const quotes = (text: string): number => text.split('"').length - 1;

/**
 * When quoting is broken, parse line by line so one bad line costs one row, not the rest of the file.
 * A row whose quotes are unbalanced may be a quoted cell with line breaks (a CRM's notes column):
 * its following lines are joined on while the quotes stay unbalanced, and kept if they make a row
 * of the header's width; otherwise that first line alone is the broken row and the next is read anew.
 */
function parseByLine(text: string, file: string, problems: CsvProblem[]): Parsed {
  const out: Parsed = [];
  const lines = text.split(/\r?\n/);
  let width: number | undefined;
  const parseOne = (chunk: string): string[] | undefined => {
    try {
      return (parse(chunk, { relax_column_count: true }) as string[][])[0];
    } catch {
      return undefined;
    }
  };
  /** The row starting on line `i` if a quoted cell of it runs on over the next lines to a full row. */
  const spanning = (i: number): { cells: string[]; last: number } | undefined => {
    if (width === undefined || quotes(lines[i]!) % 2 === 0) return undefined;
    let chunk = lines[i]!;
    for (let j = i + 1; j < lines.length && j - i < MAX_CELL_LINES; j++) {
      chunk += `\n${lines[j]}`;
      if (quotes(chunk) % 2 === 1) continue;
      const cells = parseOne(chunk);
      return cells?.length === width ? { cells, last: j } : undefined;
    }
    return undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const joined = spanning(i);
    if (joined) {
      out.push({ line: i + 1, cells: joined.cells });
      i = joined.last;
      continue;
    }
    try {
      const [cells] = parse(raw, { relax_column_count: true }) as string[][];
      if (cells) {
        out.push({ line: i + 1, cells });
        width ??= cells.length;
      }
    } catch (err) {
      problems.push(
        csvProblem(
          file,
          i + 1,
          '(row)',
          raw.length > 60 ? `${JSON.stringify(raw.slice(0, 60))}…` : JSON.stringify(raw),
          `a well-formed CSV row (${err instanceof Error ? err.message.replace(/ at line \d+.*$/, '') : 'parse error'})`,
        ),
      );
    }
  }
  return out;
}

/** Reads a CSV file into header + rows keyed by column, reporting broken rows and keeping the others. */
export async function readCsvFile(path: string, options: { maxBytes?: number } = {}): Promise<CsvFile> {
  const file = basename(path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { size } = await stat(path);
  if (size > maxBytes) {
    throw new LimitExceededError(
      `${file} is ${size.toLocaleString('en-GB')} bytes, over the limit of ${maxBytes.toLocaleString('en-GB')}`,
    );
  }
  const { text, encoding } = decode(await readFile(path));
  const problems: CsvProblem[] = [];
  let parsed: Parsed;
  try {
    parsed = parseAll(text);
  } catch {
    parsed = parseByLine(text, file, problems);
  }
  const [head, ...body] = parsed;
  const header = (head?.cells ?? []).map((h) => h.trim());
  const rows: CsvRow[] = [];
  for (const { line, cells } of body) {
    if (cells.length !== header.length) {
      problems.push(
        csvProblem(
          file,
          line,
          '(row)',
          `${cells.length} cells`,
          `${header.length} cells, one per column of the header`,
        ),
      );
      continue;
    }
    // No prototype: a column named __proto__ must stay a column.
    const record = Object.create(null) as Record<string, string>;
    header.forEach((h, i) => {
      record[h] = cells[i]!;
    });
    rows.push({ line, record });
  }
  return { file, header, rows, problems, encoding };
}
