export { startWorkers } from './commands/worker.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export { run } from './run.js';
