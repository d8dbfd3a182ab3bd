import type { ReportDocument, ReportTable } from '@stem-match/domain';
import { formatCell, ragOf } from './format.js';

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');

function tableToMarkdown(t: ReportTable, maxRows: number): string[] {
  const shown = t.rows.slice(0, maxRows);
  const lines = [
    `**${cell(t.title)}**`,
    '',
    `| ${t.columns.map((c) => cell(c.label)).join(' | ')} |`,
    `| ${t.columns.map((c) => (c.kind === 'text' || c.kind === 'rag' || c.kind === 'date' ? '---' : '---:')).join(' | ')} |`,
    ...shown.map(
      (r) =>
        `| ${t.columns
          .map((c, i) => {
            const text = cell(formatCell(r[i] ?? null, c));
            return ragOf(r[i] ?? null) && c.kind === 'rag' ? `**${text}**` : text;
          })
          .join(' | ')} |`,
    ),
  ];
  if (t.rows.length === 0) lines.push('', '_None._');
  if (t.rows.length > shown.length)
    lines.push('', `_${t.rows.length - shown.length} more rows in the CSV and JSON formats._`);
  if (t.note) lines.push('', `_${cell(t.note)}_`);
  return [...lines, ''];
}

/** The report as Markdown: tables for every chart's numbers; long listings cut at `maxRows`. */
export function renderMarkdown(doc: ReportDocument, maxRows = 50): string {
  const filters = [
    doc.hub ? `hub ${doc.hub}` : 'all hubs',
    doc.from && doc.to ? `${doc.from} to ${doc.to}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const out = [`# ${doc.title}`, '', `_${filters}. Generated ${doc.generated_at} from ${doc.source}._`, ''];
  for (const s of doc.sections) {
    out.push(`## ${s.heading}`, '');
    for (const p of s.text) out.push(p, '');
    for (const c of s.charts)
      out.push(`_Chart “${c.title}”: its numbers are in the table “${titleOf(doc, c.table)}”._`, '');
    if (s.map)
      out.push(
        `_Map “${s.map.title}” (HTML format): its numbers are in the table “${titleOf(doc, s.map.table)}”._`,
        '',
      );
    for (const t of s.tables) out.push(...tableToMarkdown(t, maxRows));
  }
  if (doc.definitions.length > 0) {
    out.push('## Definitions', '');
    for (const d of doc.definitions) out.push(`- **${d.term}**: ${d.meaning}`);
    out.push('');
  }
  return out.join('\n');
}

function titleOf(doc: ReportDocument, id: string): string {
  return doc.sections.flatMap((s) => s.tables).find((t) => t.id === id)?.title ?? id;
}
