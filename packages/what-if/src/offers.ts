import { type ActivityRequest, ActivityType, KeyStage, Subject } from '@stem-match/domain';
import type { RecruitSpec } from './recruit-text.js';

/** What a batch of recruits offers, every part decided. */
export interface Offers {
  subjects: Subject[];
  key_stages: KeyStage[];
  activity_types: ActivityType[];
}

/** How many of each unsaid part a batch offers by default: the commonest asked for. */
export const DEFAULT_OFFERED = 3;

/**
 * Fills in what a spec leaves unsaid from the demand it would meet, counting only the requests the
 * stated parts could serve (so "chemistry" recruits offer what chemistry requests ask for). Each unsaid
 * part gets the `DEFAULT_OFFERED` values asked for most by the requests there that the baseline left
 * unfilled, topped up by those most asked for by every open request there, then nationally; ties in
 * code order. With no demand at all, every value.
 */
export function decideOffers(
  spec: RecruitSpec,
  demand: {
    unfilledThere: readonly ActivityRequest[];
    openThere: readonly ActivityRequest[];
    open: readonly ActivityRequest[];
  },
): Offers {
  const serves = (r: ActivityRequest) =>
    (!spec.subjects || r.subjects.some((s) => spec.subjects!.includes(s))) &&
    (!spec.key_stages || spec.key_stages.includes(r.key_stage)) &&
    (!spec.activity_types || spec.activity_types.includes(r.activity_type));
  const tiers = [demand.unfilledThere, demand.openThere, demand.open].map((rs) => rs.filter(serves));
  const pick = <C extends string>(codes: readonly C[], asked: (r: ActivityRequest) => readonly C[]) =>
    commonest(
      codes,
      tiers.map((rs) => rs.flatMap(asked)),
    );
  return {
    subjects: spec.subjects ?? pick(Subject.options, (r) => r.subjects),
    key_stages:
      spec.key_stages ??
      inOrder(
        KeyStage.options,
        pick(KeyStage.options, (r) => [r.key_stage]),
      ),
    activity_types: spec.activity_types ?? pick(ActivityType.options, (r) => [r.activity_type]),
  };
}

/** The `DEFAULT_OFFERED` codes asked for most, tier by tier; every code when nothing is asked at all. */
function commonest<C extends string>(codes: readonly C[], tiers: ReadonlyArray<readonly C[]>): C[] {
  const counts = codes.map((c) => tiers.map((asked) => asked.filter((a) => a === c).length));
  const ranked = codes
    .map((c, i) => ({ c, i, n: counts[i]! }))
    .filter((x) => x.n.some((n) => n > 0))
    .sort((a, b) => {
      for (let t = 0; t < tiers.length; t++) if (a.n[t] !== b.n[t]) return b.n[t]! - a.n[t]!;
      return a.i - b.i;
    });
  return ranked.length === 0 ? [...codes] : ranked.slice(0, DEFAULT_OFFERED).map((x) => x.c);
}
const inOrder = <C extends string>(order: readonly C[], codes: readonly C[]): C[] =>
  order.filter((c) => codes.includes(c));
