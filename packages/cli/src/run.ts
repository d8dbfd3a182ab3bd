import { CommanderError } from 'commander';
import { type CommandContext, processContext } from './context.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

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
    ctx.err(
      `stem-match: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return EXIT.internal;
  }
}
