import type * as z from 'zod';
import { problemsFrom, ValidationError } from './errors.js';

/**
 * Parses a record at a trust boundary. On failure throws a ValidationError naming the record,
 * each wrong field, what was given and what was expected (personal fields are never echoed).
 */
export function parseRecord<S extends z.ZodType>(
  schema: S,
  input: unknown,
  record: string,
  personalFields: readonly string[] = [],
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(record, problemsFrom(result.error.issues, input, personalFields));
}
