import {
  type CsvProblem,
  describeGiven,
  type Hub,
  Organisation,
  type OrganisationKind,
  OrganisationTag,
} from '@stem-match/domain';
import { osgb36ToWgs84 } from '@stem-match/geo';
import { csvProblem, readCsvFile } from './read-csv.js';

/** GIAS columns we read (the export has ~140; any subset with these works). */
export const GIAS = {
  urn: 'URN',
  name: 'EstablishmentName',
  type: 'TypeOfEstablishment (name)',
  phase: 'PhaseOfEducation (name)',
  status: 'EstablishmentStatus (name)',
  postcode: 'Postcode',
  easting: 'Easting',
  northing: 'Northing',
  region: 'GOR (name)',
  pupils: 'NumberOfPupils',
  lowAge: 'StatutoryLowAge',
  highAge: 'StatutoryHighAge',
} as const;

/** Establishment types the programme does not serve: skipped and counted, not errors. */
const NOT_SERVED = new Set([
  'higher education institutions',
  'british schools overseas',
  'offshore schools',
  'institution funded by other government department',
]);
/** Statuses of establishments that are not (or not yet) open. */
const NOT_OPEN = new Set(['closed', 'proposed to open']);
/** Types we use for youth and community groups (they carry a non-URN id such as NS-00012). */
const NON_SCHOOL = new Set([
  'youth or community group',
  'community group',
  'youth group',
  'non-school organisation',
]);

const PHASES: Record<string, OrganisationKind> = {
  nursery: 'primary',
  primary: 'primary',
  'middle deemed primary': 'primary',
  secondary: 'secondary',
  'middle deemed secondary': 'secondary',
  'all-through': 'secondary',
  '16 plus': 'college',
};

/** The organisation kind of a GIAS row, or why it cannot be told. */
export function kindOf(
  type: string,
  phase: string,
  lowAge: string,
  highAge: string,
): OrganisationKind | { unknown: string } {
  const t = type.trim().toLowerCase();
  const p = phase.trim().toLowerCase();
  if (NON_SCHOOL.has(t)) return 'non_school';
  if (t.includes('special')) return 'special';
  if (t.includes('further education') || t.includes('sixth form') || /16[ -]?(to|-)[ -]?19/.test(t))
    return 'college';
  const byPhase = PHASES[p];
  if (byPhase) return byPhase;
  if (p === 'not applicable' || p === '') {
    const low = Number(lowAge);
    const high = Number(highAge);
    if (highAge !== '' && high <= 11) return 'primary';
    if (lowAge !== '' && low >= 16) return 'college';
    if (lowAge !== '' && highAge !== '') return 'secondary';
  }
  return {
    unknown: `a phase GIAS publishes (${[...Object.keys(PHASES), 'not applicable (with StatutoryLowAge/HighAge)'].join(', ')})`,
  };
}

export interface GiasImport {
  organisations: Organisation[];
  problems: CsvProblem[];
  warnings: string[];
  /** Rows left out on purpose, by why: closed, or of a type the programme does not serve. */
  skipped: Record<string, number>;
}

/**
 * Reads organisations from the GIAS "edubasealldata" export as published (Windows-1252 or UTF-8),
 * converting British National Grid coordinates to WGS84, mapping phase and type to kinds, and taking
 * the hub from a `hub` column or the hubs' regions and Priority status from `priority` or a URN list.
 */
