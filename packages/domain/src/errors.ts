import type * as z from 'zod';
import { looksPersonal, WITHHELD, withholdPersonal } from './personal.js';

/** Every error stem-match raises carries one of these codes, for machines; the message is for people. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'CSV_INVALID'
  | 'NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'LIMIT_EXCEEDED'
  | 'UNAVAILABLE';

export abstract class StemMatchError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** One thing wrong with one field of one record. */
export interface Problem {
  /** Dotted path, e.g. `subjects.1`. */
  field: string;
  /** What was given, shortened; personal fields are never echoed. */
  given: string;
  expected: string;
}

export class ValidationError extends StemMatchError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    /** Which record, e.g. `request R-12 (hub london)`. */
    readonly record: string,
    readonly problems: Problem[],
  ) {
    super(`${record} is invalid: ${problems.map(formatProblem).join('; ')}`);
  }
}

/** A problem in one cell of a CSV file. */
export interface CsvProblem extends Problem {
  file: string;
  /** 1-based line in the file, counting the header as line 1. */
  line: number;
  column: string;
}

export class CsvError extends StemMatchError {
  readonly code = 'CSV_INVALID';
  constructor(
    readonly file: string,
    readonly problems: CsvProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem(s); first: ${problems[0] ? formatCsvProblem(problems[0]) : 'none'}`,
    );
  }
}

export class NotFoundError extends StemMatchError {
  readonly code = 'NOT_FOUND';
}

export class ConfigError extends StemMatchError {
  readonly code = 'CONFIG_INVALID';
}

export class LimitExceededError extends StemMatchError {
  readonly code = 'LIMIT_EXCEEDED';
}

/** Redis (or another service a call needs) cannot be reached now; trying again later may succeed. */
export class UnavailableError extends StemMatchError {
  readonly code = 'UNAVAILABLE';
}

export function formatProblem(p: Problem): string {
  return `${p.field || '(record)'}: ${p.expected} (given ${p.given})`;
}

export function formatCsvProblem(p: CsvProblem): string {
  return `${p.file}:${p.line} column ${p.column}: ${p.expected} (given ${p.given})`;
}

const MAX_GIVEN = 60;

/** A short, safe rendering of a given value for an error message. */
export function describeGiven(value: unknown, personal = false): string {
  if (personal || (typeof value === 'string' && looksPersonal(value))) return WITHHELD;
  if (value === undefined) return 'nothing';
  const safe = withholdPersonal(value);
  const text = typeof safe === 'string' ? JSON.stringify(safe) : safeJson(safe);
  return text.length > MAX_GIVEN ? `${text.slice(0, MAX_GIVEN)}… (${text.length} characters)` : text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** Turns zod issues into problems: which field, what was given, what was expected. */
export function problemsFrom(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  personalFields: readonly string[] = [],
): Problem[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return {
        field: field || '(record)',
        given: describeGiven(issue.keys.map((k) => withholdPersonal(k)).join(', ')),
        expected: 'no such field',
      };
    }
    const personal = personalFields.includes(String(issue.path[0] ?? ''));
    return { field, given: describeGiven(valueAt(input, issue.path), personal), expected: issue.message };
  });
}
