import type {
  Assignment,
  Dataset,
  LocalDate,
  Policy,
  UnfilledReason,
  UnfilledRequest,
} from '@stem-match/domain';
import type { RequestAlternatives } from './alternatives.js';

/** What a match reads: the dataset's entities plus the day the run happens. */
export interface MatchSnapshot extends Omit<Dataset, 'hubs'> {
  /** The run date (UK). Sessions can start from the day after. */
  today: LocalDate;
  /** Ambassadors who declined (or let lapse) a request: never offered it again; counted as not free. */
  declined?: ReadonlyArray<{ request_id: string; ambassador_id: string }>;
}

export type SolverName = 'engine' | 'exact' | 'greedy';

export interface MatchOptions {
  solver?: SolverName;
  /** Seeds the engine's tie-breaking and search order; same input + seed = same result. */
  seed?: number;
  /** Wall-clock budget for the engine's improvement phase, per run (ms). */
  timeLimitMs?: number;
  /** Called as work advances, for progress bars. */
  onProgress?: (stage: MatchStage, done: number, total: number) => void;
  /** Rank up to this many substitutes per filled request (MatchResult.substitutes; see substitutesOf). */
  substitutes?: number;
}
export type MatchStage = 'candidates' | 'solve' | 'explain';

/** Why an assignment scores what it does (the quality level of the objective). */
export interface ScoreComponents {
  continuity: number;
  subject_fit: number;
  travel: number;
  load: number;
  total: number;
}

export interface ProposedAssignment
  extends Omit<Assignment, 'status' | 'volunteer_hours' | 'participants' | 'satisfaction'> {
  score: ScoreComponents;
}

export interface Explanation extends UnfilledRequest {
  reason: UnfilledReason;
  /** For taken_by_other_requests: the requests that hold this one's candidates. */
  taken_by: string[];
}

/** The lexicographic objective, level by level, and its scalar form. */
export interface ObjectiveValue {
  priority_filled: number;
  /** Level 2: the summed reach weights of organisations this run reaches for the first time this academic year. */
  reach: number;
  /** Organisations with no activity yet this academic year that get at least one filled request… */
  new_organisations_reached: number;
  /** …of which Priority Schools (the headline KPI moves by these). */
  new_priority_schools_reached: number;
  filled: number;
  /** Level 3: the sum of filled requests' fill weights. */
  weighted_filled: number;
  /** Level 4: the sum of assignment quality. */
  quality: number;
  /** FILL_SCALE × weighted_filled + quality: one number to compare solvers by (Priority and reach compared first). */
  scalar: number;
}

export interface RunStats {
  solver: SolverName;
  requests: number;
  /** Requests from Priority Schools. */
  priority_requests: number;
  ambassadors: number;
  candidate_pairs: number;
  /** Pairs of request and ambassador whose times were checked (the costly test), in building and explaining. */
  time_checks: number;
  components: number;
  largest_component: number;
  /** Exact solver only: false when HiGHS stopped at the time limit on some component. */
  exact_optimal?: boolean;
  /** `substitutes` only when they were asked for. */
  seconds: { candidates: number; solve: number; explain: number; substitutes?: number; total: number };
}

/** One employer budget in one academic year: what was booked before the run and what the run adds. */
export interface EmployerBudgetUse {
  employer: string;
  /** `2026/27`: 1 September to 31 August. */
  academic_year: string;
  days: number;
  /** Sessions already booked (offered, accepted or completed) by the employer's ambassadors. */
  booked_before: number;
  /** Sessions this run gives them. */
  this_run: number;
  left: number;
}

export interface MatchResult {
  assignments: ProposedAssignment[];
  unfilled: Explanation[];
  objective: ObjectiveValue;
  /** Per employer budget and academic year the run or its bookings touch (empty without employers). */
  employer_budgets: EmployerBudgetUse[];
  stats: RunStats;
  policy: Policy;
  /** With options.substitutes: each filled request's substitutes, in request order. */
  substitutes?: RequestAlternatives[];
}
