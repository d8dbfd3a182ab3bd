import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BarChart, LineChart, ReportDocument } from '@stem-match/domain';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/render/escape.js';
import { formatCell, formatKm, formatNumber, formatPercent } from '../src/render/format.js';
import { renderHtml } from '../src/render/html.js';
import { REPORTS } from '../src/reports/index.js';
import { runReport } from '../src/run.js';
import { everyReportFacts } from './facts-builder.js';
import { HOSTILE_NAME, sampleDocument } from './sample-document.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

/** The marks the page must draw, counted from the document itself. */
function expectedMarks(doc: ReportDocument) {
  const charts = doc.sections.flatMap((s) => s.charts);
  const bars = charts.filter((c): c is BarChart => c.type === 'bar');
  const lines = charts.filter((c): c is LineChart => c.type === 'line');
  const cells = doc.sections.flatMap((s) => s.map?.cells ?? []);
  return {
    bars: bars.reduce((n, c) => n + c.categories.length * c.series.length, 0),
    points: lines.reduce((n, c) => n + c.points.length * c.series.length, 0),
    lines: lines.reduce((n, c) => n + c.series.length, 0),
    targets: bars.filter((c) => c.target !== undefined).length,
    coverage: cells.filter((c) => c.ambassadors > 0).length,
    unmet: cells.filter((c) => c.unmet > 0).length,
    maps: doc.sections.filter((s) => s.map).length,
  };
}

/** The few DOM members the browser checks use (the project's TypeScript lib has no DOM). */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface SvgNode {
  getBBox(): Box;
  getBoundingClientRect(): Box;
  ownerSVGElement: SvgNode;
  viewBox: { baseVal: Box };
  querySelector(selector: string): SvgNode | null;
  querySelectorAll(selector: string): Iterable<SvgNode>;
  getAttribute(name: string): string | null;
  isPointInFill(point: { x: number; y: number }): boolean;
  textContent: string | null;
}

function count(html: string, pattern: RegExp): number {
  return html.match(new RegExp(pattern, 'g'))?.length ?? 0;
}

describe('formatting', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });

  it('formats cells by column kind', () => {
    expect(formatPercent(0.435)).toBe('43.5%');
    expect(formatPercent(-0.00001)).toBe('0.0%');
    expect(formatKm(14.26)).toBe('14.3');
    expect(formatKm(1234.56)).toBe('1,234.6');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatCell(0.712, { kind: 'percent' })).toBe('71.2%');
    expect(formatCell(3875, { kind: 'number' })).toBe('3,875');
    expect(formatCell(6.8, { kind: 'km' })).toBe('6.8');
    expect(formatCell('amber', { kind: 'rag' })).toBe('Amber');
    expect(formatCell(null, { kind: 'number' })).toBe('—');
    expect(formatCell(true, { kind: 'text' })).toBe('Yes');
  });
});

describe('renderHtml', () => {
  const doc = sampleDocument();
  const html = renderHtml(doc);

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('escapes text that comes from data', () => {
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).toContain(escapeHtml(HOSTILE_NAME));
    expect(html).toContain('Tyne &amp; Wear');
    expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
  });

  it('renders every table with its caption, and links each chart and map to its table', () => {
    const tables = doc.sections.flatMap((s) => s.tables);
    expect(count(html, /<table\b/)).toBe(tables.length);
    for (const table of tables) {
      expect(html).toContain(`<table id="table-${table.id}"><caption>${escapeHtml(table.title)}</caption>`);
      if (table.note) expect(html).toContain(`<p class="note">${escapeHtml(table.note)}</p>`);
    }
    const visuals = doc.sections.flatMap((s) => [...s.charts, ...(s.map ? [s.map] : [])]);
    for (const visual of visuals) expect(html).toContain(`href="#table-${visual.table}"`);
    expect(count(html, /<th scope="col"/)).toBe(tables.reduce((n, t) => n + t.columns.length, 0));
  });

  it('shows the header, filters, definitions and formatted cells', () => {
    expect(html).toContain(`<h1>${escapeHtml(doc.title)}</h1>`);
    expect(html).toContain('datetime="2026-12-31T09:30:00+00:00"');
    expect(html).toContain('1 September 2026 – 31 December 2026');
    expect(html).toContain('All hubs');
    expect(html).toContain(escapeHtml(doc.source));
    for (const d of doc.definitions) expect(html).toContain(`<dt>${escapeHtml(d.term)}</dt>`);
    expect(html).toContain('43.5%');
    expect(html).toContain('3,875');
    expect(html).toContain('14.3');
    expect(html).toContain('<span class="rag rag-amber">Amber</span>');
    expect(html).toContain('<span class="rag rag-red">Red</span>');
  });

  it('draws one mark per number', () => {
    const marks = expectedMarks(doc);
    expect(marks).toMatchObject({ bars: 6, points: 8, coverage: 4, unmet: 3 });
    expect(count(html, /class="bar"/)).toBe(marks.bars);
    expect(count(html, /class="point"/)).toBe(marks.points);
    expect(count(html, /class="series-line"/)).toBe(marks.lines);
    expect(count(html, /class="coverage"/)).toBe(marks.coverage);
    expect(count(html, /class="unmet"/)).toBe(marks.unmet);
    expect(count(html, /<svg [^>]*role="img" aria-label="[^"]+"/)).toBe(count(html, /<svg\b/));
  });

  it('stays reasonably small', () => {
    expect(html.length).toBeLessThan(80_000);
  });
});

