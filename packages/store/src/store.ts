import {
  type ActivityRequest,
  ActivityRequest as ActivityRequestSchema,
  type Actor,
  type Ambassador,
  type AuditEntry,
  dayToDate,
  type HistoryRecord,
  type Hub,
  Offer,
  type Organisation,
  type RequestResume,
  type RequestStatus,
  RequestStatus as RequestStatusSchema,
  StoredExplanation,
  type StoredRequest,
  toLondonWallClock,
} from '@stem-match/domain';
import type { Cluster, Redis } from 'ioredis';
import { RESPOND_WITH_CASCADE, RESUME_WITH_CASCADE, type StoredSubstitute } from './cascade.js';
import { PUT_HISTORY, putHistory } from './history.js';
import { type Keys, keysFor, requestRef } from './keys.js';
import { READ_ROWS } from './request-rows.js';
import { CANCEL, COMMIT_COMPONENTS, COMPLETE, DBS_WITHDRAW, RESPOND, SUBMIT, TRANSITION } from './scripts.js';
import { submittedLine } from './submitted.js';

export type RedisClient = Redis | Cluster;

/** Rows per pipeline when reading or writing many records. */
const BATCH = 1000;

/** The store's Lua scripts as ioredis commands, defined once when the store is made. */
export interface Scripts {
  stemSubmit(key: string, ...args: string[]): Promise<number>;
  stemTransition(key: string, ...args: string[]): Promise<string>;
  stemCommitComponents(key: string, ...args: string[]): Promise<Array<number | string>>;
  stemRespond(key: string, ...args: string[]): Promise<[string, string]>;
  stemCancel(key: string, ...args: string[]): Promise<string>;
  stemComplete(key: string, ...args: string[]): Promise<string>;
  stemRespondCascade(key: string, ...args: string[]): Promise<string[]>;
  stemResumeCascade(key: string, ...args: string[]): Promise<string[]>;
  /** Its first argument is how many keys follow. */
  stemDbsWithdraw(keys: number, ...args: string[]): Promise<string[]>;
  stemPutHistory(key: string, ...args: string[]): Promise<number>;
  stemReadRows(key: string, ...args: string[]): Promise<Array<string | number | null>>;
}

/** The request fields a component commit writes, per filled request. */
export interface CommitFilled {
  hub: string;
  id: string;
  version: number;
  offers: Offer[];
  /**
   * Re-plans an `offered` request instead (Policy.replan.change_offers): per ambassador of `offers`,
   * the audit event to record — 'offered' (new to the request), 'changed' (other sessions) or ''
   * (the same offer, carried over to this run). Pending offers not in `offers` are withdrawn.
   */
  replace?: Record<string, 'offered' | 'changed' | ''>;
  /** Ranked substitutes for the offer cascade, stored with the commit (see cascade.ts). */
  substitutes?: readonly StoredSubstitute[];
}
export interface CommitUnfilled {
  hub: string;
  id: string;
  version: number;
  explanation: StoredExplanation;
  /** The window has passed: the request becomes `unfilled` for good. */
  expire: boolean;
}
/** What a commit did; `applied` names the components it committed. */
export interface CommitCounts {
  committed: number;
  skipped: number;
  explained: number;
  refused: number;
  /** Re-plans only: unanswered offers withdrawn, and offers moved to other sessions. */
  offers_withdrawn: number;
  offers_changed: number;
  applied: string[];
}

/** One component's result: committed together, at most once per run. */
export interface CommitComponent {
  component: string;
  filled: readonly CommitFilled[];
  unfilled: readonly CommitUnfilled[];
}

/**
 * Redis as the system of record: organisations, ambassadors, requests and their state, offers,
 * match runs and the audit trail. Writes that must go together are single Lua scripts.
 */
export class Store {
  readonly keys: Keys;
  private readonly redis: RedisClient & Scripts;

  constructor(redis: RedisClient, prefix: string) {
    this.keys = keysFor(prefix);
    redis.defineCommand('stemSubmit', { numberOfKeys: 1, lua: SUBMIT });
    redis.defineCommand('stemTransition', { numberOfKeys: 1, lua: TRANSITION });
    redis.defineCommand('stemCommitComponents', { numberOfKeys: 1, lua: COMMIT_COMPONENTS });
    redis.defineCommand('stemRespond', { numberOfKeys: 1, lua: RESPOND });
    redis.defineCommand('stemCancel', { numberOfKeys: 1, lua: CANCEL });
    redis.defineCommand('stemComplete', { numberOfKeys: 1, lua: COMPLETE });
    redis.defineCommand('stemRespondCascade', { numberOfKeys: 1, lua: RESPOND_WITH_CASCADE });
    redis.defineCommand('stemResumeCascade', { numberOfKeys: 1, lua: RESUME_WITH_CASCADE });
    redis.defineCommand('stemDbsWithdraw', { lua: DBS_WITHDRAW });
    redis.defineCommand('stemPutHistory', { numberOfKeys: 1, lua: PUT_HISTORY });
    redis.defineCommand('stemReadRows', { numberOfKeys: 1, lua: READ_ROWS });
    this.redis = redis as RedisClient & Scripts;
  }

