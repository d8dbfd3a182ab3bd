import { type ErrorCode, StemMatchError } from '@stem-match/domain';
import { CommanderError } from 'commander';
import { type CommandContext, processContext } from './context.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

const EXIT_FOR: Record<ErrorCode, ExitCode> = {
  VALIDATION_FAILED: EXIT.badData,
  CSV_INVALID: EXIT.badData,
  LIMIT_EXCEEDED: EXIT.badData,
  NOT_FOUND: EXIT.failed,
  CONFIG_INVALID: EXIT.usage,
  UNAVAILABLE: EXIT.internal,
};

/** Runs the CLI and returns the exit code; never throws (so tests can call it in-process). */
export async function run(
  argv: readonly string[],
  context?: (onExit: (c: ExitCode) => void) => CommandContext,
) {
  let code: ExitCode = EXIT.ok;
  const ctx = (context ?? processContext)((c) => {
    code = c;
  });
  const program = buildProgram(ctx, (next) => run(next, context));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof CliError) {
      ctx.err(`stem-match: ${err.message}`);
      return err.exitCode;
    }
    // The programme's own errors already say what is wrong in words: no stack for those.
    if (err instanceof StemMatchError) {
      ctx.err(`stem-match: ${err.message}`);
      return EXIT_FOR[err.code];
    }
    ctx.err(
      `stem-match: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return EXIT.internal;
  }
}
