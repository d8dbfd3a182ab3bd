import type { Policy, StoredExplanation } from '@stem-match/domain';
import type { MatchSnapshot } from '@stem-match/matching';

/**
 * What one solve job reads: a component's sub-snapshot (request ids are `hub:id` references, unique
 * across hubs), the version each request must still have at commit, and the run's settings.
 */
export interface RunPart {
  run_id: string;
  component: number;
  seed: number;
  policy: Policy;
  offer_days: number;
  snapshot: MatchSnapshot;
  requests: Record<string, { hub: string; id: string; version: number; previous?: StoredExplanation }>;
}

/** Counts a solve job returns to the run's finish job. */
export interface PartOutcome {
  component: number;
  requests: number;
  filled: number;
  priority_filled: number;
  assignments: number;
  unfilled_by_reason: Record<string, number>;
  committed: number;
  skipped: number;
  applied: boolean;
  seconds: number;
}
