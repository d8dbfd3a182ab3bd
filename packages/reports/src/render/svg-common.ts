import { escapeHtml } from './escape.js';
import { formatNumber, formatPercent } from './format.js';

// Small shared pieces for the SVG charts and the map: palette, axis ticks, text sizes.

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'] as const;

export function seriesColour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** SVG coordinates with at most one decimal, to keep the markup small. */
export function r1(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Rough width of a label in px for the system sans-serif font (good enough for layout). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.56;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

export interface Scale {
  lo: number;
  hi: number;
  ticks: number[];
  step: number;
}

/** A linear axis from `lo` to `hi` extended to round ticks (about `count` of them). */
export function niceScale(lo: number, hi: number, count: number, integers: boolean): Scale {
  const top = hi > lo ? hi : lo + (integers ? Math.max(1, count) : 1);
  const raw = (top - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  let step = (error >= 7.07 ? 10 : error >= 3.16 ? 5 : error >= 1.41 ? 2 : 1) * power;
  if (integers && step < 1) step = 1;
  const first = Math.floor(lo / step);
  const last = Math.ceil(top / step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return { lo: first * step, hi: last * step, ticks, step };
}

/** Tick label in the chart's unit; percent ticks get decimals only when the step needs them. */
export function tickLabel(value: number, percent: boolean, step: number): string {
  if (!percent) return formatNumber(value);
  const digits = Math.max(0, -Math.floor(Math.log10(step * 100) + 1e-9));
  return formatPercent(value, digits);
}

export function valueLabel(value: number, percent: boolean): string {
  return percent ? formatPercent(value) : formatNumber(value);
}

/** A round value (a target) without needless decimals: `60%`, but `62.5%`. */
export function roundLabel(value: number, percent: boolean): string {
  if (!percent) return formatNumber(value);
  return formatPercent(value, Number.isInteger(Math.round(value * 1e6) / 1e4) ? 0 : 1);
}

export interface LegendItem {
  label: string;
  /** The swatch: SVG drawn in a 16×12 box with its top-left at (0, 0). */
  swatch: string;
}

/** A legend laid out in rows across `width`, starting at (x, y); returns the markup and its height. */
export function legendRow(items: LegendItem[], x: number, y: number, width: number): [string, number] {
  const fontSize = 12;
  let cx = x;
  let cy = y;
  const parts: string[] = [];
  for (const item of items) {
    const label = truncate(item.label, 40);
    const w = 22 + textWidth(label, fontSize) + 18;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += 20;
    }
    parts.push(
      `<g transform="translate(${r1(cx)},${r1(cy)})">${item.swatch}` +
        `<text x="22" y="10" font-size="${fontSize}">${escapeHtml(label)}</text></g>`,
    );
    cx += w;
  }
  return [`<g class="legend">${parts.join('')}</g>`, cy - y + 20];
}

/** The opening tag of an accessible SVG figure. */
export function svgOpen(width: number, height: number, label: string, className: string): string {
  return (
    `<svg class="${className}" viewBox="0 0 ${r1(width)} ${r1(height)}" ` +
    `width="${r1(width)}" height="${r1(height)}" role="img" aria-label="${escapeHtml(label)}">`
  );
}
