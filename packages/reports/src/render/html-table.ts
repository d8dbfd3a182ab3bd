import type { Cell, ReportColumn, ReportTable } from '@stem-match/domain';
import { escapeHtml } from './escape.js';
import { formatCell, isNumericColumn, ragOf } from './format.js';

// A report table as an accessible HTML table: caption, column headers, row headers for a text
// first column, numbers right-aligned, RAG cells as badges that carry their word as well as colour.

/** The HTML id of a report table, also the target of the links from its charts and map. */
export function tableAnchor(id: string): string {
  return `table-${id}`;
}

function cellContent(value: Cell, column: ReportColumn): string {
  const text = escapeHtml(formatCell(value, column));
  const rag = column.kind === 'rag' ? ragOf(value) : undefined;
  return rag ? `<span class="rag rag-${rag}">${text}</span>` : text;
}

function cellClass(column: ReportColumn): string {
  if (isNumericColumn(column)) return ' class="num"';
  return column.kind === 'rag' ? ' class="rag-cell"' : '';
}

/** Tables with more columns than this take the full width rather than sitting beside a chart. */
const WIDE = 4;

export function renderTable(table: ReportTable): string {
  const { columns } = table;
  const rowHeaders = columns[0]?.kind === 'text' || columns[0]?.kind === 'date';
  const head = columns.map((c) => `<th scope="col"${cellClass(c)}>${escapeHtml(c.label)}</th>`).join('');
  const rows = table.rows.map((row) => {
    const cells = columns.map((column, i) => {
      const tag = i === 0 && rowHeaders ? 'th scope="row"' : 'td';
      return `<${tag}${cellClass(column)}>${cellContent(row[i] ?? null, column)}</${tag.slice(0, 2)}>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  if (rows.length === 0) rows.push(`<tr><td colspan="${columns.length}" class="empty">No rows</td></tr>`);
  const note = table.note ? `<p class="note">${escapeHtml(table.note)}</p>` : '';
  return (
    `<div class="table-block${columns.length > WIDE ? ' wide' : ''}"><div class="table-scroll"><table id="${tableAnchor(table.id)}">` +
    `<caption>${escapeHtml(table.title)}</caption><thead><tr>${head}</tr></thead>` +
    `<tbody>${rows.join('\n')}</tbody></table></div>${note}</div>`
  );
}
