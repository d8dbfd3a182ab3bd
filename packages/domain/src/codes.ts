import * as z from 'zod';

// The programme's own categories. Codes are what CSV and JSON carry; labels are for people.
// There is deliberately no catch-all "other": every record names a real category.

export const ActivityType = z.enum([
  'hands_on_practical',
  'careers_talk',
  'mentoring',
  'exhibition_or_event',
  'educator_cpd',
  'stem_club',
  'competition',
  'talk',
]);
export type ActivityType = z.infer<typeof ActivityType>;
export const activityTypeLabels: Record<ActivityType, string> = {
  hands_on_practical: 'Hands-on practical',
  careers_talk: 'STEM careers talk and advice',
  mentoring: 'Mentoring or support',
  exhibition_or_event: 'Supporting an exhibition or event',
  educator_cpd: 'Professional development of educators',
  stem_club: 'STEM club',
  competition: 'Competition',
  talk: 'Talk',
};

export const Subject = z.enum([
  'biology',
  'chemistry',
  'physics',
  'general_science',
  'maths',
  'computing',
  'engineering',
  'design_technology',
]);
export type Subject = z.infer<typeof Subject>;
export const subjectLabels: Record<Subject, string> = {
  biology: 'Biology',
  chemistry: 'Chemistry',
  physics: 'Physics',
  general_science: 'General science',
  maths: 'Maths',
  computing: 'Computing',
  engineering: 'Engineering',
  design_technology: 'Design and technology',
};

export const KeyStage = z.enum(['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5', 'FE']);
export type KeyStage = z.infer<typeof KeyStage>;
export const keyStageLabels: Record<KeyStage, string> = {
  EYFS: 'Early years (EYFS)',
  KS1: 'Key stage 1',
  KS2: 'Key stage 2',
  KS3: 'Key stage 3',
  KS4: 'Key stage 4',
  KS5: 'Key stage 5',
  FE: 'Post-16 / further education and non-school',
};

export const Mode = z.enum(['in_person', 'online', 'either']);
export type Mode = z.infer<typeof Mode>;
/** How one assignment is actually delivered. */
export const DeliveryMode = z.enum(['in_person', 'online']);
export type DeliveryMode = z.infer<typeof DeliveryMode>;

export const DbsStatus = z.enum(['cleared', 'pending', 'expired', 'none']);
export type DbsStatus = z.infer<typeof DbsStatus>;

export const OrganisationKind = z.enum(['primary', 'secondary', 'college', 'special', 'non_school']);
export type OrganisationKind = z.infer<typeof OrganisationKind>;
export const organisationKindLabels: Record<OrganisationKind, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
  college: 'College (16+ / FE)',
  special: 'Special school',
  non_school: 'Youth or community group',
};

/** Targeting schemes beside Priority Schools; reports break down by tag and the policy may weight them. */
export const OrganisationTag = z.enum([
  'opportunity_area',
  'social_mobility_coldspot',
  'widening_participation',
  'rural',
  'coastal',
]);
export type OrganisationTag = z.infer<typeof OrganisationTag>;

export const RequestStatus = z.enum([
  'open',
  'matched',
  'offered',
  'confirmed',
  'unfilled',
  'cancelled',
  'expired',
]);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const AssignmentStatus = z.enum(['offered', 'accepted', 'declined', 'completed', 'cancelled']);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;
/** Assignment states that hold an ambassador's time (count for overlap, monthly capacity and employer budgets). */
export const BOOKING_STATUSES: readonly AssignmentStatus[] = ['offered', 'accepted', 'completed'];

/** The funnel: the first stage at which an unfilled request's candidates fell to zero. */
export const UnfilledReason = z.enum([
  'no_ambassador_in_range',
  'no_dbs_cleared',
  'no_subject_match',
  'no_activity_type_match',
  'no_key_stage_match',
  'no_common_time',
  'taken_by_other_requests',
  'partially_filled',
  'employer_budget_exhausted',
]);
export type UnfilledReason = z.infer<typeof UnfilledReason>;
export const unfilledReasonLabels: Record<UnfilledReason, string> = {
  no_ambassador_in_range: 'No ambassador within travel range (and none online)',
  no_dbs_cleared: 'No ambassador in range with a DBS check valid for the dates',
  no_subject_match: 'No DBS-cleared ambassador in range offers the subject',
  no_activity_type_match: 'No suitable ambassador offers this activity type',
  no_key_stage_match: 'No suitable ambassador offers this key stage',
  no_common_time: 'No suitable ambassador is free at a time the organisation can host',
  taken_by_other_requests: 'Suitable ambassadors exist but are better used by other requests',
  partially_filled: 'Some but not all of the ambassadors needed could be found',
  employer_budget_exhausted:
    "Suitable ambassadors are free, but their employer's volunteering days for the year are used up",
};

/** The funnel's stages in order; an unfilled request's `funnel` holds the candidates left after each. */
export const FUNNEL_STAGES = [
  'in_range',
  'dbs_cleared',
  'subject',
  'activity_type',
  'key_stage',
  'common_time',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
/** The reason given when a stage is the first to leave no candidate. */
export const REASON_AT_STAGE: Record<FunnelStage, UnfilledReason> = {
  in_range: 'no_ambassador_in_range',
  dbs_cleared: 'no_dbs_cleared',
  subject: 'no_subject_match',
  activity_type: 'no_activity_type_match',
  key_stage: 'no_key_stage_match',
  common_time: 'no_common_time',
};
