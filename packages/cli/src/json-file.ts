import { readFile } from 'node:fs/promises';
import { formatProblem, problemsFrom } from '@stem-match/domain';
import type * as z from 'zod';
import { CliError, EXIT } from './exit-codes.js';

/**
 * Reads a JSON settings file (`what` names it in errors, e.g. "policy file") against a schema:
 * unreadable JSON or any bad or unknown field is refused, naming the field. No path, no settings.
 */
export async function readSettingsFile<S extends z.ZodType>(
  path: string | undefined,
  schema: S,
  what: string,
): Promise<z.input<S>> {
  if (path === undefined) return {} as z.input<S>;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new CliError(
      `cannot read ${what} ${path}: ${err instanceof Error ? err.message : String(err)}`,
      EXIT.badData,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = problemsFrom(parsed.error.issues, json).map(formatProblem).join('; ');
    throw new CliError(`${what} ${path} is invalid: ${problems}`, EXIT.badData);
  }
  // The input form, so defaults are applied once, where the settings are used.
  return json as z.input<S>;
}
