import * as z from 'zod';
import { Instant } from './calendar.js';
import { AssignmentStatus, DeliveryMode, type RequestStatus, UnfilledReason } from './codes.js';
import { type ActivityRequest, HubId, Id } from './entities.js';

/** One session of an offer: when the ambassador is asked to be there. */
export const OfferSession = z.strictObject({ session: z.int().min(1), start: Instant, end: Instant });

/**
 * What an ambassador is offered for one request: every session of it, answered as a whole.
 * An offer is the stored form of that ambassador's assignments.
 */
export const Offer = z.strictObject({
  request_id: Id,
  hub: HubId,
  ambassador_id: Id,
  sessions: z.array(OfferSession).min(1),
  distance_km: z.number().min(0),
  mode: DeliveryMode,
  status: AssignmentStatus,
  run_id: Id,
  offered_at: Instant,
  /** When an unanswered offer lapses. */
  reply_by: Instant,
  responded_at: Instant.optional(),
  volunteer_hours: z.number().min(0).max(1000).optional(),
  participants: z.int().min(0).max(100_000).optional(),
  satisfaction: z.int().min(1).max(5).optional(),
});
export type Offer = z.infer<typeof Offer>;

/** Why a stored request is unfilled, as the last match run explained it. */
export const StoredExplanation = z.strictObject({
  reason: UnfilledReason,
  filled: z.int().min(0),
  needed: z.int().min(1),
  nearest_km: z.number().min(0).optional(),
  funnel: z.array(z.int().min(0)),
  taken_by: z.array(z.string()).default([]),
  run_id: Id,
});
export type StoredExplanation = z.infer<typeof StoredExplanation>;

export const AuditEvent = z.enum([
  'submitted',
  'matched',
  'offered',
  'accepted',
  'declined',
  'lapsed',
  'withdrawn',
  'cancelled',
  'completed',
  'unfilled',
  'reopened',
  'confirmed',
  /** A re-plan moved an unanswered offer to other sessions (Policy.replan.change_offers). */
  'changed',
  /** A substitute was offered at once in place of an ambassador who dropped out (the offer cascade). */
  'cascaded',
  /** A commit refused an offer: the ambassador's DBS was not valid on a session's date. */
  'dbs_refused',
  /** An ambassador's personal data was erased (UK GDPR); names no value. */
  'erased',
]);
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Who did it: a hub, a match run, an ambassador, or the system (expiry, erasure). */
export const Actor = z
  .string()
  .regex(/^(hub|run|ambassador|system):[^\s]+$/, 'expected an actor like hub:london');
export type Actor = z.infer<typeof Actor>;

/** One line of the append-only audit trail. */
export const AuditEntry = z.strictObject({
  at: Instant,
  event: AuditEvent,
  actor: Actor,
  request: z.string().optional(),
  ambassador: z.string().optional(),
  detail: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** A request as the store holds it: as submitted, plus its state. */
export interface StoredRequest {
  request: ActivityRequest;
  status: RequestStatus;
  version: number;
  submitted_at: string;
  updated_at: string;
  explanation?: StoredExplanation;
  offers: Offer[];
  /**
   * Set when an ambassador was withdrawn part-way through (their DBS lapsed): the sessions from
   * `from_session` on (the first starting at `start`) need someone new; the rest stand.
   */
  resume?: RequestResume;
}

export const RequestResume = z.strictObject({ from_session: z.int().min(1), start: Instant, end: Instant });
export type RequestResume = z.infer<typeof RequestResume>;