  get client(): RedisClient {
    return this.redis;
  }

  /** The store's scripts, for the package's modules that run them (cascade, DBS, history, rows). */
  get scripts(): Scripts {
    return this.redis;
  }

  // ── reference data (imports are idempotent: the same record written twice is one record) ──

  async putHubs(hubs: readonly Hub[]): Promise<void> {
    await this.putAll(hubs, (h) => this.keys.hub(h.id), this.keys.hubs);
  }

  async putOrganisations(organisations: readonly Organisation[], onProgress?: Progress): Promise<void> {
    await this.putAll(
      organisations,
      (o) => this.keys.organisation(o.id),
      this.keys.organisations,
      onProgress,
    );
  }

  async putAmbassadors(ambassadors: readonly Ambassador[], onProgress?: Progress): Promise<void> {
    await this.putAll(ambassadors, (a) => this.keys.ambassador(a.id), this.keys.ambassadors, onProgress);
  }

  /** Past activities, keyed by their content so a re-import adds nothing new (see history.ts). */
  async putHistory(records: readonly HistoryRecord[], onProgress?: Progress): Promise<void> {
    await putHistory(this, records, onProgress);
  }

  private async putAll<T extends { id: string }>(
    items: readonly T[],
    key: (item: T) => string,
    index: string,
    onProgress?: Progress,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      const pipe = this.redis.pipeline();
      for (const item of batch) pipe.set(key(item), JSON.stringify(item));
      pipe.sadd(index, ...batch.map((item) => item.id));
      await exec(pipe);
      onProgress?.(Math.min(i + BATCH, items.length), items.length);
    }
  }

  async getAmbassador(id: string): Promise<Ambassador | undefined> {
    const json = await this.redis.get(this.keys.ambassador(id));
    return json === null ? undefined : (JSON.parse(json) as Ambassador);
  }

  async getOrganisation(id: string): Promise<Organisation | undefined> {
    const json = await this.redis.get(this.keys.organisation(id));
    return json === null ? undefined : (JSON.parse(json) as Organisation);
  }

  // ── requests ──

  /**
   * Creates the request unless this hub already has one with its id; true if it did. One round trip:
   * the check, the write, its indexes and its audit entry are one script.
   */
  async createRequest(request: ActivityRequest, actor: Actor): Promise<boolean> {
    const ref = requestRef(request.hub, request.id);
    const { status: _status, ...data } = request;
    const created = await this.redis.stemSubmit(
      this.keys.request(ref),
      this.keys.prefix,
      ref,
      request.hub,
      request.organisation_id,
      JSON.stringify(data),
      new Date().toISOString(),
      actor,
      submittedLine(data),
    );
    return created === 1;
  }

  /** As createRequest, then reads back what the store holds (the first submission stands). */
  async submitRequest(
    request: ActivityRequest,
    actor: Actor,
  ): Promise<{ created: boolean; stored: StoredRequest }> {
    const created = await this.createRequest(request, actor);
    const stored = await this.getRequest(request.hub, request.id);
    if (!stored)
      throw new Error(`request ${requestRef(request.hub, request.id)} vanished after it was stored`);
    return { created, stored };
  }

  async getRequest(hub: string, id: string): Promise<StoredRequest | undefined> {
    const [found] = await this.getRequests([requestRef(hub, id)]);
    return found;
  }

  /** Many requests by `hub:id` reference, pipelined; missing ones are left out. */
  async getRequests(refs: readonly string[], options: { trusted?: boolean } = {}): Promise<StoredRequest[]> {
    const out: StoredRequest[] = [];
    for (let i = 0; i < refs.length; i += BATCH) {
      const batch = refs.slice(i, i + BATCH);
      const pipe = this.redis.pipeline();
      for (const ref of batch) {
        pipe.hgetall(this.keys.request(ref));
        pipe.hvals(this.keys.offers(ref));
      }
      const results = await exec(pipe);
      for (let j = 0; j < batch.length; j++) {
        const hash = results[2 * j] as Record<string, string>;
        if (!hash.data) continue;
        const offers = results[2 * j + 1] as string[];
        out.push(options.trusted ? decodeTrusted(hash, offers) : decodeRequest(hash, offers));
      }
    }
    return out;
  }

  /**
   * The status of each request (by `hub:id`), undefined where there is none: the cheap look-up a
   * producer makes before queueing. One command for one request, one pipeline for many.
   */
  async requestStatuses(refs: readonly string[]): Promise<Array<RequestStatus | undefined>> {
    if (refs.length === 1) {
      const status = await this.redis.hget(this.keys.request(refs[0]!), 'status');
      return [(status ?? undefined) as RequestStatus | undefined];
    }
    const out: Array<RequestStatus | undefined> = [];
    for (let i = 0; i < refs.length; i += BATCH) {
      const pipe = this.redis.pipeline();
      for (const ref of refs.slice(i, i + BATCH)) pipe.hget(this.keys.request(ref), 'status');
      for (const status of await exec(pipe)) out.push((status ?? undefined) as RequestStatus | undefined);
    }
    return out;
  }

  /** `hub:id` references of requests, by status and optionally hub: one set lookup. */
  async requestRefs(status: RequestStatus, hub?: string): Promise<string[]> {
    const key =
      hub === undefined ? this.keys.requestsByStatus(status) : this.keys.hubRequestsByStatus(hub, status);
    return (await this.redis.smembers(key)).sort();
  }

  async countByStatus(hub?: string): Promise<Record<RequestStatus, number>> {
    const pipe = this.redis.pipeline();
    for (const s of RequestStatusSchema.options) {
      pipe.scard(hub === undefined ? this.keys.requestsByStatus(s) : this.keys.hubRequestsByStatus(hub, s));
    }
    const counts = await exec(pipe);
    return Object.fromEntries(RequestStatusSchema.options.map((s, i) => [s, counts[i] as number])) as Record<
      RequestStatus,
      number
    >;
  }

  /**
   * Moves a request between states if it is in one of `from`, with an audit entry.
   * Returns the status it was in (undefined if the request does not exist).
   */
  async transition(
    hub: string,
    id: string,
    from: readonly RequestStatus[],
    to: RequestStatus,
    actor: Actor,
    event: AuditEntry['event'],
    detail = '',
  ): Promise<RequestStatus | undefined> {
    const ref = requestRef(hub, id);
    const was = await this.redis.stemTransition(
      this.keys.request(ref),
      this.keys.prefix,
      ref,
      hub,
      from.join(','),
      to,
      new Date().toISOString(),
      actor,
      event,
      detail,
      '',
    );
    return was === '' ? undefined : (was as RequestStatus);
  }

  /** A hub cancels its request: offers are withdrawn and ambassadors' time released. Returns the prior status. */
  async cancelRequest(hub: string, id: string, actor: Actor): Promise<RequestStatus | undefined> {
    const ref = requestRef(hub, id);
    const was = await this.redis.stemCancel(
      this.keys.request(ref),
      this.keys.prefix,
      ref,
      hub,
      new Date().toISOString(),
      actor,
    );
    return was === '' ? undefined : (was as RequestStatus);
  }

  // ── match runs ──

  /** Commits one component's result exactly once per run (see commitComponents). */
  async commitComponent(
    runId: string,
    component: string,
    filled: readonly CommitFilled[],
    unfilled: readonly CommitUnfilled[],
  ): Promise<Omit<CommitCounts, 'applied'> & { applied: boolean }> {
    const { applied, ...counts } = await this.commitComponents(runId, [{ component, filled, unfilled }]);
    return { ...counts, applied: applied.length > 0 };
  }

  /**
   * Commits several components' results in one script (one round trip), each exactly once per run
   * (see COMMIT_COMPONENTS). `applied` names the components this call committed; the others had been
   * committed before and were left alone. `refused` counts requests left open because an
   * ambassador's DBS check (as the store holds it now) is not valid on every session's date.
   */
  async commitComponents(runId: string, components: readonly CommitComponent[]): Promise<CommitCounts> {
    const payload = components.map(({ component, filled, unfilled }) => ({
      component,
      filled: filled.map((f) => ({
        ref: requestRef(f.hub, f.id),
        hub: f.hub,
        version: f.version,
        ...(f.replace ? { replace: true } : {}),
        ...(f.substitutes ? { substitutes: JSON.stringify(f.substitutes) } : {}),
        offers: f.offers.map((o) => ({
          audit: f.replace?.[o.ambassador_id] ?? 'offered',
          ambassador_id: o.ambassador_id,
          first: Date.parse(o.sessions[0]!.start),
          last_day: dayToDate(Math.max(...o.sessions.map((s) => toLondonWallClock(s.start).day))),
          json: JSON.stringify(Offer.parse(o)),
        })),
      })),
      unfilled: unfilled.map((u) => ({
        ref: requestRef(u.hub, u.id),
        hub: u.hub,
        version: u.version,
        explanation: JSON.stringify(u.explanation),
        reason: u.explanation.reason,
        expire: u.expire,
      })),
    }));
    const [committed, skipped, explained, refused, withdrawn, changed, ...applied] =
      await this.redis.stemCommitComponents(
        this.keys.runCommitted(runId),
        this.keys.prefix,
        runId,
        new Date().toISOString(),
        JSON.stringify(payload),
      );
    return {
      committed: Number(committed),
      skipped: Number(skipped),
      explained: Number(explained),
      refused: Number(refused),
      offers_withdrawn: Number(withdrawn),
      offers_changed: Number(changed),
      applied: applied.map(String),
    };
  }

  /** An ambassador's answer (or a lapse or cancellation) on their offer; see RESPOND. */
  async respondToOffer(
    hub: string,
    id: string,
    ambassadorId: string,
    to: 'accepted' | 'declined' | 'lapsed' | 'cancelled',
    actor: Actor,
    runId = '',
  ): Promise<{ result: 'ok' | 'stale' | 'missing'; status: RequestStatus | undefined }> {
    const ref = requestRef(hub, id);
    const [result, status] = await this.redis.stemRespond(
      this.keys.request(ref),
      this.keys.prefix,
      ref,
      hub,
      ambassadorId,
      to,
      new Date().toISOString(),
      actor,
      runId,
    );
    return {
      result: result as 'ok' | 'stale' | 'missing',
      status: status === '' ? undefined : (status as RequestStatus),
    };
  }

  /** Records a delivered activity on an accepted offer; returns 'ok' or why not. */
  async completeOffer(
    hub: string,
    id: string,
    ambassadorId: string,
    done: { volunteer_hours: number; participants: number; satisfaction?: number | undefined },
    actor: Actor,
  ): Promise<string> {
    const ref = requestRef(hub, id);
    return this.redis.stemComplete(
      this.keys.request(ref),
      this.keys.prefix,
      ref,
      ambassadorId,
      new Date().toISOString(),
      actor,
      String(done.volunteer_hours),
      String(done.participants),
      done.satisfaction === undefined ? '' : String(done.satisfaction),
    );
  }

  // ── audit trail ──

  /** A request's (`hub:id`) or an ambassador's trail, oldest first. */
  async auditTrail(subject: { request: string } | { ambassador: string }): Promise<AuditEntry[]> {
    const key =
      'request' in subject
        ? this.keys.requestAudit(subject.request)
        : this.keys.ambassadorAudit(subject.ambassador);
    const entries = await this.redis.xrange(key, '-', '+');
    return (
      entries
        .map(([, fields]) => {
          const e: Record<string, string> = {};
          for (let i = 0; i < fields.length; i += 2) e[fields[i]!] = fields[i + 1]!;
          return e as unknown as AuditEntry;
        })
        // In time order: an entry rewritten by an erasure sits at the stream's end with its old time.
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    );
  }
}

