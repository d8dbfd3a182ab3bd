import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '@stem-match/domain';
import { getRun, type Store } from '@stem-match/store';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../../packages/cli/src/bin.ts', import.meta.url));

/** Writes a dataset into the store as imports and hub submissions would (requests through the submit script). */
export async function loadIntoStore(store: Store, d: Dataset): Promise<void> {
  await store.putHubs(d.hubs);
  await store.putOrganisations(d.organisations);
  await store.putAmbassadors(d.ambassadors);
  await store.putHistory(d.history);
  for (let i = 0; i < d.requests.length; i += 500)
    await Promise.all(d.requests.slice(i, i + 500).map((r) => store.createRequest(r, 'hub:bench')));
}

/** Waits for a run to be recorded as ended; throws after `ms`. */
export async function runEnded(store: Store, runId: string, ms = 3_600_000) {
  const end = Date.now() + ms;
  for (;;) {
    const run = await getRun(store, runId);
    if (run && run.status !== 'running') return run;
    if (Date.now() > end) throw new Error(`run ${runId} did not end within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A `stem-match worker <kind> --no-schedule` process, as production runs it, with its JSON log lines. */
export interface ServiceProcess {
  pid: number;
  /** Every log line it wrote, parsed. */
  lines: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startServiceProcess(
  kind: 'matcher' | 'intake' | 'all',
  env: { REDIS_URL: string; STEM_PREFIX: string; STEM_QUEUE_PREFIX: string },
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'worker', kind, '--no-schedule'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    },
  );
  const lines: Array<Record<string, unknown>> = [];
  let err = '';
  let partial = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process did not start: ${err}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const complete = partial.split('\n');
      partial = complete.pop()!;
      for (const line of complete) {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          lines.push(parsed);
          if (parsed.msg === 'workers started') {
            clearTimeout(timer);
            resolve();
          }
        } catch {
          // not a log line
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-5000);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker process exited during start-up: ${err}`));
    });
  });
  await started;
  return {
    pid: child.pid!,
    lines,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
