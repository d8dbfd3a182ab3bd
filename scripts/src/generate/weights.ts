import type { ActivityType, KeyStage, OrganisationKind, Subject } from '@stem-match/domain';

// Distributions the generator draws from; docs/data.md gives each one's source or says it is an assumption.

/** Organisation kinds: GIAS open establishments in England (~70% primary, ~14% secondary, ~4-5% special,
 * ~2-3% 16+/FE) plus youth and community groups. */
export const KINDS: Array<[OrganisationKind, number]> = [
  ['primary', 70],
  ['secondary', 14],
  ['special', 4.5],
  ['college', 2.5],
  ['non_school', 9],
];

/** What ambassadors offer: engineering and computing are the commonest backgrounds; D&T the rarest. */
export const SUBJECTS: Array<[Subject, number]> = [
  ['engineering', 22],
  ['computing', 18],
  ['general_science', 14],
  ['maths', 14],
  ['physics', 10],
  ['chemistry', 9],
  ['biology', 9],
  ['design_technology', 4],
];

/** Requested activities: hands-on practicals and careers talks most common (the programme's top types). */
export const REQUESTED_ACTIVITIES: Array<[ActivityType, number]> = [
  ['hands_on_practical', 30],
  ['careers_talk', 25],
  ['mentoring', 10],
  ['exhibition_or_event', 10],
  ['talk', 10],
  ['stem_club', 7],
  ['competition', 5],
  ['educator_cpd', 3],
];

/** Activities ambassadors offer (each offers two to four). */
export const OFFERED_ACTIVITIES: Array<[ActivityType, number]> = [
  ['careers_talk', 25],
  ['hands_on_practical', 22],
  ['talk', 14],
  ['exhibition_or_event', 12],
  ['mentoring', 11],
  ['stem_club', 8],
  ['competition', 5],
  ['educator_cpd', 3],
];

export const KEY_STAGES: KeyStage[] = ['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5', 'FE'];

/** Key stages a request from each kind of organisation asks for. */
export const KEY_STAGES_BY_KIND: Record<OrganisationKind, Array<[KeyStage, number]>> = {
  primary: [
    ['EYFS', 5],
    ['KS1', 25],
    ['KS2', 70],
  ],
  secondary: [
    ['KS3', 45],
    ['KS4', 40],
    ['KS5', 15],
  ],
  college: [
    ['KS5', 40],
    ['FE', 60],
  ],
  special: [
    ['KS2', 30],
    ['KS3', 40],
    ['KS4', 30],
  ],
  non_school: [
    ['KS3', 30],
    ['FE', 70],
  ],
};
