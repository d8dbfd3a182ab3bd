import type { MatchRun } from '@stem-match/domain';

/** What `status` gathers: request counts nationally and per hub, queue depths, the last run. */
export interface ServiceStatus {
  requests: {
    total: number;
    by_status: Record<string, number>;
    by_hub: Record<string, Record<string, number>>;
  };
  queues: Record<string, Record<string, number>>;
  last_run: MatchRun | null;
}

/** A label value as the Prometheus text format wants it: backslash, double quote and newline escaped. */
const label = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const labels = (pairs: Record<string, string>): string =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;

const seconds = (instant: string | undefined): number | undefined =>
  instant === undefined ? undefined : Date.parse(instant) / 1000;

/**
 * The status as Prometheus text exposition (version 0.0.4), for a textfile collector or a scrape
 * wrapper: `stem_requests`, `stem_hub_requests`, `stem_queue_jobs` and the last run's
 * `stem_last_run_*` gauges. Counts only: no ids, names or other personal data.
 */
export function prometheusText(status: ServiceStatus): string {
  const out: string[] = [];
  const gauge = (name: string, help: string, rows: Array<[Record<string, string>, number | undefined]>) => {
    const present = rows.filter((r): r is [Record<string, string>, number] => r[1] !== undefined);
    if (present.length === 0) return;
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [l, v] of present) out.push(`${name}${Object.keys(l).length ? labels(l) : ''} ${v}`);
  };
  gauge(
    'stem_requests',
    'Requests in the store, by status.',
    Object.entries(status.requests.by_status).map(([s, n]) => [{ status: s }, n]),
  );
  gauge(
    'stem_hub_requests',
    'Requests in the store, by hub and status.',
    Object.entries(status.requests.by_hub).flatMap(([hub, counts]) =>
      Object.entries(counts).map(([s, n]): [Record<string, string>, number] => [{ hub, status: s }, n]),
    ),
  );
  gauge(
    'stem_queue_jobs',
    'Jobs in each BullMQ queue, by state.',
    Object.entries(status.queues).flatMap(([queue, counts]) =>
      Object.entries(counts).map(([state, n]): [Record<string, string>, number] => [{ queue, state }, n]),
    ),
  );
  const run = status.last_run;
  if (run) {
    gauge('stem_last_run_info', 'The last match run (value 1), with its status as a label.', [
      [{ status: run.status }, 1],
    ]);
    gauge('stem_last_run_started_timestamp_seconds', 'When the last match run started.', [
      [{}, seconds(run.started_at)],
    ]);
    gauge('stem_last_run_finished_timestamp_seconds', 'When the last match run ended.', [
      [{}, seconds(run.finished_at)],
    ]);
    gauge('stem_last_run_requests', 'Open requests the last match run read.', [[{}, run.inputs.requests]]);
    gauge('stem_last_run_filled', 'Requests the last match run filled.', [[{}, run.outcome?.filled]]);
    gauge('stem_last_run_failed_parts', 'Parts of the last match run that failed.', [
      [{}, run.failed_components.length],
    ]);
  }
  return `${out.join('\n')}\n`;
}
