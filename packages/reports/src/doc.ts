import type { Cell, ReportColumn, ReportTable } from '@stem-match/domain';

export const column = (key: string, label: string, kind: ReportColumn['kind'] = 'text'): ReportColumn => ({
  key,
  label,
  kind,
});

export function table(
  id: string,
  title: string,
  columns: ReportColumn[],
  rows: Cell[][],
  note?: string,
): ReportTable {
  return { id, title, columns, rows, ...(note ? { note } : {}) };
}

/** A table's column values by key, for charts built from the same numbers. */
export function columnValues(t: ReportTable, key: string): Cell[] {
  const i = t.columns.findIndex((c) => c.key === key);
  if (i < 0) throw new Error(`table ${t.id} has no column ${key}`);
  return t.rows.map((r) => r[i] ?? null);
}

export const numbers = (cells: Cell[]): number[] => cells.map((c) => (typeof c === 'number' ? c : 0));
