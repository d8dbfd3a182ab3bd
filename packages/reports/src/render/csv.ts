import type { Cell, ReportTable } from '@stem-match/domain';
import { stringify } from 'csv-stringify/sync';

/**
 * A cell a spreadsheet would run as a formula (it starts with = + - @, or a tab or carriage return)
 * gets a leading apostrophe, so an organisation named `=HYPERLINK(…)` stays text. Numbers are written
 * as numbers: a negative change is data, not a formula.
 */
export function neutralise(cell: Cell): string | number | boolean {
  if (cell === null) return '';
  if (typeof cell !== 'string') return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. */
export function tableToCsv(t: ReportTable): string {
  return stringify([t.columns.map((c) => c.key), ...t.rows.map((r) => r.map(neutralise))], {
    record_delimiter: '\r\n',
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  });
}
