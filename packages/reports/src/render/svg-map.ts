import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MapCell, ReportMap } from '@stem-match/domain';
import { type GeoProjection, geoConicEqualArea, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { escapeHtml } from './escape.js';
import { formatNumber } from './format.js';
import { r1, svgOpen } from './svg-common.js';

// The UK from Natural Earth (world-atlas, 1:50m) in an equal-area conic projection, with
// ambassador coverage as shaded grid squares and unmet demand as circles sized by area.

const MAP_WIDTH = 350;
const LEGEND_WIDTH = 210;
const WIDTH = MAP_WIDTH + LEGEND_WIDTH;
const HEIGHT = 620;
const PAD = 14;

const UK = '826';
/** Neighbours drawn faintly for context: Ireland, Isle of Man, Channel Islands, France, Benelux, Norway, Faroes. */
const CONTEXT = new Set(['372', '833', '832', '831', '250', '056', '528', '578', '234']);

const BLUES = ['#9ecae1', '#6baed6', '#3182bd', '#08519c', '#08306b'];
const UNMET_FILL = '#D55E00';
const UNMET_STROKE = '#7a3500';
const MAX_RADIUS = 18;
/** Coverage squares are drawn to scale, but never smaller than this (px). */
const MIN_SQUARE = 5;
const KM_PER_DEGREE = 111.32;

interface Base {
  projection: GeoProjection;
  outline: string;
  context: string;
}

let cached: Base | undefined;

type Countries = Topology<{ countries: GeometryCollection<{ name: string }> }>;

function loadCountries(): Countries {
  // Read rather than `require`d, so the 750 kB topology is not kept in the module cache.
  const file = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Countries;
}

/** Drops repeated points that rounding to 0.1 px leaves in a path. */
function compact(d: string): string {
  let last = '';
  return d.replace(/([MLZ])([^MLZ]*)/g, (all, command: string, point: string) => {
    if (command === 'L' && point === last) return '';
    last = command === 'Z' ? '' : point;
    return all;
  });
}

/** The projection fitted to the UK and the outline paths; computed once per process. */
export function mapBase(): Base {
  if (cached) return cached;
  const topology = loadCountries();
  const countries = feature(topology, topology.objects.countries).features;
  const uk = countries.find((f) => f.id === UK);
  if (!uk) throw new Error('world-atlas has no United Kingdom (826)');
  const projection = geoConicEqualArea()
    .parallels([50, 60])
    .rotate([3, 0])
    .fitExtent(
      [
        [PAD, PAD],
        [MAP_WIDTH - PAD, HEIGHT - PAD],
      ],
      uk,
    )
    .clipExtent([
      [0, 0],
      [MAP_WIDTH, HEIGHT],
    ]);
  const path = geoPath(projection).digits(1);
  const context = countries
    .filter((f) => CONTEXT.has(String(f.id)))
    .map((f) => compact(path(f) ?? ''))
    .filter((d) => d !== '')
    .join('');
  cached = { projection, outline: compact(path(uk) ?? ''), context };
  return cached;
}

/** The 1–2–5 number nearest to `value` on a log scale. */
function niceRound(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 5, 10].map((k) => k * power);
  return steps.reduce((best, k) =>
    Math.abs(Math.log(k / value)) < Math.abs(Math.log(best / value)) ? k : best,
  );
}

/**
 * Shading classes for ambassador counts: one per count up to 5, else up to five classes with
 * geometric (1–2–5) bounds, since a few city cells hold far more ambassadors than most.
 */
