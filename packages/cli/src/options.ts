import { LocalDate } from '@stem-match/domain';
import { type Command, InvalidArgumentError } from 'commander';

/** Commander argument parsers: a bad value is a usage error naming what was expected. */
export function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function localDate(value: string): string {
  if (!LocalDate.safeParse(value).success) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

/** Today's date in the UK, the default run date. */
export function todayInLondon(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}

/** The options of every command that runs the engine: seed, run date, policy file, time limit. */
export function withEngineOptions(command: Command, seedHelp: string, timeLimitHelp: string): Command {
  return command
    .option('--seed <n>', seedHelp, integer(0, 2 ** 31 - 1), 1)
    .option(
      '--today <date>',
      'run date (YYYY-MM-DD); sessions start the day after',
      localDate,
      todayInLondon(),
    )
    .option('--policy <file>', 'JSON file overriding policy weights (see packages/domain/README.md)')
    .option('--time-limit <seconds>', timeLimitHelp, positiveNumber, 60);
}
