import type { Cell, Rag, ReportColumn } from '@stem-match/domain';

// How numbers read in every human-facing renderer (HTML, Markdown). CSV and JSON keep raw values.

const MISSING = '—';

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToOneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A count or measure with thousands separators: `12,345`, `4.5`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return (Number.isInteger(value) ? integer : upToOneDecimal).format(value);
}

/** A share (0–1) in percent: `0.435` → `43.5%`. */
export function formatPercent(share: number, digits = 1): string {
  if (!Number.isFinite(share)) return MISSING;
  const percent = share * 100;
  // No `-0.0%` for a tiny negative share.
  const shown = Math.abs(percent) < 0.5 * 10 ** -digits ? 0 : percent;
  const format = new Intl.NumberFormat('en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${format.format(shown)}%`;
}

/** A distance in km with one decimal, without the unit (column labels carry it): `1,234.5`. */
export function formatKm(km: number): string {
  if (!Number.isFinite(km)) return MISSING;
  return oneDecimal.format(km);
}

const RAG_LABEL: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

/** The RAG value a cell holds, if it holds one. */
export function ragOf(value: Cell): Rag | undefined {
  return value === 'red' || value === 'amber' || value === 'green' ? value : undefined;
}

/** One table cell as a person reads it; `—` for a missing value. */
export function formatCell(value: Cell, column: Pick<ReportColumn, 'kind'>): string {
  if (value === null) return MISSING;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') {
    const rag = column.kind === 'rag' ? ragOf(value) : undefined;
    return rag ? RAG_LABEL[rag] : value;
  }
  switch (column.kind) {
    case 'percent':
      return formatPercent(value);
    case 'km':
      return formatKm(value);
    default:
      return formatNumber(value);
  }
}

/** Whether a column's cells line up on the right (numbers). */
export function isNumericColumn(column: Pick<ReportColumn, 'kind'>): boolean {
  return column.kind === 'number' || column.kind === 'percent' || column.kind === 'km';
}
