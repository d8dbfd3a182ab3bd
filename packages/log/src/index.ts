import { Ambassador, personalFields, withholdInText, withholdPersonal } from '@stem-match/domain';
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** How deep in a logged object personal fields are still found and redacted. */
const DEPTH = 4;
const CENSOR = '[personal data redacted]';

/**
 * Every path at which a personal field (ambassadors' name, email, phone — marked in the domain
 * schemas) could appear, to DEPTH levels. Organisation names are redacted too: pino's paths are by
 * key, and over-redacting a school name in a log is harmless where leaking a person's name is not.
 */
export function personalPaths(fields: readonly string[] = personalFields(Ambassador)): string[] {
  const paths: string[] = [];
  for (const field of fields) {
    for (let depth = 0; depth <= DEPTH; depth++) paths.push([...Array(depth).fill('*'), field].join('.'));
  }
  return paths;
}

export interface LoggerOptions {
  /** Defaults to LOG_LEVEL, else `info`. */
  level?: LevelWithSilent;
  /** Component name, e.g. `intake` or `cli`. */
  name: string;
  /** Where to write (default stdout); tests pass a stream to capture output. */
  destination?: DestinationStream;
}

/** A structured (JSON) logger with personal data redacted wherever it appears. */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? ((process.env.LOG_LEVEL as LevelWithSilent | undefined) || 'info');
  return pino(
    {
      // No pino `name`: a top-level `name` key is redacted as personal; `service` says who logged.
      level,
      redact: { paths: personalPaths(), censor: CENSOR },
      // Beyond the named fields: any value that looks like an email, a phone number or a person's
      // name is withheld, in the logged object and in the message (e.g. one quoting bad input).
      formatters: { log: (object) => withholdPersonal(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const safe = args.map((a) => (typeof a === 'string' ? withholdInText(a) : a)) as typeof args;
          method.apply(this, safe);
        },
      },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