export type Progress = (done: number, total: number) => void;

function decodeRequest(hash: Record<string, string>, offers: string[]): StoredRequest {
  const status = RequestStatusSchema.parse(hash.status);
  const request = ActivityRequestSchema.parse({ ...JSON.parse(hash.data!), status });
  return {
    request,
    status,
    version: Number(hash.version),
    submitted_at: hash.submitted_at!,
    updated_at: hash.updated_at!,
    ...(hash.explanation ? { explanation: StoredExplanation.parse(JSON.parse(hash.explanation)) } : {}),
    offers: offers
      .map((o) => Offer.parse(JSON.parse(o)))
      .sort((a, b) => a.ambassador_id.localeCompare(b.ambassador_id)),
    ...resumeOf(hash),
  };
}

/** Where a request part-way through resumes (see DBS_WITHDRAW), if it does. */
function resumeOf(hash: Record<string, string>): { resume?: RequestResume } {
  return hash.resume_from
    ? {
        resume: {
          from_session: Number(hash.resume_from),
          start: hash.resume_start!,
          end: hash.resume_end!,
        },
      }
    : {};
}

/** As decodeRequest, without re-validating what the store validated when it wrote it. */
function decodeTrusted(hash: Record<string, string>, offers: string[]): StoredRequest {
  const status = hash.status as RequestStatus;
  return {
    request: { ...JSON.parse(hash.data!), status },
    status,
    version: Number(hash.version),
    submitted_at: hash.submitted_at!,
    updated_at: hash.updated_at!,
    ...(hash.explanation ? { explanation: JSON.parse(hash.explanation) } : {}),
    offers: offers
      .map((o) => JSON.parse(o) as Offer)
      .sort((a, b) => a.ambassador_id.localeCompare(b.ambassador_id)),
    ...resumeOf(hash),
  };
}

/** Runs a pipeline; any command's error fails the whole call. */
async function exec(pipe: ReturnType<RedisClient['pipeline']>): Promise<unknown[]> {
  const results = (await pipe.exec()) ?? [];
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
