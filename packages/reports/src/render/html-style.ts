// The page's only stylesheet, inlined: system fonts, no external resources, and print rules.

export const STYLE = `
:root {
  --ink: #1c2430; --muted: #5a6472; --rule: #d9dee4; --panel: #f6f8fa; --accent: #0b5394;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #fff; line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; }
main, .report-header > div, footer { max-width: 1240px; margin: 0 auto; padding: 0 28px; }
.report-header { background: #0b2540; color: #fff; padding: 26px 0 22px; margin-bottom: 24px; }
.kicker { margin: 0 0 4px; font-size: 13px; letter-spacing: .06em; text-transform: uppercase; color: #a9c4e0; }
h1 { margin: 0 0 16px; font-size: 30px; line-height: 1.2; font-weight: 650; }
.meta { display: flex; flex-wrap: wrap; gap: 10px 36px; margin: 0; font-size: 14px; }
.meta dt { color: #a9c4e0; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.meta dd { margin: 2px 0 0; font-weight: 500; }
nav.contents { font-size: 14px; margin-bottom: 8px; }
nav.contents ol { display: flex; flex-wrap: wrap; gap: 4px 22px; padding: 0; margin: 0; list-style: none; }
nav.contents a { color: var(--accent); }
section.report-section { border-top: 1px solid var(--rule); padding: 18px 0 8px; }
h2 { font-size: 22px; margin: 6px 0 10px; }
section p { max-width: 78ch; }
.pair { display: flex; flex-wrap: wrap; gap: 18px 32px; align-items: flex-start; margin: 18px 0 26px; }
.figures { display: flex; flex-direction: column; gap: 18px; flex: 0 1 auto; max-width: 100%; }
figure { margin: 0; padding: 14px 16px 10px; border: 1px solid var(--rule); border-radius: 6px; background: #fff; max-width: 100%; }
figcaption { font-weight: 600; font-size: 15px; margin-bottom: 8px; }
.data-link { margin: 6px 0 0; font-size: 13px; color: var(--muted); }
.data-link a { color: var(--accent); }
svg { display: block; max-width: 100%; height: auto; font-family: inherit; overflow: hidden; }
svg text { fill: #333; }
svg .grid { stroke: #e6e9ed; stroke-width: 1; }
svg .axis { stroke: #6b7380; stroke-width: 1; }
svg .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .bar:hover, svg .point:hover, svg .unmet:hover, svg .coverage:hover { stroke: #000; stroke-width: 1.5; }
.table-block { flex: 1 1 340px; min-width: 0; max-width: 100%; }
.table-block.wide { flex-basis: 100%; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 14px; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; font-size: 15px; padding: 0 0 8px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #9aa3ad; font-size: 13px; color: var(--muted); font-weight: 600; vertical-align: bottom; }
tbody th { font-weight: 500; }
tbody tr:nth-child(even) { background: var(--panel); }
.num { text-align: right; }
td.num { white-space: nowrap; }
td { min-width: 4em; }
td.empty { color: var(--muted); font-style: italic; }
.note { font-size: 13px; color: var(--muted); margin: 6px 0 0; }
.rag { display: inline-block; min-width: 4.2em; text-align: center; padding: 1px 8px; border-radius: 10px;
  font-size: 12px; font-weight: 600; border: 1px solid transparent; }
.rag-red { background: #b42318; color: #fff; }
.rag-amber { background: #f5b700; color: #2b2100; }
.rag-green { background: #1e7b3a; color: #fff; }
.definitions dl { display: grid; grid-template-columns: minmax(160px, max-content) 1fr; gap: 6px 20px; font-size: 14px; }
.definitions dt { font-weight: 600; }
.definitions dd { margin: 0; }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 10px; padding-bottom: 24px; margin-top: 16px; }
@media print {
  @page { margin: 14mm; }
  :root { font-size: 11pt; }
  .report-header { background: none; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid var(--ink); }
  .kicker, .meta dt { color: var(--muted); }
  main, .report-header > div, footer { max-width: none; padding: 0; }
  nav.contents { display: none; }
  figure { border: none; padding: 0; }
  figure, tr, .rag, .definitions dd { break-inside: avoid; }
  .definitions dt { break-after: avoid; }
  h2, caption, figcaption { break-after: avoid; }
  thead { display: table-header-group; }
  .table-scroll { overflow: visible; }
  .rag, .rag-cell, svg { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
