export { checkRun } from './check-run.js';
export type { AssignmentRow, CheckInput, CheckResult, UnfilledRow } from './types.js';
export { VIOLATION_RULES, type Violation, type ViolationRule } from './violations.js';