/** Headless Chromium, offline as far as it can be told to be. */
async function launch() {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `the browser check needs headless Chromium at ${CHROMIUM}: run scripts/ensure-chromium.sh`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens a page from a file, collecting console errors, warnings, page errors and every request. */
async function open(browser: Awaited<ReturnType<typeof launch>>, html: string) {
  const dir = mkdtempSync(join(tmpdir(), 'stem-match-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return {
    page,
    problems,
    requests,
    href: pathToFileURL(file).href,
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('renderHtml in a browser', () => {
  it('draws the real unmet, reach and monthly pages: bars per hub, trend lines, the map', {
    timeout: 60_000,
  }, async () => {
    const browser = await launch();
    try {
      for (const name of ['unmet', 'reach', 'monthly'] as const) {
        const doc = await runReport(REPORTS, name, everyReportFacts, {
          as_of: '2026-11-24',
          to: name === 'monthly' ? '2026-10-31' : '2026-11-24',
        });
        const marks = expectedMarks(doc);
        const { page, problems, requests, href, done } = await open(browser, renderHtml(doc));
        try {
          expect(problems, name).toEqual([]);
          expect(requests, name).toEqual([href]);
          expect(await page.locator('svg .bar').count(), name).toBe(marks.bars);
          expect(await page.locator('svg .point').count(), name).toBe(marks.points);
          expect(await page.locator('svg .series-line').count(), name).toBe(marks.lines);
          expect(await page.locator('svg .target line').count(), name).toBe(marks.targets);
          expect(await page.locator('svg.map path.uk-outline').count(), name).toBe(marks.maps);
          expect(await page.locator('svg .unmet').count(), name).toBe(marks.unmet);
          expect(await page.locator('svg .coverage').count(), name).toBe(marks.coverage);
          expect(await page.locator('table caption').count(), name).toBe(
            doc.sections.flatMap((s) => s.tables).length,
          );
          mkdirSync(ARTIFACTS, { recursive: true });
          await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
        } finally {
          await page.close();
          done();
        }
        // Each kind of chart the issue asks for is drawn: bars per hub (unmet, reach) and a trend (monthly).
        if (name === 'unmet') expect(marks).toMatchObject({ maps: 1, unmet: 2, coverage: 2 });
        if (name === 'reach') expect(marks.targets).toBe(4);
        if (name === 'monthly') expect(marks.lines).toBe(2);
        expect(marks.bars + marks.points, name).toBeGreaterThan(0);
      }
    } finally {
      await browser.close();
    }
  });

  it('renders offline in headless Chromium with every mark, the UK outline and a screenshot', {
    timeout: 60_000,
  }, async () => {
    const doc = sampleDocument();
    const marks = expectedMarks(doc);
    const browser = await launch();
    const { page, problems, requests, href, done } = await open(browser, renderHtml(doc));
    try {
      expect(problems).toEqual([]);
      expect(requests).toEqual([href]);

      expect(await page.locator('svg .bar').count()).toBe(marks.bars);
      expect(await page.locator('svg .point').count()).toBe(marks.points);
      expect(await page.locator('svg .series-line').count()).toBe(marks.lines);
      expect(await page.locator('svg .target line').count()).toBe(marks.targets);
      expect(await page.locator('svg .coverage').count()).toBe(marks.coverage);
      expect(await page.locator('svg .unmet').count()).toBe(marks.unmet);
      expect(await page.locator('table caption').count()).toBe(doc.sections.flatMap((s) => s.tables).length);

      const outline = page.locator('svg.map path.uk-outline');
      expect(await outline.count()).toBe(marks.maps);
      const box = await outline.evaluate((el) => {
        const path = el as unknown as SvgNode;
        const b = path.getBBox();
        const sea = path.ownerSVGElement.querySelector('rect.sea')!.getBBox();
        return { width: b.width, height: b.height, seaWidth: sea.width, seaHeight: sea.height };
      });
      // The outline fills the map's area (the legend panel beside it takes the rest of the svg).
      expect(box.height).toBeGreaterThan(box.seaHeight * 0.9);
      expect(box.width).toBeGreaterThan(box.seaWidth * 0.6);

      // Every unmet circle is inside the map's viewport, and (for these real places) on land.
      const circles = await page.locator('svg.map').evaluate((svg) => {
        const map = svg as unknown as SvgNode;
        const frame = map.getBoundingClientRect();
        const uk = map.querySelector('path.uk-outline')!;
        return [...map.querySelectorAll('circle.unmet')].map((c) => {
          const r = c.getBoundingClientRect();
          const centre = { x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')) };
          return {
            title: c.querySelector('title')?.textContent ?? '',
            inside:
              r.left >= frame.left &&
              r.right <= frame.right &&
              r.top >= frame.top &&
              r.bottom <= frame.bottom,
            onLand: uk.isPointInFill(centre),
            size: r.width,
          };
        });
      });
      expect(circles).toHaveLength(marks.unmet);
      for (const c of circles) {
        expect(c, c.title).toMatchObject({ inside: true, onLand: true });
        expect(c.size).toBeGreaterThan(3);
      }

      // Escaped data shows as text, and no script ran.
      await expect(page.getByText(HOSTILE_NAME, { exact: true }).count()).resolves.toBe(1);
      expect(await page.locator('script').count()).toBe(0);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      done();
    }
  });
});
