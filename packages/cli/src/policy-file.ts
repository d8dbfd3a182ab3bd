import { readFile } from 'node:fs/promises';
import { formatProblem, Policy, type PolicyInput, problemsFrom } from '@stem-match/domain';
import { CliError, EXIT } from './exit-codes.js';

/** Reads a policy override (JSON, any subset of the Policy fields); unknown or bad fields are refused. */
export async function readPolicyFile(path: string | undefined): Promise<PolicyInput> {
  if (path === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new CliError(
      `cannot read policy file ${path}: ${err instanceof Error ? err.message : String(err)}`,
      EXIT.badData,
    );
  }
  const parsed = Policy.safeParse(json);
  if (!parsed.success) {
    const problems = problemsFrom(parsed.error.issues, json).map(formatProblem).join('; ');
    throw new CliError(`policy file ${path} is invalid: ${problems}`, EXIT.badData);
  }
  return parsed.data;
}
