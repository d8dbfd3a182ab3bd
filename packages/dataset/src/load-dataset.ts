import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Assignment,
  AssignmentCsvRow,
  type CsvProblem,
  type Dataset,
  UnfilledCsvRow,
  UnfilledRequest,
} from '@stem-match/domain';
import type * as z from 'zod';
import { decodeRows } from './decode-rows.js';
import { importGias } from './gias.js';
import { loadAmbassadors, loadEmployers, loadHistory, loadHubs, loadRequests } from './loaders.js';
import { csvProblem, readCsvFile } from './read-csv.js';

export interface LoadedDataset {
  dataset: Dataset;
  problems: CsvProblem[];
  warnings: string[];
  skipped: Record<string, number>;
}

type Progress = (stage: string, done: number, total: number) => void;

const STAGES = ['hubs', 'organisations', 'ambassadors', 'requests', 'history', 'employers'] as const;

/** URNs of Priority Schools from priority-schools.csv: a URN column, or one URN per line. */
async function priorityUrns(dir: string): Promise<Set<string> | undefined> {
  const path = join(dir, 'priority-schools.csv');
  if (!existsSync(path)) return undefined;
  const text = await readFile(path, 'utf8');
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.split(',')[0]!.trim())
    .filter(Boolean);
  return new Set(lines.filter((l) => /^\d{5,7}$/.test(l)));
}

/**
 * Loads a dataset directory: hubs.csv, organisations.csv (GIAS layout), optional priority-schools.csv,
 * ambassadors.csv, requests.csv, optional history.csv, optional employers.csv (volunteering budgets).
 * Every bad row is reported and left out; every
 * good row is kept. Requests naming an unknown organisation or hub are problems too.
 */
export async function loadDataset(
  dir: string,
  options: { onProgress?: Progress } = {},
): Promise<LoadedDataset> {
  // One stage for the whole directory, so a progress bar runs once from the first file to the last.
  const step = (i: number) => options.onProgress?.('loading', i + 1, STAGES.length);
  const problems: CsvProblem[] = [];
  const warnings: string[] = [];
  const hubs = await loadHubs(join(dir, 'hubs.csv'));
  step(0);
  const gias = await importGias(join(dir, 'organisations.csv'), {
    hubs: hubs.records,
    ...(await priorityUrns(dir).then((u) => (u ? { priorityUrns: u } : {}))),
  });
  step(1);
  const ambassadors = await loadAmbassadors(join(dir, 'ambassadors.csv'));
  step(2);
  const requests = await loadRequests(join(dir, 'requests.csv'));
  step(3);
  const historyPath = join(dir, 'history.csv');
  const history = existsSync(historyPath)
    ? await loadHistory(historyPath)
    : { records: [], problems: [], warnings: [] };
  step(4);
  const employersPath = join(dir, 'employers.csv');
  const hasEmployers = existsSync(employersPath);
  const employers = hasEmployers
    ? await loadEmployers(employersPath)
    : { records: [], problems: [], warnings: [] };
  step(5);
  for (const part of [hubs, gias, ambassadors, requests, history, employers]) {
    problems.push(...part.problems);
    warnings.push(...part.warnings);
  }
  const organisationIds = new Set(gias.organisations.map((o) => o.id));
  const hubIds = new Set(hubs.records.map((h) => h.id));
  const lineOf = new Map<string, number>();
  const csv = await readCsvFile(join(dir, 'requests.csv'));
  for (const r of csv.rows) lineOf.set(r.record.id ?? '', r.line);
  const keptRequests = requests.records.filter((r) => {
    const line = lineOf.get(r.id) ?? 0;
    if (!organisationIds.has(r.organisation_id)) {
      problems.push(
        csvProblem(
          'requests.csv',
          line,
          'organisation_id',
          JSON.stringify(r.organisation_id),
          'an organisation in organisations.csv',
        ),
      );
      return false;
    }
    if (!hubIds.has(r.hub)) {
      problems.push(csvProblem('requests.csv', line, 'hub', JSON.stringify(r.hub), 'a hub in hubs.csv'));
      return false;
    }
    return true;
  });
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return {
    dataset: {
      hubs: hubs.records,
      organisations: gias.organisations,
      ambassadors: ambassadors.records,
      requests: keptRequests,
      history: history.records,
      ...(hasEmployers ? { employers: employers.records } : {}),
    },
    problems,
    warnings,
    skipped: gias.skipped,
  };
}

/** Reads a run directory written by writeRunOutputs, validated, with per-row problems. */
export async function readRunOutputs(dir: string) {
  const read = async <T>(file: string, row: z.ZodObject, entity: z.ZodType<T>) =>
    decodeRows(
      await readCsvFile(join(dir, file)),
      row as unknown as z.ZodType<unknown, Record<string, string>>,
      entity,
      {
        required: Object.keys(row.shape).filter((c) => c !== 'nearest_km'),
      },
    );
  const assignments = await read('assignments.csv', AssignmentCsvRow, Assignment.omit({ status: true }));
  const unfilled = await read('unfilled.csv', UnfilledCsvRow, UnfilledRequest);
  const summaryPath = join(dir, 'summary.json');
  const summary: unknown = existsSync(summaryPath)
    ? JSON.parse(await readFile(summaryPath, 'utf8'))
    : undefined;
  return {
    assignments: assignments.records,
    unfilled: unfilled.records,
    summary,
    problems: [...assignments.problems, ...unfilled.problems],
  };
}
