import * as z from 'zod';
import { Instant, LocalDate } from './calendar.js';
import { HubId } from './entities.js';

// A report is a document of sections: tables, charts and a map. Every renderer (CSV, JSON, Markdown,
// HTML) works from this one shape, so a number shown in a chart is always in a table too.

export const ReportName = z.enum(['unmet', 'reach', 'sustained', 'supply', 'volunteering', 'dbs', 'monthly']);
export type ReportName = z.infer<typeof ReportName>;

export const Rag = z.enum(['red', 'amber', 'green']);
export type Rag = z.infer<typeof Rag>;

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Cell = z.infer<typeof Cell>;

export const ReportColumn = z.strictObject({
  /** Machine name: the CSV header and the JSON key. */
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** What a person reads. */
  label: z.string(),
  /** `rag` cells hold a Rag value and are shown with its colour. */
  kind: z.enum(['text', 'number', 'percent', 'km', 'date', 'rag']).default('text'),
});
export type ReportColumn = z.infer<typeof ReportColumn>;

export const ReportTable = z.strictObject({
  /** Names the table's CSV file when a report has several. */
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  title: z.string(),
  columns: z.array(ReportColumn).min(1),
  rows: z.array(z.array(Cell)),
  /** Rows left out of a long listing (all are in CSV and JSON). */
  note: z.string().optional(),
});
export type ReportTable = z.infer<typeof ReportTable>;

/** Bars per category (e.g. per hub); several series are drawn side by side. */
export const BarChart = z.strictObject({
  type: z.literal('bar'),
  title: z.string(),
  /** The table holding the same numbers. */
  table: z.string(),
  categories: z.array(z.string()),
  series: z.array(z.strictObject({ name: z.string(), values: z.array(z.number()) })).min(1),
  /** Values are shares (0–1) and the axis reads in percent. */
  percent: z.boolean().default(false),
  /** A target line drawn across the bars, in the same unit as the values. */
  target: z.number().optional(),
});
export type BarChart = z.infer<typeof BarChart>;

/** Trend lines over ordered points (e.g. months). */
export const LineChart = z.strictObject({
  type: z.literal('line'),
  title: z.string(),
  table: z.string(),
  points: z.array(z.string()),
  series: z.array(z.strictObject({ name: z.string(), values: z.array(z.number()) })).min(1),
  percent: z.boolean().default(false),
});
export type LineChart = z.infer<typeof LineChart>;

export const Chart = z.discriminatedUnion('type', [BarChart, LineChart]);
export type Chart = z.infer<typeof Chart>;

/** A place on the map: a grid cell's centre with how much unmet demand and how many ambassadors. */
export const MapCell = z.strictObject({
  // A grid square's centre may lie just offshore of the UK bounds that places are held to.
  lat: z.number().min(48).max(62),
  lon: z.number().min(-11).max(4),
  label: z.string(),
  unmet: z.int().min(0),
  ambassadors: z.int().min(0),
});
export type MapCell = z.infer<typeof MapCell>;

export const ReportMap = z.strictObject({
  title: z.string(),
  table: z.string(),
  cell_km: z.number().positive(),
  cells: z.array(MapCell),
});
export type ReportMap = z.infer<typeof ReportMap>;

export const ReportSection = z.strictObject({
  heading: z.string(),
  /** Plain sentences: what the section shows and how to read it. */
  text: z.array(z.string()).default([]),
  tables: z.array(ReportTable).default([]),
  charts: z.array(Chart).default([]),
  map: ReportMap.optional(),
});
export type ReportSection = z.infer<typeof ReportSection>;

export const ReportDocument = z.strictObject({
  report: ReportName,
  title: z.string(),
  generated_at: Instant,
  /** The filters the report was run with; absent means all. */
  hub: HubId.optional(),
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  /** Where the facts came from: the store, or a dataset directory and a run's output. */
  source: z.string(),
  /** The definitions the numbers rest on, the same in every report. */
  definitions: z.array(z.strictObject({ term: z.string(), meaning: z.string() })).default([]),
  sections: z.array(ReportSection).min(1),
});
export type ReportDocument = z.infer<typeof ReportDocument>;
