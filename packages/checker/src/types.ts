import type {
  Assignment,
  Dataset,
  DeliveryMode,
  LocalDate,
  Policy,
  UnfilledReason,
} from '@stem-match/domain';
import type { Violation } from './violations.js';

/**
 * One row of a run's assignments.csv. Structural on purpose: the engine's ProposedAssignment carries
 * more fields (scores), and a row read back from CSV carries exactly these.
 */
export interface AssignmentRow {
  request_id: Assignment['request_id'];
  session: number;
  ambassador_id: Assignment['ambassador_id'];
  start: string;
  end: string;
  distance_km: number;
  mode: DeliveryMode;
}

/** One row of a run's unfilled.csv, plus the engine's optional `taken_by`. */
export interface UnfilledRow {
  request_id: string;
  reason: UnfilledReason;
  filled: number;
  needed: number;
  nearest_km?: number | undefined;
  funnel: readonly number[];
  taken_by?: readonly string[] | undefined;
}

export interface CheckInput {
  /** Hubs are not needed for any rule. */
  dataset: Pick<Dataset, 'organisations' | 'ambassadors' | 'requests' | 'history' | 'employers'>;
  /** The run date (UK): every session must start on a later day. */
  today: LocalDate;
  assignments: readonly AssignmentRow[];
  unfilled: readonly UnfilledRow[];
  policy: Policy;
}

export interface CheckResult {
  violations: Violation[];
  checked: {
    /** Assignment rows read. */
    assignments: number;
    /** Distinct requests the run assigned or explained. */
    requests: number;
    /** Distinct ambassadors the run assigned. */
    ambassadors: number;
    /** Unfilled rows whose explanation was recomputed. */
    unfilled: number;
  };
}
