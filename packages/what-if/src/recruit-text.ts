import { type ActivityType, type KeyStage, type Subject, UK_BOUNDS } from '@stem-match/domain';
import { postcodeDistrict } from '@stem-match/geo';
import { RecruitTextError } from './errors.js';
import {
  ACTIVITY_WORDS,
  KEY_STAGE_ORDER,
  KEY_STAGE_WORDS,
  readPhrases,
  SUBJECT_WORDS,
} from './vocabulary.js';

/** Where hypothetical recruits would be based, as the user named it. */
export type PlaceRef =
  | { kind: 'district'; district: string }
  | { kind: 'point'; lat: number; lon: number }
  | { kind: 'cell'; east_km: number; north_km: number };

/** One `--add` (or `--batch`): how many recruits, what they offer, and where. Unsaid parts are left out. */
export interface RecruitSpec {
  text: string;
  count: number;
  subjects?: Subject[];
  key_stages?: KeyStage[];
  activity_types?: ActivityType[];
  place?: PlaceRef;
}

export const MAX_RECRUITS = 1000;
export const ADD_EXAMPLE = '10 chemistry KS3-KS4 ambassadors near TN34';
export const BATCH_EXAMPLE = '5 ambassadors';

type Kind = 'add' | 'batch';
type Word = { subject: Subject } | { stage: KeyStage };

const HEAD_WORDS = new Map<string, Word>([
  ...[...SUBJECT_WORDS].map(([w, subject]) => [w, { subject }] as const),
  ...[...KEY_STAGE_WORDS].map(([w, stage]) => [w, { stage }] as const),
]);
const STAGE = '(EYFS|KS[1-5]|FE)';
const STAGE_RANGE = new RegExp(`^${STAGE}(?:-(EYFS|KS[1-5]|FE|[1-5]))?$`, 'i');

/**
 * Reads `10 chemistry KS3-KS4 ambassadors near TN34 offering careers_talk;talk`: a count, subjects
 * and key stages (a range `KS3-KS4` or a list `KS3;KS4`), the word "ambassadors", then — for an
 * `--add` — where (`near TN34`, `near 50.86,0.58`, `in E 530 N 110`), and optionally `offering`
 * activity types. A `--batch` has no place: the candidate places supply it.
 */
export function parseRecruitText(text: string, kind: Kind = 'add'): RecruitSpec {
  const example = kind === 'add' ? ADD_EXAMPLE : BATCH_EXAMPLE;
  const fail: (what: string) => never = (what) => {
    throw new RecruitTextError(`cannot read --${kind} "${text}": ${what} (example: "${example}")`);
  };
  const clean = text
    .replace(/\bKS\s+(\d)/gi, 'KS$1')
    .replace(new RegExp(`${STAGE}\\s*(?:-|–|\\bto\\b)\\s*(EYFS|KS[1-5]|FE|[1-5])\\b`, 'gi'), '$1-$2')
    .trim();
  if (clean === '') fail('it is empty');
  const head = /^(\S+)(.*?)\bambassadors?\b(.*)$/i.exec(clean);
  const first = clean.split(/\s+/)[0]!;
  const count = Number(head ? head[1] : first);
  if (!Number.isInteger(count) || count < 1 || count > MAX_RECRUITS)
    fail(
      `it should start with how many ambassadors, a whole number from 1 to ${MAX_RECRUITS} (given "${first}")`,
    );
  if (!head) fail('expected the word "ambassadors" after the number, subjects and key stages');
  const spec: RecruitSpec = { text, count, ...readHead(head[2]!, fail) };
  const tail = head[3]!.trim();
  const offering = /(?:^|\s)offering\s+(.+?)(?=\s+(?:near|in)\s|$)/i.exec(tail);
  const where = /(?:^|\s)(near|in)\s+(.+?)(?=\s+offering\s|$)/i.exec(tail);
  const rest = tail
    .replace(offering?.[0] ?? '', ' ')
    .replace(where?.[0] ?? '', ' ')
    .trim();
  if (rest !== '')
    fail(`did not understand "${rest}" (after "ambassadors" come "near …" or "in …" and "offering …")`);
  if (offering) {
    const read = readPhrases(offering[1]!, ACTIVITY_WORDS);
    if (read.unknown !== undefined)
      fail(
        `"${read.unknown}" is not an activity type (one of: ${[...new Set(ACTIVITY_WORDS.values())].join(', ')})`,
      );
    spec.activity_types = read.codes;
  }
  if (kind === 'batch') {
    if (where) fail(`a batch is placed at each candidate place in turn: leave out "${where[0].trim()}"`);
    return spec;
  }
  if (!where) fail('say where: "near TN34", "near 50.86,0.58" or "in E 530 N 110"');
  spec.place = readPlace(where[1]!.toLowerCase() as 'near' | 'in', where[2]!.trim(), fail);
  return spec;
}

