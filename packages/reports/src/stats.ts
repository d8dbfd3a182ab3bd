import type { Rag } from '@stem-match/domain';
import type { RagRule } from './options.js';

/**
 * Wilson score interval for a proportion (95% by default): unlike the plain ±1.96·sd interval it stays
 * inside 0–1 and is honest about small counts, so a hub with 4 schools is not read like one with 400.
 */
export function wilson(successes: number, n: number, z = 1.959964): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return { low: Math.max(0, (centre - margin) / denom), high: Math.min(1, (centre + margin) / denom) };
}

/** Quantile by linear interpolation between closest ranks (R's type 7); undefined for no values. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * Red/Amber/Green against a target: green when the rate meets it; amber when it falls short by no more
 * than the rule's margin, or when the 95% interval still reaches the target (too few organisations to
 * call it short); red otherwise.
 */
export function ragFor(rate: number, high: number, target: number, rule: RagRule): Rag {
  if (rate >= target) return 'green';
  if (target - rate <= rule.amber_margin || (rule.interval_amber && high >= target)) return 'amber';
  return 'red';
}

export const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
export const round = (n: number, digits = 4): number => Math.round(n * 10 ** digits) / 10 ** digits;
