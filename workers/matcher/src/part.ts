import type { Offer, Policy, StoredExplanation } from '@stem-match/domain';
import type { MatchSnapshot } from '@stem-match/matching';

/**
 * What one solve job reads: a part of a run — one or more of the engine's independent components,
 * bundled so a run is a few jobs of similar size rather than one per component — as a sub-snapshot
 * (request ids are `hub:id` references, unique across hubs), with the component each request belongs
 * to, the version each request must still have at commit, and the run's settings.
 */
export interface RunPart {
  run_id: string;
  /** The part's number in its run (one solve job each). */
  part: number;
  /** The components this part bundles, by their number in the run; each is committed exactly once. */
  components: number[];
  seed: number;
  policy: Policy;
  offer_days: number;
  /** Substitutes ranked and stored per filled request, for the offer cascade (0 or absent: none). */
  substitutes?: number;
  snapshot: MatchSnapshot;
  requests: Record<
    string,
    {
      hub: string;
      id: string;
      version: number;
      component: number;
      previous?: StoredExplanation;
      /** A request resuming part-way (DBS withdrawal): the engine's session 1 is this session. */
      first_session?: number;
      /**
       * An offered request the run may re-plan (Policy.replan.change_offers): its unanswered offers
       * as sent. The re-plan stands only if it fills strictly more; otherwise these offers stay.
       */
      replaces?: Offer[];
    }
  >;
}

/** Counts a solve job returns to the run's finish job. */
export interface PartOutcome {
  part: number;
  /** Components in the part. */
  components: number;
  /** Components this job committed; the others had been committed before (a retried or duplicated job). */
  components_committed: number;
  requests: number;
  filled: number;
  priority_filled: number;
  assignments: number;
  unfilled_by_reason: Record<string, number>;
  /** Requests offered, skipped (changed since the snapshot) and explained by this job's commit. */
  committed: number;
  skipped: number;
  /** Requests left open because an ambassador's DBS check no longer covered every session. */
  refused?: number;
  /** Offers already sent that this part's commit withdrew or moved (stable re-planning). */
  offers_withdrawn?: number;
  offers_changed?: number;
  /** True if this job committed at least one component. */
  applied: boolean;
  seconds: number;
}
