import type { Chart, ReportDocument, ReportMap, ReportSection, ReportTable } from '@stem-match/domain';
import { escapeHtml } from './escape.js';
import { STYLE } from './html-style.js';
import { renderTable, tableAnchor } from './html-table.js';
import { renderChart } from './svg-charts.js';
import { renderMap } from './svg-map.js';

// A report document as one self-contained HTML page: inline CSS, charts and map as inline SVG,
// no scripts and nothing fetched. Every chart and map sits beside the table with its numbers.

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
  timeZoneName: 'short',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function formatDate(date: string): string {
  return dateOnly.format(new Date(`${date}T00:00:00Z`));
}

function period(doc: ReportDocument): string {
  if (doc.from && doc.to) return `${formatDate(doc.from)} – ${formatDate(doc.to)}`;
  if (doc.from) return `From ${formatDate(doc.from)}`;
  if (doc.to) return `Up to ${formatDate(doc.to)}`;
  return 'All dates';
}

function header(doc: ReportDocument): string {
  const generated = new Date(doc.generated_at);
  const items: [string, string][] = [
    [
      'Generated',
      `<time datetime="${escapeHtml(doc.generated_at)}">${escapeHtml(Number.isNaN(generated.getTime()) ? doc.generated_at : dateTime.format(generated))}</time>`,
    ],
    ['Hub', escapeHtml(doc.hub ?? 'All hubs')],
    ['Period', escapeHtml(period(doc))],
    ['Source', escapeHtml(doc.source)],
  ];
  const meta = items.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join('');
  return (
    `<header class="report-header"><div><p class="kicker">STEM Match · ${escapeHtml(doc.report)} report</p>` +
    `<h1>${escapeHtml(doc.title)}</h1><dl class="meta">${meta}</dl></div></header>`
  );
}

type Visual = { kind: 'chart'; chart: Chart } | { kind: 'map'; map: ReportMap };

interface Page {
  /** Table titles by id: a figure links to its table only if the document has it. */
  tables: Map<string, string>;
  figures: number;
}

function figure(visual: Visual, page: Page): string {
  const n = ++page.figures;
  const { title, table } = visual.kind === 'chart' ? visual.chart : visual.map;
  const svg = visual.kind === 'chart' ? renderChart(visual.chart) : renderMap(visual.map);
  const noteId = `figure-${n}-data`;
  const tableTitle = page.tables.get(table);
  const link =
    tableTitle === undefined
      ? 'The numbers are not tabled in this report.'
      : `The numbers: table <a href="#${tableAnchor(table)}">${escapeHtml(tableTitle)}</a>.`;
  return (
    `<figure id="figure-${n}" class="${visual.kind}" aria-describedby="${noteId}"${tableTitle === undefined ? '' : ` data-table="${escapeHtml(table)}"`}>` +
    `<figcaption>${escapeHtml(title)}</figcaption>${svg}<p class="data-link" id="${noteId}">${link}</p></figure>`
  );
}

function section(part: ReportSection, index: number, page: Page): string {
  const visuals: Visual[] = [
    ...(part.map ? [{ kind: 'map' as const, map: part.map }] : []),
    ...part.charts.map((chart) => ({ kind: 'chart' as const, chart })),
  ];
  const tableOf = (v: Visual) => (v.kind === 'chart' ? v.chart.table : v.map.table);
  const placed = new Set<Visual>();
  const blocks: string[] = part.tables.map((table: ReportTable) => {
    const mine = visuals.filter((v) => !placed.has(v) && tableOf(v) === table.id);
    for (const v of mine) placed.add(v);
    const figures = mine.length
      ? `<div class="figures">${mine.map((v) => figure(v, page)).join('')}</div>`
      : '';
    return `<div class="pair">${figures}${renderTable(table)}</div>`;
  });
  // Charts whose table is in another section still appear here, with a link to it.
  const rest = visuals.filter((v) => !placed.has(v));
  if (rest.length)
    blocks.unshift(
      `<div class="pair"><div class="figures">${rest.map((v) => figure(v, page)).join('')}</div></div>`,
    );
  const text = part.text.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  return (
    `<section class="report-section" id="section-${index + 1}" aria-labelledby="section-${index + 1}-heading">` +
    `<h2 id="section-${index + 1}-heading">${escapeHtml(part.heading)}</h2>${text}${blocks.join('\n')}</section>`
  );
}

function contents(doc: ReportDocument): string {
  const links = doc.sections.map(
    (s, i) => `<li><a href="#section-${i + 1}">${escapeHtml(s.heading)}</a></li>`,
  );
  if (doc.definitions.length) links.push('<li><a href="#definitions">Definitions</a></li>');
  return links.length > 1
    ? `<nav class="contents" aria-label="Contents"><ol>${links.join('')}</ol></nav>`
    : '';
}

function definitions(doc: ReportDocument): string {
  if (!doc.definitions.length) return '';
  const items = doc.definitions.map((d) => `<dt>${escapeHtml(d.term)}</dt><dd>${escapeHtml(d.meaning)}</dd>`);
  return (
    `<section class="report-section definitions" id="definitions" aria-labelledby="definitions-heading">` +
    `<h2 id="definitions-heading">Definitions</h2><dl>${items.join('')}</dl></section>`
  );
}

/** The document as one self-contained HTML page (opens offline; no scripts, fonts or images to fetch). */
export function renderHtml(doc: ReportDocument): string {
  const tables = new Map(doc.sections.flatMap((s) => s.tables.map((t) => [t.id, t.title] as const)));
  const page: Page = { tables, figures: 0 };
  const body = doc.sections.map((s, i) => section(s, i, page)).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    header(doc),
    `<main>${contents(doc)}${body}${definitions(doc)}</main>`,
    `<footer>STEM Match · ${escapeHtml(doc.report)} report · source: ${escapeHtml(doc.source)} · generated ${escapeHtml(doc.generated_at)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
