import { Command } from 'commander';
import { registerAcl } from './commands/acl.js';
import { registerCannotAttend } from './commands/cannot-attend.js';
import { registerCheck } from './commands/check.js';
import { registerClusterDemo } from './commands/cluster-demo.js';
import { registerDemo } from './commands/demo.js';
import { registerDlq } from './commands/dlq.js';
import { registerErase } from './commands/erase.js';
import { registerExport } from './commands/export.js';
import { registerGenerate } from './commands/generate.js';
import { registerHistory } from './commands/history.js';
import { registerImport } from './commands/import.js';
import { registerMatch } from './commands/match.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerRunMatch } from './commands/run-match.js';
import { registerStatus } from './commands/status.js';
import { registerSubmit } from './commands/submit.js';
import { registerValidate } from './commands/validate.js';
import { registerWhatIf } from './commands/what-if.js';
import { registerWorker } from './commands/worker.js';
import type { CommandContext } from './context.js';

/** `step` runs another stem-match command in-process (the demo chains them). */
export function buildProgram(ctx: CommandContext, step: (argv: string[]) => Promise<number>): Command {
  const program = new Command('stem-match')
    .description('Match STEM activity requests to STEM Ambassadors, and report on unmet demand.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.out(s), writeErr: (s) => ctx.err(s) })
    .exitOverride();
  for (const register of [
    registerGenerate,
    registerValidate,
    registerMatch,
    registerCheck,
    registerImport,
    registerSubmit,
    registerRunMatch,
    registerReplay,
    registerExport,
    registerStatus,
    registerHistory,
    registerCannotAttend,
    registerReport,
    registerDlq,
    registerWorker,
    registerAcl,
    registerErase,
    registerWhatIf,
  ])
    register(program, ctx);
  registerDemo(program, ctx, step);
  registerClusterDemo(program, ctx, step);
  program.addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 the command found problems (e.g. check violations), 2 usage error,\n' +
      '3 bad input data (with --strict), 4 unexpected failure.',
  );
  return program;
}
