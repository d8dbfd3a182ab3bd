import type { Dataset } from '@stem-match/domain';
import type { MatchSnapshot } from '@stem-match/matching';

export interface InstanceSpec {
  name: string;
  scale: 'small' | 'region' | 'national';
  seed: number;
  factor?: number;
  /** Multiplies the requests only (the same organisations, ambassadors and history). */
  demandFactor?: number;
  today: string;
  /** Solve with HiGHS too (only where it can finish). */
  exact: boolean;
}

type Generate = (o: {
  scale: InstanceSpec['scale'];
  seed: number;
  today: string;
  factor?: number;
  demandFactor?: number;
}) => Dataset;

/** The dataset a bench instance stands for, as a match snapshot of its open requests. */
export function instanceSnapshot(spec: InstanceSpec, generate: Generate): MatchSnapshot {
  const d = generate({
    scale: spec.scale,
    seed: spec.seed,
    today: spec.today,
    ...(spec.factor ? { factor: spec.factor } : {}),
    ...(spec.demandFactor ? { demandFactor: spec.demandFactor } : {}),
  });
  return {
    organisations: d.organisations,
    ambassadors: d.ambassadors,
    requests: d.requests.filter((r) => r.status === 'open'),
    history: d.history,
    today: spec.today,
  };
}

const TODAY = '2026-11-24';

export const MATCH_INSTANCES: InstanceSpec[] = [
  { name: 'small-seed1', scale: 'small', seed: 1, today: TODAY, exact: true },
  { name: 'small-seed2', scale: 'small', seed: 2, today: TODAY, exact: true },
  { name: 'small-seed3', scale: 'small', seed: 3, today: TODAY, exact: true },
  { name: 'region-seed1', scale: 'region', seed: 1, today: TODAY, exact: true },
  { name: 'region-seed2', scale: 'region', seed: 2, today: TODAY, exact: true },
  { name: 'region-seed3', scale: 'region', seed: 3, today: TODAY, exact: true },
  { name: 'national-seed1', scale: 'national', seed: 1, today: TODAY, exact: false },
  { name: 'national-x3-seed1', scale: 'national', seed: 1, factor: 3, today: TODAY, exact: false },
  // Not the issue's ×3 (everything three times): three times the demand on the same supply, to tell
  // what grows with demand from what grows with the density of ambassadors.
  {
    name: 'national-demand-x3-seed1',
    scale: 'national',
    seed: 1,
    demandFactor: 3,
    today: TODAY,
    exact: false,
  },
];
