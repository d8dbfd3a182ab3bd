import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface WorkerSettings {
  url: string;
  prefix: string;
  queuePrefix: string;
  /** Which workers the process runs. */
  workers: ReadonlyArray<'intake' | 'matcher'>;
  /** Job lock duration: how soon another process takes over a killed one's jobs (default 1.5 s). */
  lockMs?: number;
  /** The same for intake jobs, if it should differ. */
  intakeLockMs?: number;
  parts?: number;
}

/** A worker process (see worker-main.ts) the test can SIGKILL at any moment. */
export interface WorkerProcess {
  pid: number;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** SIGKILL: no shutdown hooks, no job hand-back; its jobs stall and another process picks them up. */
  kill(): Promise<void>;
  /** SIGTERM: the workers close (running jobs finish). */
  stop(): Promise<void>;
  /** What the process wrote to stderr (its warn/error logs), for a failing test's message. */
  stderr(): string;
}

export async function spawnWorker(settings: WorkerSettings): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      REDIS_URL: settings.url,
      STEM_PREFIX: settings.prefix,
      STEM_QUEUE_PREFIX: settings.queuePrefix,
      STEM_TEST_WORKERS: settings.workers.join(','),
      STEM_TEST_LOCK_MS: String(settings.lockMs ?? 1500),
      STEM_TEST_INTAKE_LOCK_MS: String(settings.intakeLockMs ?? settings.lockMs ?? 1500),
      STEM_TEST_PARTS: String(settings.parts ?? 4),
    },
  });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process did not start: ${err}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker process exited during start-up: ${err}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    pid: child.pid!,
    exited,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    stderr: () => err,
  };
}
