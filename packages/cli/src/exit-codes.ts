/** What `stem-match` exits with; scripts and schedulers can rely on these. */
export const EXIT = {
  ok: 0,
  /** The command ran and found something wrong (e.g. `check` found violations). */
  failed: 1,
  /** The command line was wrong: unknown command or option, bad value. */
  usage: 2,
  /** Input data had problems and `--strict` was given (or nothing usable was left). */
  badData: 3,
  /** Something outside the data failed: file system, Redis, an unexpected error. */
  internal: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the command with a given exit code and a message for people. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}
