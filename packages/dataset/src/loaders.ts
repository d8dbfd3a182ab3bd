import {
  ActivityRequest,
  AMBASSADOR_OPTIONAL_COLUMNS,
  Ambassador,
  AmbassadorCsvRow,
  Employer,
  EmployerCsvRow,
  HISTORY_OPTIONAL_COLUMNS,
  HistoryCsvRow,
  HistoryRecord,
  Hub,
  HubCsvRow,
  personalFields,
  REQUEST_OPTIONAL_COLUMNS,
  RequestCsvRow,
} from '@stem-match/domain';
import type * as z from 'zod';
import { type Decoded, decodeRows } from './decode-rows.js';
import { readCsvFile } from './read-csv.js';

const requiredOf = (row: { shape: Record<string, unknown> }, optional: readonly string[]) =>
  Object.keys(row.shape).filter((c) => !optional.includes(c));

async function load<T>(
  path: string,
  row: z.ZodObject,
  entity: z.ZodType<T>,
  optional: readonly string[],
  idColumn?: string,
  personal?: readonly string[],
): Promise<Decoded<T>> {
  const csv = await readCsvFile(path);
  return decodeRows(csv, row as unknown as z.ZodType<unknown, Record<string, string>>, entity, {
    required: requiredOf(row, optional),
    ...(idColumn ? { idColumn } : {}),
    ...(personal ? { personal } : {}),
  });
}

export const loadAmbassadors = (path: string) =>
  load(path, AmbassadorCsvRow, Ambassador, AMBASSADOR_OPTIONAL_COLUMNS, 'id', personalFields(Ambassador));
export const loadRequests = (path: string) =>
  load(path, RequestCsvRow, ActivityRequest, REQUEST_OPTIONAL_COLUMNS, 'id');
export const loadHistory = (path: string) =>
  load(path, HistoryCsvRow, HistoryRecord, HISTORY_OPTIONAL_COLUMNS);
export const loadHubs = (path: string) => load(path, HubCsvRow, Hub, [], 'id');
/** employers.csv: an employer named twice is a problem on the later row. */
export const loadEmployers = (path: string) => load(path, EmployerCsvRow, Employer, [], 'employer');
