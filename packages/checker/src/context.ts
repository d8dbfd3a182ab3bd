import {
  type ActivityRequest,
  type ActivityType,
  type Ambassador,
  dayNumber,
  type HistoryRecord,
  type KeyStage,
  type Organisation,
  type Policy,
} from '@stem-match/domain';
import { ExistingBookings, getOrSet } from './calendar.js';
import { ReachGrid } from './distance.js';
import type { SlotRules } from './slots.js';
import type { CheckInput } from './types.js';
import { ViolationLog } from './violations.js';

/**
 * An ambassador still in a funnel. `certain` is false when their distance sits so close to the
 * limit that rounding decides it: such an ambassador may or may not have been counted.
 */
export interface Candidate {
  ambassador: Ambassador;
  certain: boolean;
}

/** The dataset looked up by id, plus what every rule needs; built once per check. */
export interface CheckContext {
  requests: Map<string, ActivityRequest>;
  ambassadors: Map<string, Ambassador>;
  organisations: Map<string, Organisation>;
  history: readonly HistoryRecord[];
  bookings: ExistingBookings;
  rules: SlotRules;
  policy: Policy;
  log: ViolationLog;
  /** Built on first use: only unfilled explanations need them. */
  reachGrid: () => ReachGrid;
  /** Every online ambassador, as a certain candidate (made once: a national run asks thousands of times). */
  onlineCandidates: () => readonly Candidate[];
  /** In-person ambassadors who offer an activity type and key stage (for the nearest-ambassador check). */
  inPersonOffering: (type: ActivityType, stage: KeyStage) => readonly Ambassador[];
}

export function buildContext(input: CheckInput): CheckContext {
  const { dataset, policy } = input;
  let grid: ReachGrid | undefined;
  let online: Candidate[] | undefined;
  let offering: Map<string, Ambassador[]> | undefined;
  return {
    requests: byId(dataset.requests),
    ambassadors: byId(dataset.ambassadors),
    organisations: byId(dataset.organisations),
    history: dataset.history,
    bookings: new ExistingBookings(dataset.history),
    rules: {
      today: dayNumber(input.today),
      stepMin: policy.slot_step_min,
      dbsMarginDays: policy.dbs.margin_days,
      bufferMin: policy.travel_buffer_min,
    },
    policy,
    log: new ViolationLog(),
    reachGrid: () => {
      grid ??= new ReachGrid(dataset.ambassadors);
      return grid;
    },
    onlineCandidates: () => {
      online ??= dataset.ambassadors.filter((a) => a.online).map((a) => ({ ambassador: a, certain: true }));
      return online;
    },
    inPersonOffering: (type, stage) => {
      if (!offering) {
        offering = new Map();
        for (const a of dataset.ambassadors) {
          if (!a.in_person) continue;
          for (const t of a.activity_types) {
            for (const k of a.key_stages) getOrSet(offering, `${t}/${k}`, () => []).push(a);
          }
        }
      }
      return offering.get(`${type}/${stage}`) ?? [];
    },
  };
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(item.id, item);
  return map;
}
