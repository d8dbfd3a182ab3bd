import {
  ActivityType,
  activityTypeLabels,
  KeyStage,
  keyStageLabels,
  Subject,
  subjectLabels,
} from '@stem-match/domain';

// The words people type for the programme's codes: the codes themselves, the labels reports print,
// and a few everyday forms. Matching is on lower case with runs of spaces, `_` and `-` as one space.

export const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

function lookup<C extends string>(
  codes: readonly C[],
  labels: Record<C, string>,
  extra: Record<string, C>,
): Map<string, C> {
  const words = new Map<string, C>();
  for (const c of codes) {
    words.set(normalise(c), c);
    words.set(normalise(labels[c]), c);
  }
  for (const [word, c] of Object.entries(extra)) words.set(normalise(word), c);
  return words;
}

export const SUBJECT_WORDS = lookup(Subject.options, subjectLabels, {
  science: 'general_science',
  'design technology': 'design_technology',
  'd&t': 'design_technology',
  dt: 'design_technology',
  math: 'maths',
  mathematics: 'maths',
});

export const ACTIVITY_WORDS = lookup(ActivityType.options, activityTypeLabels, {
  'careers talk': 'careers_talk',
  'careers talks': 'careers_talk',
  careers: 'careers_talk',
  'hands on': 'hands_on_practical',
  practical: 'hands_on_practical',
  practicals: 'hands_on_practical',
  'hands on practicals': 'hands_on_practical',
  exhibition: 'exhibition_or_event',
  event: 'exhibition_or_event',
  events: 'exhibition_or_event',
  cpd: 'educator_cpd',
  club: 'stem_club',
  clubs: 'stem_club',
  'stem clubs': 'stem_club',
  competitions: 'competition',
  talks: 'talk',
});

/** Key stages in the programme's order, so `KS3-KS4` can mean every stage from one to the other. */
export const KEY_STAGE_ORDER: readonly KeyStage[] = KeyStage.options;
export const KEY_STAGE_WORDS = lookup(KeyStage.options, keyStageLabels, {
  'post 16': 'FE',
  'early years': 'EYFS',
});

/**
 * Reads a list such as `chemistry, general science and physics` as the codes its phrases name,
 * longest phrase first. `special` may claim a token first (key stage ranges such as `KS3-KS4`).
 * Returns the first piece it cannot read as `unknown`.
 */
export function readPhrases<C>(
  text: string,
  words: ReadonlyMap<string, C>,
  special?: (token: string) => C[] | undefined,
): { codes: C[]; unknown?: string } {
  const tokens = text.split(/[,;/\s]+/).filter((t) => t !== '');
  const codes: C[] = [];
  const add = (c: C) => {
    if (!codes.includes(c)) codes.push(c);
  };
  let i = 0;
  while (i < tokens.length) {
    const claimed = special?.(tokens[i]!);
    if (claimed) {
      claimed.forEach(add);
      i++;
      continue;
    }
    let matched = 0;
    for (let n = Math.min(5, tokens.length - i); n >= 1 && matched === 0; n--) {
      const code = words.get(normalise(tokens.slice(i, i + n).join(' ')));
      if (code !== undefined) {
        add(code);
        matched = n;
      }
    }
    if (matched > 0) i += matched;
    else if (/^(and|&)$/i.test(tokens[i]!)) i++;
    else return { codes, unknown: tokens[i]! };
  }
  return { codes };
}