function coverageBins(max: number): { upTo: number; label: string; colour: string }[] {
  const bounds: number[] = [];
  if (max <= 5) {
    for (let i = 1; i <= max; i++) bounds.push(i);
  } else {
    for (let i = 1; i < 5; i++) {
      const bound = niceRound(max ** (i / 5));
      if (bound > (bounds.at(-1) ?? 0) && bound < max) bounds.push(bound);
    }
    bounds.push(max);
  }
  const bins = bounds.map((upTo, i) => {
    const from = (bounds[i - 1] ?? 0) + 1;
    return {
      upTo,
      label: from === upTo ? formatNumber(from) : `${formatNumber(from)}–${formatNumber(upTo)}`,
    };
  });
  // Spread the classes over the whole ramp, light to dark.
  const last = BLUES.length - 1;
  return bins.map((b, i) => ({
    ...b,
    colour: BLUES[bins.length === 1 ? 2 : Math.round((i * last) / (bins.length - 1))]!,
  }));
}

function describe(cell: MapCell): string {
  return (
    `${cell.label}: ${formatNumber(cell.unmet)} unmet ${cell.unmet === 1 ? 'request' : 'requests'}, ` +
    `${formatNumber(cell.ambassadors)} ${cell.ambassadors === 1 ? 'ambassador' : 'ambassadors'}`
  );
}

type Radius = (unmet: number) => number;

/** Circle radius by unmet count (area ∝ count); the largest shrinks as circles get many, to limit overlap. */
function radiusScale(maxUnmet: number, circles: number): Radius {
  const largest = Math.min(MAX_RADIUS, Math.max(7, MAX_RADIUS * Math.sqrt(24 / Math.max(1, circles))));
  return (unmet) => Math.max(2.5, largest * Math.sqrt(unmet / Math.max(1, maxUnmet)));
}

function legend(
  map: ReportMap,
  bins: ReturnType<typeof coverageBins>,
  maxUnmet: number,
  radius: Radius,
): string {
  const x = MAP_WIDTH + 18;
  const parts: string[] = [
    `<rect x="${MAP_WIDTH}" y="0" width="${LEGEND_WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<line x1="${MAP_WIDTH}" x2="${MAP_WIDTH}" y1="0" y2="${HEIGHT}" stroke="#d0d4d9"/>`,
  ];
  let y = 28;
  const heading = (text: string) => {
    parts.push(`<text x="${x}" y="${y}" font-size="13" font-weight="600">${escapeHtml(text)}</text>`);
    y += 14;
  };
  heading('Ambassadors in a cell');
  if (bins.length === 0) {
    parts.push(`<text x="${x}" y="${y + 10}" font-size="12" fill="#555">None in this area</text>`);
    y += 20;
  }
  for (const bin of bins) {
    parts.push(
      `<rect x="${x}" y="${y}" width="14" height="14" fill="${bin.colour}" stroke="#555" stroke-width="0.5"/>` +
        `<text x="${x + 22}" y="${y + 11}" font-size="12">${escapeHtml(bin.label)}</text>`,
    );
    y += 20;
  }
  y += 20;
  heading('Unmet requests');
  if (maxUnmet === 0) {
    parts.push(`<text x="${x}" y="${y + 10}" font-size="12" fill="#555">None in this area</text>`);
    y += 20;
  } else {
    const quarter = Math.max(1, Math.round(maxUnmet / 4));
    const sizes = quarter < maxUnmet ? [maxUnmet, quarter] : [maxUnmet];
    // Reference circles side by side, bottom-aligned, each with its count below.
    const bottom = y + 2 * radius(maxUnmet) + 4;
    let left = x;
    for (const size of sizes) {
      const r = radius(size);
      parts.push(
        `<circle class="legend-unmet" cx="${r1(left + r)}" cy="${r1(bottom - r)}" r="${r1(r)}" fill="${UNMET_FILL}" ` +
          `fill-opacity="0.6" stroke="${UNMET_STROKE}"/>` +
          `<text x="${r1(left + r)}" y="${r1(bottom + 14)}" text-anchor="middle" font-size="12">${formatNumber(size)}</text>`,
      );
      left += Math.max(2 * r, 20) + 18;
    }
    y = bottom + 34;
    parts.push(`<text x="${x}" y="${y}" font-size="11" fill="#555">Circle area ∝ unmet requests</text>`);
  }
  y += 34;
  const notes = [
    `Grid cells ${formatNumber(map.cell_km)} km across`,
    `${formatNumber(map.cells.filter((c) => c.unmet > 0).length)} cells with unmet demand`,
    `${formatNumber(map.cells.filter((c) => c.ambassadors > 0).length)} cells with ambassadors`,
  ];
  for (const note of notes) {
    parts.push(`<text x="${x}" y="${y}" font-size="12" fill="#333">${escapeHtml(note)}</text>`);
    y += 18;
  }
  parts.push(
    `<text x="${x}" y="${HEIGHT - 14}" font-size="10" fill="#777">Outlines: Natural Earth 1:50m</text>`,
  );
  return `<g class="map-legend">${parts.join('')}</g>`;
}

