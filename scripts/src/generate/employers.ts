import type { Ambassador, Employer } from '@stem-match/domain';
import { Random } from './random.js';

/** Employers with at least this many ambassadors on record run a volunteering scheme. */
const SCHEME_MIN_AMBASSADORS = 3;

/**
 * Volunteering budgets for the larger employers: 2–4 days a year per ambassador on record
 * (assumption; see docs/data.md). A random stream of its own, so no other file changes.
 */
export function generateEmployers(seed: number, ambassadors: readonly Ambassador[]): Employer[] {
  const random = new Random(seed * 7919 + 17);
  const counts = new Map<string, number>();
  for (const a of ambassadors) if (a.employer) counts.set(a.employer, (counts.get(a.employer) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n >= SCHEME_MIN_AMBASSADORS)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([employer, n]) => ({ employer, volunteering_days_per_year: n * random.int(2, 4) }));
}
