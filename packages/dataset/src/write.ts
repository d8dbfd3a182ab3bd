import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  AMBASSADOR_COLUMNS,
  AmbassadorCsvRow,
  ASSIGNMENT_COLUMNS,
  AssignmentCsvRow,
  type Dataset,
  EMPLOYER_COLUMNS,
  EmployerCsvRow,
  HISTORY_COLUMNS,
  HistoryCsvRow,
  HUB_COLUMNS,
  HubCsvRow,
  type Organisation,
  type OrganisationKind,
  REQUEST_COLUMNS,
  RequestCsvRow,
  UNFILLED_COLUMNS,
  UnfilledCsvRow,
} from '@stem-match/domain';
import { wgs84ToOsgb36 } from '@stem-match/geo';
import { stringify } from 'csv-stringify/sync';
import * as z from 'zod';
import { GIAS } from './gias.js';

/** Cells starting with these are formulas to a spreadsheet: reports neutralise them. */
const FORMULA = /^[=+\-@\t\r]/;

/** Writes RFC 4180 CSV; with `neutraliseFormulas`, a cell a spreadsheet would run is prefixed with '. */
export async function writeCsvFile(
  path: string,
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, string>>,
  options: { neutraliseFormulas?: boolean } = {},
): Promise<void> {
  const cell = (v: string | undefined) =>
    options.neutraliseFormulas && v && FORMULA.test(v) ? `'${v}` : (v ?? '');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(
    path,
    stringify(
      rows.map((r) => columns.map((c) => cell(r[c]))),
      { header: true, columns: [...columns] },
    ),
  );
}

/** How each kind is written in the GIAS layout (type, phase), so the importer reads it back. */
const GIAS_KIND: Record<OrganisationKind, [string, string]> = {
  primary: ['Community school', 'Primary'],
  secondary: ['Academy converter', 'Secondary'],
  college: ['Further education', '16 plus'],
  special: ['Community special school', 'Not applicable'],
  non_school: ['Youth or community group', 'Not applicable'],
};

export const GIAS_OUTPUT_COLUMNS = [
  GIAS.urn,
  GIAS.name,
  GIAS.type,
  GIAS.phase,
  GIAS.status,
  GIAS.postcode,
  GIAS.easting,
  GIAS.northing,
  GIAS.region,
  GIAS.pupils,
  'priority',
  'hub',
  'tags',
];

function giasRow(o: Organisation): Record<string, string> {
  const { easting, northing } = wgs84ToOsgb36(o.lat, o.lon);
  const [type, phase] = GIAS_KIND[o.kind];
  return {
    [GIAS.urn]: o.id,
    [GIAS.name]: o.name,
    [GIAS.type]: type,
    [GIAS.phase]: phase,
    [GIAS.status]: 'Open',
    [GIAS.postcode]: o.postcode ?? '',
    // GIAS publishes whole metres.
    [GIAS.easting]: String(Math.round(easting)),
    [GIAS.northing]: String(Math.round(northing)),
    [GIAS.region]: o.region ?? '',
    [GIAS.pupils]: o.pupils === undefined ? '' : String(o.pupils),
    priority: String(o.priority),
    hub: o.hub,
    tags: o.tags.join(';'),
  };
}

/** Encodes records to CSV cells; an absent optional field is written as an empty cell. */
function encodeAll<T extends object>(codec: z.ZodObject, items: readonly T[]): Record<string, string>[] {
  const columns = Object.keys(codec.shape);
  return items.map((item) => {
    const full = Object.fromEntries(columns.map((c) => [c, (item as Record<string, unknown>)[c]]));
    return z.encode(codec, full) as Record<string, string>;
  });
}

/**
 * Writes a dataset directory: hubs.csv, organisations.csv (GIAS layout), ambassadors.csv, requests.csv,
 * history.csv, and employers.csv when the dataset has employers.
 */
export async function writeDataset(dir: string, d: Dataset): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeCsvFile(join(dir, 'hubs.csv'), HUB_COLUMNS, encodeAll(HubCsvRow, d.hubs));
  await writeCsvFile(join(dir, 'organisations.csv'), GIAS_OUTPUT_COLUMNS, d.organisations.map(giasRow));
  await writeCsvFile(
    join(dir, 'ambassadors.csv'),
    AMBASSADOR_COLUMNS,
    encodeAll(AmbassadorCsvRow, d.ambassadors),
  );
  await writeCsvFile(join(dir, 'requests.csv'), REQUEST_COLUMNS, encodeAll(RequestCsvRow, d.requests));
  await writeCsvFile(join(dir, 'history.csv'), HISTORY_COLUMNS, encodeAll(HistoryCsvRow, d.history));
  if (d.employers)
    await writeCsvFile(join(dir, 'employers.csv'), EMPLOYER_COLUMNS, encodeAll(EmployerCsvRow, d.employers));
}

/** A run's rows: anything with at least the output columns (extra fields, such as scores, are dropped). */
export interface RunOutputs {
  assignments: readonly object[];
  unfilled: readonly object[];
  summary: unknown;
}

/** Writes a run's assignments.csv, unfilled.csv and summary.json. */
export async function writeRunOutputs(dir: string, run: RunOutputs): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeCsvFile(
    join(dir, 'assignments.csv'),
    ASSIGNMENT_COLUMNS,
    encodeAll(AssignmentCsvRow, run.assignments),
  );
  await writeCsvFile(join(dir, 'unfilled.csv'), UNFILLED_COLUMNS, encodeAll(UnfilledCsvRow, run.unfilled));
  await writeFile(join(dir, 'summary.json'), `${JSON.stringify(run.summary, null, 2)}\n`);
}
