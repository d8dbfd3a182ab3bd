import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ReportDocument } from '@stem-match/domain';
import * as z from 'zod';
import { tableToCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

export const ReportFormat = z.enum(['csv', 'json', 'md', 'html']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** What a report becomes in a format: one file, or for CSV one file per table. */
export function renderReport(
  doc: ReportDocument,
  format: ReportFormat,
  out: string,
  maxRows = 50,
): Array<{ path: string; content: string }> {
  switch (format) {
    case 'json':
      return [{ path: out, content: `${JSON.stringify(doc, null, 2)}\n` }];
    case 'md':
      return [{ path: out, content: renderMarkdown(doc, maxRows) }];
    case 'html':
      return [{ path: out, content: renderHtml(doc) }];
    case 'csv': {
      // The first table goes to the path asked for; the others beside it, named by table id.
      const tables = doc.sections.flatMap((s) => s.tables);
      const stem = join(dirname(out), basename(out, extname(out)));
      return tables.map((t, i) => ({ path: i === 0 ? out : `${stem}.${t.id}.csv`, content: tableToCsv(t) }));
    }
  }
}

/** Writes a report, creating the directory; returns the paths written. */
export async function writeReport(
  doc: ReportDocument,
  format: ReportFormat,
  out: string,
  maxRows = 50,
): Promise<string[]> {
  const files = renderReport(doc, format, out, maxRows);
  await mkdir(dirname(out), { recursive: true });
  for (const f of files) await writeFile(f.path, f.content);
  return files.map((f) => f.path);
}
