import type {
  ActivityRequest,
  ActivityType,
  Ambassador,
  AssignmentStatus,
  Employer,
  Hub,
  Offer,
  Organisation,
  RequestStatus,
  StoredExplanation,
} from '@stem-match/domain';

/** An ambassador's part in a request, as the store or a run's output holds it. */
export type OfferFact = Pick<
  Offer,
  | 'ambassador_id'
  | 'status'
  | 'sessions'
  | 'distance_km'
  | 'mode'
  | 'volunteer_hours'
  | 'participants'
  | 'satisfaction'
>;

/**
 * A request as reports see it: as submitted, less its weekly hosting times (no report reads them, and
 * the store's report stream does not carry them).
 */
export type RequestDetails = Omit<ActivityRequest, 'times'>;

/** A request with its state, why it is unfilled (if it is), and who holds it. */
export interface RequestFact {
  request: RequestDetails;
  status: RequestStatus;
  explanation?: Omit<StoredExplanation, 'run_id' | 'taken_by'> | undefined;
  offers: readonly OfferFact[];
}

/** One session an ambassador held or holds at an organisation: from history, or from an offer. */
export interface ActivityFact {
  organisation_id: string;
  ambassador_id: string;
  request_id?: string | undefined;
  activity_type: ActivityType;
  start: string;
  end: string;
  status: AssignmentStatus;
  volunteer_hours?: number | undefined;
  participants?: number | undefined;
  satisfaction?: number | undefined;
}

/**
 * What a report reads of requests, so a source can read less: Redis spends most of a request's read
 * on its offers. A source may ignore it and send everything; a report still looks only at what it said.
 */
export interface RequestReads {
  /** The report looks at requests' offers (their sessions as activities, or `offers` itself). */
  offers: boolean;
  /** Only requests holding an offer matter to it (it counts activities, not requests). */
  withOffersOnly: boolean;
}

/**
 * Where a report's facts come from: the store, or a dataset and a run's output. Hubs and organisations
 * are read whole (every report looks them up); the rest arrive in batches, so a long history is never
 * in memory at once.
 */
export interface ReportSource {
  /** Said in the report, e.g. `store stem:{stem}` or `dataset data/ + run out/`. */
  describe: string;
  hubs(): Promise<Hub[]>;
  organisations(): Promise<Organisation[]>;
  /** Employers' volunteering budgets, where the source has them (employers.csv in file mode). */
  employers?(): Promise<Employer[]>;
  ambassadors(): AsyncIterable<readonly Ambassador[]>;
  requests(reads?: RequestReads): AsyncIterable<readonly RequestFact[]>;
  /** Activities recorded outside the engine (history imports); offers' sessions come with requests. */
  history(): AsyncIterable<readonly ActivityFact[]>;
  /** How many of each will stream, for a progress bar. */
  sizes(): Promise<{ ambassadors: number; requests: number; history: number }>;
}

/**
 * The sessions of a request's offers, as activities. An offer's volunteer hours and participants are
 * recorded for the whole offer: hours are spread evenly over its sessions; participants and satisfaction
 * belong to its first session.
 */
export function activitiesOf(fact: RequestFact): ActivityFact[] {
  const out: ActivityFact[] = [];
  for (const offer of fact.offers) {
    const n = offer.sessions.length;
    for (const s of offer.sessions) {
      out.push({
        organisation_id: fact.request.organisation_id,
        ambassador_id: offer.ambassador_id,
        request_id: fact.request.id,
        activity_type: fact.request.activity_type,
        start: s.start,
        end: s.end,
        status: offer.status,
        volunteer_hours: offer.volunteer_hours === undefined ? undefined : offer.volunteer_hours / n,
        // The same young people and the same organiser across a series: counted once, on its first session.
        participants: s === offer.sessions[0] ? offer.participants : undefined,
        satisfaction: s === offer.sessions[0] ? offer.satisfaction : undefined,
      });
    }
  }
  return out;
}
