import type { BarChart, Chart, LineChart } from '@stem-match/domain';
import { escapeHtml } from './escape.js';
import {
  type LegendItem,
  legendRow,
  niceScale,
  r1,
  roundLabel,
  type Scale,
  seriesColour,
  svgOpen,
  textWidth,
  tickLabel,
  truncate,
  valueLabel,
} from './svg-common.js';

// Bar and line charts as inline SVG. Every data mark has a class (`bar`, `series-line`, `point`)
// and a <title> with its value; the same numbers are in the table the chart names.

const WIDTH = 720;
const PLOT_HEIGHT = 230;
const FONT = 12;
const TARGET_COLOUR = '#333';

interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  scale: Scale;
  percent: boolean;
}

function y(frame: Frame, value: number): number {
  const { lo, hi } = frame.scale;
  return frame.top + frame.height - ((value - lo) / (hi - lo)) * frame.height;
}

function finite(values: number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

function scaleFor(values: number[], percent: boolean, extra: number[] = []): Scale {
  const all = [...finite(values), ...extra];
  const lo = Math.min(0, ...all);
  const hi = Math.max(0, ...all);
  const integers = !percent && all.every((v) => Number.isInteger(v));
  return niceScale(lo, hi, 5, integers);
}

function leftMargin(scale: Scale, percent: boolean): number {
  const widest = Math.max(...scale.ticks.map((t) => textWidth(tickLabel(t, percent, scale.step), FONT)));
  return Math.ceil(widest) + 16;
}

/** Horizontal gridlines with tick labels on the left, and the zero baseline. */
function yAxis(frame: Frame): string {
  const parts = frame.scale.ticks.map((t) => {
    const ty = r1(y(frame, t));
    return (
      `<line x1="${r1(frame.left)}" x2="${r1(frame.left + frame.width)}" y1="${ty}" y2="${ty}" class="grid"/>` +
      `<text x="${r1(frame.left - 8)}" y="${ty}" dy="0.32em" text-anchor="end">` +
      `${escapeHtml(tickLabel(t, frame.percent, frame.scale.step))}</text>`
    );
  });
  const zero = r1(y(frame, 0));
  parts.push(
    `<line x1="${r1(frame.left)}" x2="${r1(frame.left + frame.width)}" y1="${zero}" y2="${zero}" class="axis"/>`,
  );
  return `<g class="y-axis" font-size="${FONT}">${parts.join('')}</g>`;
}

/** Category labels under the plot, turned when they do not fit their slot; returns markup and height. */
/** Category labels longer than this are cut (the full label is their tooltip and in the table). */
const LABEL_CHARS = 28;
const TURN = (35 * Math.PI) / 180;

function widestLabel(labels: string[]): number {
  return Math.max(0, ...labels.map((l) => textWidth(truncate(l, LABEL_CHARS), FONT)));
}

function xLabels(labels: string[], xs: number[], slot: number, top: number, every = 1): [string, number] {
  const shown = labels.map((l) => truncate(l, LABEL_CHARS));
  const widest = Math.max(0, ...shown.map((l) => textWidth(l, FONT)));
  const turned = widest > slot * every - 6;
  const parts = shown.map((label, i) => {
    if (i % every !== 0) return '';
    const x = r1(xs[i]!);
    const title = label === labels[i] ? '' : `<title>${escapeHtml(labels[i]!)}</title>`;
    return turned
      ? `<text transform="translate(${x},${r1(top + 10)}) rotate(-35)" text-anchor="end" dy="0.7em">${title}${escapeHtml(label)}</text>`
      : `<text x="${x}" y="${r1(top + 10)}" text-anchor="middle" dy="0.7em">${title}${escapeHtml(label)}</text>`;
  });
  const height = turned ? widest * Math.sin(TURN) + 24 : 30;
  return [`<g class="x-axis" font-size="${FONT}">${parts.join('')}</g>`, height];
}

function noData(title: string): string {
  return `${svgOpen(WIDTH, 60, `${title}: no data`, 'chart')}<text x="${WIDTH / 2}" y="34" text-anchor="middle" font-size="14" fill="#555">No data</text></svg>`;
}

function barSwatch(colour: string): string {
  return `<rect width="14" height="12" fill="${colour}"/>`;
}

const TARGET_SWATCH = `<line x1="0" x2="16" y1="6" y2="6" stroke="${TARGET_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>`;

export function renderBarChart(chart: BarChart): string {
  const { categories, series, percent, target } = chart;
  if (categories.length === 0) return noData(chart.title);
  const legendItems: LegendItem[] = series.map((s, i) => ({
    label: s.name,
    swatch: barSwatch(seriesColour(i)),
  }));
  if (target !== undefined) {
    legendItems.push({ label: `Target ${roundLabel(target, percent)}`, swatch: TARGET_SWATCH });
  }
  const [legend, legendHeight] = legendRow(legendItems, 0, 4, WIDTH);
  const scale = scaleFor(
    series.flatMap((s) => s.values),
    percent,
    target === undefined ? [] : [target],
  );
  // Turned category labels reach left of their bar group: leave room for the first one.
  const n = categories.length;
  const widest = widestLabel(categories);
  let left = leftMargin(scale, percent);
  // The target's value sits in the right margin, level with its line, clear of the bars.
  const targetText = target === undefined ? '' : roundLabel(target, percent);
  const right = target === undefined ? 12 : Math.ceil(textWidth(targetText, 11)) + 14;
  if (widest > (WIDTH - left - right) / n - 6) {
    const room = (widest * Math.cos(TURN) + 6 - (WIDTH - right) / (2 * n)) / (1 - 1 / (2 * n));
    left = Math.max(left, Math.ceil(room));
  }
  const frame: Frame = {
    left,
    top: legendHeight + 16,
    width: WIDTH - left - right,
    height: PLOT_HEIGHT,
    scale,
    percent,
  };

  const slot = frame.width / categories.length;
  const barWidth = Math.min(56, (slot * 0.78) / series.length);
  const groupWidth = barWidth * series.length;
  const centres = categories.map((_, i) => frame.left + slot * (i + 0.5));
  const base = y(frame, 0);
  const bars: string[] = [];
  const labels: string[] = [];
  const labelFits = series.every((s) =>
    s.values.every((v) => textWidth(valueLabel(v, percent), 10) <= barWidth + 4),
  );
  categories.forEach((category, c) => {
    series.forEach((s, i) => {
      const value = s.values[c];
      if (value === undefined || !Number.isFinite(value)) return;
      const x = centres[c]! - groupWidth / 2 + i * barWidth;
      const top = Math.min(base, y(frame, value));
      const height = Math.max(Math.abs(y(frame, value) - base), 1);
      const text = valueLabel(value, percent);
      bars.push(
        `<rect class="bar" x="${r1(x + 1)}" y="${r1(value < 0 ? base : base - height)}" width="${r1(barWidth - 2)}" ` +
          `height="${r1(height)}" fill="${seriesColour(i)}"><title>${escapeHtml(`${category} — ${s.name}: ${text}`)}</title></rect>`,
      );
      if (labelFits) {
        const ly = value < 0 ? top + height + 11 : top - 4;
        labels.push(
          `<text x="${r1(x + barWidth / 2)}" y="${r1(ly)}" text-anchor="middle">${escapeHtml(text)}</text>`,
        );
      }
    });
  });

  let targetLine = '';
  if (target !== undefined) {
    const ty = r1(y(frame, target));
    const text = `Target ${targetText}`;
    targetLine =
      `<g class="target"><line x1="${r1(frame.left)}" x2="${r1(frame.left + frame.width)}" y1="${ty}" y2="${ty}" ` +
      `stroke="${TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"><title>${escapeHtml(text)}</title></line>` +
      `<text x="${r1(frame.left + frame.width + 6)}" y="${ty}" dy="0.32em" font-size="11" font-weight="600">${escapeHtml(targetText)}</text></g>`;
  }

  const bottom = frame.top + frame.height;
  const [axisX, axisHeight] = xLabels(categories, centres, slot, bottom);
  const height = bottom + axisHeight;
  const summary =
    `Bar chart: ${chart.title}. ${categories.length} categories, ${series.length} series` +
    (target === undefined ? '' : `, target ${roundLabel(target, percent)}`) +
    '. The numbers are also in a table.';
  return (
    `${svgOpen(WIDTH, height, summary, 'chart bar-chart')}${legend}${yAxis(frame)}` +
    `<g class="bars">${bars.join('')}</g><g class="value-labels" font-size="10">${labels.join('')}</g>` +
    `${targetLine}${axisX}</svg>`
  );
}

const DASHES = ['', '7 4', '2 3', '9 3 2 3'];

/** A point marker: a different shape per series so lines differ by more than colour. */
function marker(series: number, x: number, y: number, colour: string, title: string): string {
  const tip = title ? `<title>${escapeHtml(title)}</title>` : '';
  const cls = title ? ' class="point"' : '';
  const paint = `fill="${colour}" stroke="#fff" stroke-width="1.5"`;
  switch (series % 4) {
    case 1:
      return `<rect${cls} x="${r1(x - 4)}" y="${r1(y - 4)}" width="8" height="8" ${paint}>${tip}</rect>`;
    case 2:
      return `<path${cls} d="M${r1(x)} ${r1(y - 5.5)}L${r1(x + 5.5)} ${r1(y)}L${r1(x)} ${r1(y + 5.5)}L${r1(x - 5.5)} ${r1(y)}Z" ${paint}>${tip}</path>`;
    case 3:
      return `<path${cls} d="M${r1(x)} ${r1(y - 5)}L${r1(x + 5)} ${r1(y + 4)}L${r1(x - 5)} ${r1(y + 4)}Z" ${paint}>${tip}</path>`;
    default:
      return `<circle${cls} cx="${r1(x)}" cy="${r1(y)}" r="4.5" ${paint}>${tip}</circle>`;
  }
}

function lineSwatch(series: number): string {
  const colour = seriesColour(series);
  const dash = DASHES[series % DASHES.length] ? ` stroke-dasharray="${DASHES[series % DASHES.length]}"` : '';
  return (
    `<line x1="0" x2="16" y1="6" y2="6" stroke="${colour}" stroke-width="2.5"${dash}/>` +
    marker(series, 8, 6, colour, '')
  );
}

export function renderLineChart(chart: LineChart): string {
  const { points, series, percent } = chart;
  if (points.length === 0) return noData(chart.title);
  const items = series.map((s, i) => ({ label: s.name, swatch: lineSwatch(i) }));
  const [legend, legendHeight] = legendRow(items, 0, 4, WIDTH);
  const scale = scaleFor(
    series.flatMap((s) => s.values),
    percent,
  );
  const left = leftMargin(scale, percent);
  const frame: Frame = {
    left,
    top: legendHeight + 16,
    width: WIDTH - left - 16,
    height: PLOT_HEIGHT,
    scale,
    percent,
  };
  const pad = 16;
  const step = points.length > 1 ? (frame.width - 2 * pad) / (points.length - 1) : 0;
  const xs = points.map((_, i) =>
    points.length > 1 ? frame.left + pad + i * step : frame.left + frame.width / 2,
  );

  const lines: string[] = [];
  const marks: string[] = [];
  series.forEach((s, i) => {
    const colour = seriesColour(i);
    let d = '';
    let pen = false;
    points.forEach((point, p) => {
      const value = s.values[p];
      if (value === undefined || !Number.isFinite(value)) {
        pen = false;
        return;
      }
      const py = y(frame, value);
      d += `${pen ? 'L' : 'M'}${r1(xs[p]!)} ${r1(py)}`;
      pen = true;
      marks.push(marker(i, xs[p]!, py, colour, `${s.name} — ${point}: ${valueLabel(value, percent)}`));
    });
    const dash = DASHES[i % DASHES.length] ? ` stroke-dasharray="${DASHES[i % DASHES.length]}"` : '';
    lines.push(
      `<path class="series-line" d="${d}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-linejoin="round"${dash}>` +
        `<title>${escapeHtml(s.name)}</title></path>`,
    );
  });

  const bottom = frame.top + frame.height;
  const slot = points.length > 1 ? step : frame.width;
  const widest = widestLabel(points);
  // Label every n-th point when the labels would collide.
  const every = widest + 8 > slot ? Math.ceil((widest + 8) / slot) : 1;
  const [axisX, axisHeight] = xLabels(points, xs, slot, bottom, every);
  const height = bottom + axisHeight;
  const summary = `Line chart: ${chart.title}. ${points.length} points from ${points[0]} to ${points.at(-1)}, ${series.length} series. The numbers are also in a table.`;
  return (
    `${svgOpen(WIDTH, height, summary, 'chart line-chart')}${legend}${yAxis(frame)}` +
    `<g class="lines">${lines.join('')}</g><g class="points">${marks.join('')}</g>${axisX}</svg>`
  );
}

export function renderChart(chart: Chart): string {
  return chart.type === 'bar' ? renderBarChart(chart) : renderLineChart(chart);
}
