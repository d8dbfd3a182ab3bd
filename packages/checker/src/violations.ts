/**
 * Every rule the checker can find broken. A closed list so that callers (the CLI, property tests)
 * can count and filter violations by code, and so that each code has a test that provokes it.
 */
export const VIOLATION_RULES = [
  // References and request state (design rule 6)
  'unknown_request',
  'unknown_ambassador',
  'unknown_organisation',
  'request_not_open',
  // DBS (rule 1)
  'dbs_not_cleared',
  'dbs_expired',
  // Place (rule 2)
  'mode_not_allowed_by_request',
  'mode_not_offered_by_ambassador',
  'out_of_range',
  'distance_mismatch',
  // Subject, activity type, key stage (rule 3)
  'subject_mismatch',
  'activity_type_mismatch',
  'key_stage_mismatch',
  // Time (rule 4)
  'invalid_time',
  'wrong_duration',
  'not_after_today',
  'outside_window',
  'series_spacing',
  'start_time_differs',
  'team_times_differ',
  'outside_hosting_times',
  'outside_availability',
  'on_unavailable_date',
  'clash',
  // Capacity (rule 5)
  'over_monthly_capacity',
  'over_employer_budget',
  // Teams and coverage (rule 6)
  'duplicate_assignment',
  'incomplete_series',
  'wrong_team_size',
  'assigned_and_unfilled',
  'duplicate_unfilled',
  'request_dropped',
  // Unfilled explanations (rule 7)
  'unfilled_counts_invalid',
  'funnel_mismatch',
  'wrong_reason',
  'taken_by_invalid',
  'nearest_km_invalid',
] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

/** One broken rule, with the ids it concerns and a sentence a person can act on. */
export interface Violation {
  rule: ViolationRule;
  request_id?: string;
  ambassador_id?: string;
  session?: number;
  message: string;
}

/** Collects violations; the ids are optional so each call site names only what it knows. */
export class ViolationLog {
  readonly items: Violation[] = [];

  add(
    rule: ViolationRule,
    ids: { request_id?: string; ambassador_id?: string; session?: number },
    message: string,
  ): void {
    const v: Violation = { rule, message };
    if (ids.request_id !== undefined) v.request_id = ids.request_id;
    if (ids.ambassador_id !== undefined) v.ambassador_id = ids.ambassador_id;
    if (ids.session !== undefined) v.session = ids.session;
    this.items.push(v);
  }
}