export async function importGias(
  path: string,
  options: { hubs: readonly Hub[]; priorityUrns?: ReadonlySet<string> },
): Promise<GiasImport> {
  const csv = await readCsvFile(path);
  const problems = [...csv.problems];
  const warnings: string[] = [];
  const skipped: Record<string, number> = {};
  const hubByRegion = new Map<string, string>();
  for (const h of options.hubs) for (const r of h.regions) hubByRegion.set(r.toLowerCase(), h.id);
  const missing: string[] = [GIAS.urn, GIAS.name].filter((c) => !csv.header.includes(c));
  if (!csv.header.includes(GIAS.type) && !csv.header.includes(GIAS.phase))
    missing.push(`${GIAS.type} or ${GIAS.phase}`);
  if (missing.length > 0) {
    problems.push(
      csvProblem(
        csv.file,
        1,
        missing.join(', '),
        csv.header.join(', ') || 'no header',
        `the GIAS column(s) ${missing.join(', ')}`,
      ),
    );
    return { organisations: [], problems, warnings, skipped };
  }
  const organisations: Organisation[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of csv.rows) {
    const cell = (c: string) => (record[c] ?? '').trim();
    const problem = (column: string, expected: string) =>
      problems.push(csvProblem(csv.file, line, column, describeGiven(record[column]), expected));
    const status = cell(GIAS.status).toLowerCase();
    if (NOT_OPEN.has(status)) {
      skipped[status] = (skipped[status] ?? 0) + 1;
      continue;
    }
    const type = cell(GIAS.type);
    if (NOT_SERVED.has(type.toLowerCase())) {
      skipped[type] = (skipped[type] ?? 0) + 1;
      continue;
    }
    const kind = kindOf(type, cell(GIAS.phase), cell(GIAS.lowAge), cell(GIAS.highAge));
    if (typeof kind !== 'string') {
      problem(GIAS.phase, kind.unknown);
      continue;
    }
    let lat: number;
    let lon: number;
    if (cell('lat') !== '' && cell('lon') !== '') {
      lat = Number(cell('lat'));
      lon = Number(cell('lon'));
    } else if (cell(GIAS.easting) !== '' && cell(GIAS.northing) !== '') {
      const e = Number(cell(GIAS.easting));
      const n = Number(cell(GIAS.northing));
      if (!Number.isFinite(e) || !Number.isFinite(n)) {
        problem(GIAS.easting, 'Easting and Northing in metres');
        continue;
      }
      ({ lat, lon } = osgb36ToWgs84(e, n));
    } else {
      problem(GIAS.easting, 'a location: Easting and Northing, or lat and lon');
      continue;
    }
    const region = cell(GIAS.region);
    const hub = cell('hub') || hubByRegion.get(region.toLowerCase());
    if (!hub) {
      problem(
        cell('hub') === '' ? GIAS.region : 'hub',
        'a hub: a hub column, or a region listed in hubs.csv',
      );
      continue;
    }
    const urn = cell(GIAS.urn);
    const priorityCell = cell('priority').toLowerCase();
    if (priorityCell !== '' && priorityCell !== 'true' && priorityCell !== 'false') {
      problem('priority', 'true or false');
      continue;
    }
    const tags =
      cell('tags') === ''
        ? []
        : cell('tags')
            .split(';')
            .map((t) => t.trim())
            .filter(Boolean);
    const badTag = tags.find((t) => !OrganisationTag.safeParse(t).success);
    if (badTag !== undefined) {
      problem('tags', `tags from ${OrganisationTag.options.join(', ')} (not "${badTag}")`);
      continue;
    }
    const pupils = cell(GIAS.pupils);
    const parsed = Organisation.safeParse({
      id: urn,
      ...(/^\d{5,7}$/.test(urn) ? { urn } : {}),
      name: cell(GIAS.name),
      kind,
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      hub,
      priority: priorityCell === 'true' || (options.priorityUrns?.has(urn) ?? false),
      ...(pupils !== '' && Number.isInteger(Number(pupils)) ? { pupils: Number(pupils) } : {}),
      tags,
      ...(cell(GIAS.postcode) ? { postcode: cell(GIAS.postcode) } : {}),
      ...(region ? { region } : {}),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = field === 'id' ? GIAS.urn : field === 'lat' || field === 'lon' ? GIAS.easting : field;
        problem(column, issue.message);
      }
      continue;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      problem(GIAS.urn, `a unique URN; it is already used on line ${first}`);
      continue;
    }
    seen.set(parsed.data.id, line);
    organisations.push(parsed.data);
  }
  return { organisations, problems, warnings, skipped };
}
