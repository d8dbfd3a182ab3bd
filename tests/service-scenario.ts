import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cli } from './cli-harness.js';

/** What a run of the service scenario leaves behind, for comparing one Redis with another. */
export interface ScenarioResult {
  /** `status --json` once the run is done, without the run's own ids and times. */
  requests: { total: number; by_status: Record<string, number> };
  /** The service export's files, by name. */
  exported: Record<string, string>;
  /** The unmet-demand report read from the store, as JSON. */
  unmet: unknown;
}

/**
 * The service end to end through the CLI, against whatever Redis the environment points at (a
 * single server or a cluster): generate, import, submit (twice: the second adds nothing), match,
 * status, export and a report from the store, asserting each step as a hub would see it.
 */
export async function serviceScenario(dir: string, today = '2026-11-24'): Promise<ScenarioResult> {
  const data = join(dir, 'data');
  expect(
    (await cli('generate', '--scale', 'small', '--seed', '5', '--today', today, '--out', data)).code,
  ).toBe(0);
  expect((await cli('import', '--data', data)).code).toBe(0);
  const submitted = await cli('submit', join(data, 'requests.csv'));
  expect(submitted.code).toBe(0);
  expect(submitted.out).toMatch(/accepted \(queued for intake\)\s+\d+/);
  const accepted = Number(/accepted \(queued for intake\)\s+(\d+)/.exec(submitted.out)![1]);
  // Once intake has stored them, resubmitting the file adds nothing: every row is a duplicate.
  for (let i = 0; i < 400; i++) {
    if (JSON.parse((await cli('status', '--json')).out).requests.total === accepted) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const again = await cli('submit', join(data, 'requests.csv'));
  expect(again.out).toMatch(/accepted \(queued for intake\)\s+0\b/);
  expect(again.out).toMatch(new RegExp(`duplicate \\(already stored\\)\\s+${accepted}\\b`));
  const matched = await cli('run-match', '--wait', '--today', today);
  expect(matched.code).toBe(0);
  expect(matched.out).toMatch(/status\s+finished/);
  // Stable re-planning: the run's churn of offers already sent (none were, on a first run).
  expect(matched.out).toMatch(/sent offers withdrawn\s+0\b/);
  expect(matched.out).toMatch(/sent offers changed\s+0\b/);
  const status = JSON.parse((await cli('status', '--json')).out);
  expect(status.requests.total).toBe(accepted);
  expect(status.requests.by_status.offered).toBeGreaterThan(0);
  expect(status.last_run.status).toBe('finished');
  expect(status.last_run.churn).toEqual({ offers_withdrawn: 0, offers_changed: 0 });
  expect((await cli('status')).out).toMatch(/churn: 0 sent offers withdrawn, 0 changed/);
  // The same counts for a metrics scraper.
  const metrics = (await cli('status', '--prometheus')).out;
  expect(metrics).toContain(`stem_requests{status="offered"} ${status.requests.by_status.offered}\n`);
  expect(metrics).toContain('stem_last_run_info{status="finished"} 1\n');
  const exportDir = join(dir, 'export');
  expect((await cli('export', '--out', exportDir)).code).toBe(0);
  const unmetFile = join(dir, 'unmet.json');
  const report = await cli('report', 'unmet', '--as-of', today, '--format', 'json', '--out', unmetFile);
  expect(report.code).toBe(0);
  const unmet = JSON.parse(withoutStamps(readFileSync(unmetFile, 'utf8')));
  const exported = Object.fromEntries(
    readdirSync(exportDir)
      .sort()
      .map((f) => [f, withoutStamps(readFileSync(join(exportDir, f), 'utf8'))]),
  );
  return {
    requests: { total: status.requests.total, by_status: status.requests.by_status },
    exported,
    unmet,
  };
}

/** The moment a file was written differs from run to run; what it says must not. */
const withoutStamps = (text: string): string =>
  text.replace(/"(exported|generated)_at": ?"[^"]*"/g, '"$1_at":""');
