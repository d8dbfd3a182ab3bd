import type { ExitCode } from './exit-codes.js';
import { createProgress, type Progress } from './progress.js';

/** What a command may touch: its output streams, a progress bar, and its exit code. */
export interface CommandContext {
  out(text: string): void;
  err(text: string): void;
  progress(): Progress;
  exit(code: ExitCode): void;
}

export function processContext(onExit: (code: ExitCode) => void): CommandContext {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    progress: () => createProgress(process.stderr),
    exit: onExit,
  };
}