export function renderMap(map: ReportMap): string {
  const { projection, outline, context } = mapBase();
  const maxAmbassadors = Math.max(0, ...map.cells.map((c) => c.ambassadors));
  const maxUnmet = Math.max(0, ...map.cells.map((c) => c.unmet));
  const bins = coverageBins(maxAmbassadors);

  const squares: string[] = [];
  for (const cell of map.cells.filter((c) => c.ambassadors > 0)) {
    const half = map.cell_km / 2 / KM_PER_DEGREE;
    const top = projection([cell.lon, cell.lat + half]);
    const bottom = projection([cell.lon, cell.lat - half]);
    if (!top || !bottom) continue;
    const side = Math.max(MIN_SQUARE, bottom[1] - top[1]);
    const cx = (top[0] + bottom[0]) / 2;
    const cy = (top[1] + bottom[1]) / 2;
    const colour = bins.find((b) => cell.ambassadors <= b.upTo)?.colour ?? BLUES.at(-1)!;
    squares.push(
      `<rect class="coverage" x="${r1(cx - side / 2)}" y="${r1(cy - side / 2)}" width="${r1(side)}" height="${r1(side)}" ` +
        `fill="${colour}"><title>${escapeHtml(describe(cell))}</title></rect>`,
    );
  }

  const circles: string[] = [];
  const unmet = map.cells.filter((c) => c.unmet > 0).sort((a, b) => b.unmet - a.unmet);
  const radius = radiusScale(maxUnmet, unmet.length);
  for (const cell of unmet) {
    const at = projection([cell.lon, cell.lat]);
    if (!at) continue;
    circles.push(
      `<circle class="unmet" cx="${r1(at[0])}" cy="${r1(at[1])}" r="${r1(radius(cell.unmet))}">` +
        `<title>${escapeHtml(describe(cell))}</title></circle>`,
    );
  }

  const totalUnmet = map.cells.reduce((sum, c) => sum + c.unmet, 0);
  const label =
    `Map: ${map.title}. ${unmet.length} grid cells with unmet demand (${formatNumber(totalUnmet)} requests in all), ` +
    `${squares.length} cells with ambassadors. The numbers are also in a table.`;
  return (
    `${svgOpen(WIDTH, HEIGHT, label, 'map')}` +
    `<rect class="sea" width="${MAP_WIDTH}" height="${HEIGHT}" fill="#f3f7fa"/>` +
    `<path class="context" d="${context}" fill="#f1efea" stroke="#c9c5bc" stroke-width="0.6"/>` +
    `<path class="uk-outline" d="${outline}" fill="#eceae4" stroke="#8a857a" stroke-width="0.8"><title>United Kingdom</title></path>` +
    `<g class="coverage-cells" stroke="#0b2540" stroke-width="0.3" stroke-opacity="0.6">${squares.join('')}</g>` +
    `<g class="unmet-cells" fill="${UNMET_FILL}" fill-opacity="0.6" stroke="${UNMET_STROKE}" stroke-width="1">${circles.join('')}</g>` +
    `${legend(map, bins, maxUnmet, radius)}</svg>`
  );
}
