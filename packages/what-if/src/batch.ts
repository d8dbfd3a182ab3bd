import { type ActivityRequest, type Ambassador, formatWeeklyPattern } from '@stem-match/domain';
import type { Baseline } from './baseline.js';
import { WhatIfInputError } from './errors.js';
import { decideOffers, type Offers } from './offers.js';
import type { Place, Places } from './place.js';
import type { RecruitSpec } from './recruit-text.js';
import { type Neighbourhood, recruitAmbassadors } from './recruits.js';

/** A batch of hypothetical recruits, every assumption spelt out. */
export interface Batch {
  key: string;
  text: string;
  place: Place;
  offers: Offers;
  recruits: Ambassador[];
}

/** What a batch's recruits were given, for people and the JSON output. */
export interface BatchDescription {
  text: string;
  place: { label: string; lat: number; lon: number; organisations: number };
  offers: Offers;
  recruits: Array<{ id: string; travel_km: number; max_per_month: number; availability: string }>;
}

export interface BatchContext {
  baseline: Baseline;
  places: Places;
  neighbourhood: Neighbourhood;
}

/**
 * The recruits of one spec at one place. Their habits come from real ambassadors nearby (see
 * Neighbourhood); what they offer, where the spec does not say, from the requests "there": those in
 * the grid square for a square, else those within the recruits' longest travel radius.
 */
export function planBatch(ctx: BatchContext, spec: RecruitSpec, place: Place, key: string): Batch {
  const { baseline, places, neighbourhood } = ctx;
  const templates = neighbourhood.templates(place, spec.count, baseline.seed);
  const reach = Math.max(...templates.map((t) => t.travel_km));
  const inPerson = baseline.inPersonRequests.map((i) => baseline.snapshot.requests[i]!);
  let there: ActivityRequest[];
  if (place.cell) {
    const key = place.cell.key;
    there = inPerson.filter(
      (r) => places.cellOfOrganisation(baseline.organisationOf.get(r.organisation_id)!).key === key,
    );
  } else {
    there = baseline.inPersonIndex
      .within(place.lat, place.lon, reach)
      .map(({ index }) => baseline.snapshot.requests[baseline.inPersonRequests[index]!]!);
  }
  const offers = decideOffers(spec, {
    unfilledThere: there.filter((r) => !baseline.filled.has(r.id)),
    openThere: there,
    open: inPerson,
  });
  const recruits = recruitAmbassadors(key, templates, offers, place, baseline.snapshot.today);
  const taken = recruits.find((a) => baseline.ambassadorIds.has(a.id));
  if (taken)
    throw new WhatIfInputError(
      `the dataset already has an ambassador ${taken.id}, the id a recruit would get`,
    );
  return { key, text: spec.text, place, offers, recruits };
}

export function describeBatch(batch: Batch): BatchDescription {
  const { label, lat, lon, organisations } = batch.place;
  return {
    text: batch.text,
    place: { label, lat, lon, organisations },
    offers: batch.offers,
    recruits: batch.recruits.map((a) => ({
      id: a.id,
      travel_km: a.travel_km,
      max_per_month: a.max_per_month,
      availability: formatWeeklyPattern(a.availability),
    })),
  };
}
