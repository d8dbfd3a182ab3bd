import { type ActivityRequest, dayNumber, type Organisation, type Policy } from '@stem-match/domain';
import { popcount } from './masks.js';
import type { ScoreComponents } from './types.js';

/** A filled request is worth FILL_SCALE quality points per unit of fill weight, so no quality gain ever
 * outweighs a fill (a request's quality is far below this under any sane policy). */
export const FILL_SCALE = 1000;

/** Online delivery counts as this much travel in the quality score: organisers prefer local people. */
export const ONLINE_TRAVEL_EQUIVALENT_KM = 20;

const MS_PER_WEEK = 7 * 86_400_000;

/** Level 2 weight of filling a request: older requests and closer deadlines first, targeted tags up. */
export function fillWeight(r: ActivityRequest, org: Organisation, today: number, policy: Policy): number {
  const f = policy.fill;
  const waitedWeeks = Math.max(0, (today * 86_400_000 - Date.parse(r.created_at)) / MS_PER_WEEK);
  let w = f.base + f.per_week_waiting * Math.min(waitedWeeks, 52);
  if (dayNumber(r.window_end) - today <= f.deadline_days) w += f.deadline_soon;
  for (const tag of org.tags) w += f.tags[tag] ?? 0;
  if (policy.priority_mode === 'weighted' && org.priority) w *= policy.priority_weight;
  return w;
}

export interface QualityInput {
  requestSubjects: number;
  ambassadorSubjects: number;
  knowsOrganisation: boolean;
  online: boolean;
  distanceKm: number;
  /** loadPenalty(policy, activities the ambassador did or holds in the year before the run). */
  loadPenalty: number;
}

/** Logarithmic, so the first offers to an inactive ambassador count most (spreading offers is a goal). */
export function loadPenalty(policy: Policy, recentActivities: number): number {
  return -policy.quality.load * Math.log2(1 + recentActivities);
}

/** Level 3 quality of one ambassador on one request: continuity, subject fit, travel and load spread. */
export function quality(q: QualityInput, policy: Policy): ScoreComponents {
  const w = policy.quality;
  const continuity = q.knowsOrganisation ? w.continuity : 0;
  const subject_fit =
    (w.subject_fit * popcount(q.requestSubjects & q.ambassadorSubjects)) / popcount(q.requestSubjects);
  const km = q.online ? ONLINE_TRAVEL_EQUIVALENT_KM : q.distanceKm;
  const travel = -w.travel_per_10km * (km / 10);
  const load = q.loadPenalty;
  const total = round6(continuity + subject_fit + travel + load);
  return { continuity, subject_fit: round6(subject_fit), travel: round6(travel), load: round6(load), total };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
