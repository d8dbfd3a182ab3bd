import { ActivityType, KeyStage, Subject } from '@stem-match/domain';

// Offers are compared as bit masks so the funnel's filters are one AND each.

function maskOf<T extends string>(all: readonly T[]) {
  const bit = new Map(all.map((v, i) => [v, 1 << i]));
  return (values: readonly T[]): number => values.reduce((m, v) => m | (bit.get(v) ?? 0), 0);
}

export const subjectMask = maskOf(Subject.options);
export const activityMask = maskOf(ActivityType.options);
export const keyStageMask = maskOf(KeyStage.options);

export function popcount(n: number): number {
  let c = 0;
  for (let v = n; v !== 0; v &= v - 1) c++;
  return c;
}