function readHead(
  words: string,
  fail: (what: string) => never,
): Pick<RecruitSpec, 'subjects' | 'key_stages'> {
  const read = readPhrases(words, HEAD_WORDS, (token) => {
    const range = stageRange(token, fail);
    return range?.map((stage) => ({ stage }));
  });
  if (read.unknown !== undefined)
    fail(
      `"${read.unknown}" is not a subject or a key stage (subjects: ${[...new Set(SUBJECT_WORDS.values())].join(', ')}; key stages: ${KEY_STAGE_ORDER.join(', ')}, e.g. KS3-KS4 or KS3;KS4)`,
    );
  const subjects = read.codes.flatMap((w) => ('subject' in w ? [w.subject] : []));
  const stages = read.codes.flatMap((w) => ('stage' in w ? [w.stage] : []));
  return {
    ...(subjects.length > 0 ? { subjects: [...new Set(subjects)] } : {}),
    ...(stages.length > 0 ? { key_stages: KEY_STAGE_ORDER.filter((k) => stages.includes(k)) } : {}),
  };
}

/** `KS3` or `KS3-KS4` (also `KS3-4`) as the stages it spans, in the programme's order. */
function stageRange(token: string, fail: (what: string) => never): KeyStage[] | undefined {
  const m = STAGE_RANGE.exec(token);
  if (!m) return undefined;
  const from = m[1]!.toUpperCase() as KeyStage;
  const toText = m[2]?.toUpperCase();
  const to = (toText === undefined ? from : /^\d$/.test(toText) ? `KS${toText}` : toText) as KeyStage;
  const a = KEY_STAGE_ORDER.indexOf(from);
  const b = KEY_STAGE_ORDER.indexOf(to);
  if (b < a)
    fail(`the key stage range "${token}" runs backwards (the order is ${KEY_STAGE_ORDER.join(', ')})`);
  return KEY_STAGE_ORDER.slice(a, b + 1);
}

function readPlace(how: 'near' | 'in', where: string, fail: (what: string) => never): PlaceRef {
  if (how === 'in') {
    const m = /^E\s*(\d+)\s*N\s*(\d+)(?:\s*\([^)]*\))?$/i.exec(where) ?? /^(\d+)\s*:\s*(\d+)$/.exec(where);
    if (!m)
      fail(
        `"in ${where}": expected a grid square as the supply report names it, such as "E 530 N 110" or "530:110"`,
      );
    return { kind: 'cell', east_km: Number(m[1]), north_km: Number(m[2]) };
  }
  const point = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(where);
  if (point) {
    const lat = Number(point[1]);
    const lon = Number(point[2]);
    const { minLat, maxLat, minLon, maxLon } = UK_BOUNDS;
    if (lat < minLat || lat > maxLat || lon < minLon || lon > maxLon)
      fail(
        `"near ${where}" is not in the UK: expected latitude,longitude with latitude ${minLat} to ${maxLat} and longitude ${minLon} to ${maxLon}`,
      );
    return { kind: 'point', lat, lon };
  }
  const district = /^[A-Z]{1,2}\d[A-Z\d]?$/i.test(where) ? where.toUpperCase() : postcodeDistrict(where);
  if (!district)
    fail(
      `"near ${where}": expected a postcode district such as TN34 or a latitude,longitude such as 50.86,0.58`,
    );
  return { kind: 'district', district };
}
