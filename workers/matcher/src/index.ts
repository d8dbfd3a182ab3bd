import { type Offer, Policy, type PolicyInput } from '@stem-match/domain';
import type { Logger } from '@stem-match/log';
import { DEFAULT_SUBSTITUTES } from '@stem-match/matching';
import {
  DBS_CASCADE,
  DBS_SWEEP,
  DbsCascadeJob,
  DbsSweepJob,
  deadLetter,
  jobIdFor,
  MatchRunJob,
  NIGHTLY_MATCH,
  openDeadLetters,
  QUEUES,
  SolveJob,
  upsertSchedule,
  watchHubQueues,
} from '@stem-match/queue';
import type { RedisClient } from '@stem-match/store';
import {
  acquireRunLock,
  currentRun,
  type DbsWithdrawal,
  getRun,
  getRunPlan,
  putRun,
  putRunIfAbsent,
  putRunInputsPlan,
  putRunPlan,
  releaseRunLock,
  resumeWithCascade,
  Store,
  withdrawLapsedDbs,
} from '@stem-match/store';
import { DelayedError, FlowProducer, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { logDelivery, type ReminderDelivery } from './delivery.js';
import { type Cascade, processOffer } from './offers.js';
import type { PartOutcome } from './part.js';
import { planRun } from './plan.js';
import { processReminder, scheduleReminders } from './reminders.js';
import { solvePart } from './solve.js';

export { logDelivery, type Reminder, type ReminderDelivery, webhookDelivery } from './delivery.js';
export { type Cascade, processOffer } from './offers.js';
export type { PartOutcome, RunPart } from './part.js';
export { bundleComponents, defaultParts, planRun } from './plan.js';
export {
  processReminder,
  REMINDER_DAYS,
  REMINDER_MINUTE,
  reminderJobs,
  reminderTimes,
  scheduleReminders,
} from './reminders.js';
export {
  type AssignmentReason,
  type ReplayDifference,
  ReplayError,
  type ReplayedPart,
  type ReplayReport,
  replayRun,
  weakestOf,
} from './replay.js';
export {
  type ChosenAmbassador,
  type ReplayInput,
  type ReplayOutput,
  type RequestOutcome,
  recordReplay,
  replayInput,
  replayOutput,
} from './replay-record.js';
export { solvePart } from './solve.js';

export interface MatcherOptions {
  connection: RedisClient;
  prefix: string;
  queuePrefix: string;
  log: Logger;
  /** Days an ambassador has to answer an offer. */
  offerDays: number;
  /**
   * The offer cascade: substitutes ranked and kept per filled request (default 3; 0 turns the cascade
   * off), and the hours a substitute has to answer (default 48, at most until a day before the first
   * session).
   */
  substitutes?: number;
  cascadeReplyHours?: number;
  /**
   * Where reminders go (7 days and 1 day before each session, 09:00 Europe/London, to confirmed
   * ambassadors and organisers): default a log line each (`logDelivery`); `webhookDelivery` POSTs them.
   */
  reminderDelivery?: ReminderDelivery;
  /** The matching policy's overrides (defaults otherwise), e.g. `replan: { change_offers: true }`. */
  policy?: PolicyInput;
  seed?: number;
  /**
   * Solve jobs one process works on at once (default 1). Solving is CPU-bound on this thread, so more
   * only overlaps one part's Redis reads and writes with another's solving, and would take parts
   * that another process could be solving.
   */
  concurrency?: number;
  /**
   * At most this many parts (solve jobs) per run: the run's independent components are bundled into
   * parts of similar size. Default: twice this machine's CPUs.
   */
  parts?: number;
  /** Delay before a re-match after a decline or lapse, so a burst of replies makes one run. */
  rematchDelayMs?: number;
  /**
   * How long a job's lock lasts without renewal (default 5 min: a solve holds the thread for tens of
   * seconds), so how soon a job of a crashed process is handed to another; and how many such hand-overs
   * a job may have before it fails for good (default 3). Tests that kill workers shorten the first.
   */
  lockDurationMs?: number;
  maxStalledCount?: number;
  /** This process's name on the jobs it takes (BullMQ's processedBy), e.g. host:pid. */
  name?: string;
  /** How each part's replay record is kept: days (default 30) and the largest compressed size (64 MB). */
  replay?: { retentionDays?: number; maxBytes?: number };
}

/** A run's plan, recorded once its parts are stored (see putRunPlan). */
interface RunPlan {
  started_at: string;
  /** Absent in plans stored before runs recorded their policy. */
  policy?: Policy;
  parts: Array<{ part: number; key: string }>;
  components: number;
  inputs: { organisations: number; ambassadors: number; requests: number; history: number };
  /** Absent from a plan recorded before runs named their policy. */
  policy_version?: string;
}

/** The policy version a plan ran under, however old the plan's record (one answer for start and finish). */
const planPolicyVersion = (plan: RunPlan): string => plan.policy_version ?? plan.policy?.version ?? '';

/** Run and finish jobs are idempotent, so a passing failure (Redis restarting, say) is retried. */
const RETRIES = { attempts: 3, backoff: { type: 'exponential', delay: 500 } };

/** How often a run that found another in progress checks again. */
const WAIT_MS = 2000;
/** Lapse jobs per addBulk call (one round trip each). */
const LAPSE_BATCH = 2000;

const todayInLondon = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** The run a match job belongs to: named in its data, or (scheduled runs) derived from the job's id. */
function runIdOf(job: Job): string | undefined {
  if (job.name === 'finish') return (job.data as { run_id?: string }).run_id;
  const data = MatchRunJob.safeParse(job.data);
  if (!data.success) return undefined;
  return data.data.run_id ?? `run-${String(job.id).replace(/[^A-Za-z0-9_.:-]/g, '-')}`;
}

export function newRunId(): string {
  return `run-${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** The matcher's workers: runs (plan and finish), solve jobs, and offer replies. */
export function startMatcher(options: MatcherOptions) {
  const { connection, queuePrefix, log } = options;
  const policy = Policy.parse(options.policy ?? {});
  const policyVersion = policy.version;
  const store = new Store(connection, options.prefix);
  const flows = new FlowProducer({ connection, prefix: queuePrefix });
  const matchQueue = new Queue(QUEUES.match, { connection, prefix: queuePrefix });
  const offersQueue = new Queue(QUEUES.offers, { connection, prefix: queuePrefix });
  const remindersQueue = new Queue(QUEUES.reminders, { connection, prefix: queuePrefix });
  const delivery = options.reminderDelivery ?? logDelivery(log.child({ queue: QUEUES.reminders }));
  const accepted = async (hub: string, requestId: string, ambassadorId: string) => {
    const n = await scheduleReminders(remindersQueue, store, hub, requestId, ambassadorId);
    log.debug(
      { request: `${hub}:${requestId}`, ambassador: ambassadorId, reminders: n },
      'reminders scheduled',
    );
  };
  // A whole solve or plan runs without yielding for up to tens of seconds: keep the lock long enough.
  const lockDuration = options.lockDurationMs ?? 5 * 60_000;
  // Stalled jobs are looked for once a lock's duration (at most BullMQ's 30 s): a short lock, a quick hand-over.
  const stalled = {
    lockDuration,
    stalledInterval: Math.min(30_000, lockDuration),
    maxStalledCount: options.maxStalledCount ?? 3,
  };

  /** A delayed `lapse` job per offer, de-duplicated by (request, ambassador, run). */
  const scheduleLapses = async (offers: readonly Offer[]) => {
    for (let i = 0; i < offers.length; i += LAPSE_BATCH) {
      await offersQueue.addBulk(
        offers.slice(i, i + LAPSE_BATCH).map((o) => ({
          name: 'lapse',
          data: {
            kind: 'lapse' as const,
            hub: o.hub,
            request_id: o.request_id,
            ambassador_id: o.ambassador_id,
            run_id: o.run_id,
          },
          opts: {
            jobId: jobIdFor('lapse', o.hub, o.request_id, o.ambassador_id, o.run_id),
            delay: Math.max(0, Date.parse(o.reply_by) - Date.now()),
            removeOnComplete: true,
          },
        })),
      );
    }
  };
  const cascade: Cascade | undefined =
    (options.substitutes ?? DEFAULT_SUBSTITUTES) > 0
      ? {
          settings: {
            replyHours: options.cascadeReplyHours ?? 48,
            bufferMin: policy.travel_buffer_min,
            defaultMaxPerMonth: policy.default_max_per_month,
          },
          offered: (offer) => scheduleLapses([offer]),
        }
      : undefined;

  const rematch = async (reason: string) => {
    await matchQueue.add(
      'run',
      { run_id: newRunId(), requested_by: 'system:rematch' },
      {
        jobId: `rematch|${Math.floor(Date.now() / 60_000)}`,
        delay: options.rematchDelayMs ?? 30_000,
        ...RETRIES,
      },
    );
    log.info({ reason }, 're-match requested');
  };

  /**
   * A re-match that is not debounced away: safeguarding withdrawals must be re-matched whatever
   * else was re-matched this minute.
   */
  const rematchNow = async (reason: string) => {
    const runId = newRunId();
    await matchQueue.add(
      'run',
      { run_id: runId, requested_by: 'system:dbs' },
      { jobId: jobIdFor('run', runId), ...RETRIES },
    );
    log.info({ reason, run: runId }, 're-match requested');
  };

  const hasEnded = async (runId: string) => {
    const run = await getRun(store, runId);
    return run !== undefined && run.status !== 'running';
  };

  async function startRun(job: Job, token: string | undefined): Promise<unknown> {
    const data = MatchRunJob.parse(job.data);
    const runId = runIdOf(job)!;
    // A run job retried after a crash may find its flow went on and finished without it.
    if (await hasEnded(runId)) return { run_id: runId, ended: true };
    if (!(await acquireRunLock(store, runId)) && (await currentRun(store)) !== runId) {
      // One run at a time: this one waits its turn (re-checked every WAIT_MS, using no attempts).
      log.info({ run: runId, active: await currentRun(store) }, 'another match run is in progress; waiting');
      await job.moveToDelayed(Date.now() + WAIT_MS, token);
      throw new DelayedError();
    }
    // …or that it finished between that look and taking the lock: then the lock goes back.
    if (await hasEnded(runId)) {
      await releaseRunLock(store, runId);
      return { run_id: runId, ended: true };
    }
    // Planned once: a retry must not re-plan from a store that this run's solve jobs have changed.
    const plan =
      (await getRunPlan<RunPlan>(store, runId)) ??
      (await putRunPlan<RunPlan>(store, runId, await makePlan(runId, data.today ?? todayInLondon())));
    await putRunIfAbsent(store, {
      id: runId,
      started_at: plan.started_at,
      solver: 'engine',
      policy_version: planPolicyVersion(plan),
      ...(plan.policy ? { policy: plan.policy } : {}),
      status: 'running',
      requested_by: data.requested_by,
      inputs: plan.inputs,
      components: plan.components,
      failed_components: [],
    });
    await putRunInputsPlan(store, runId, plan.parts.length, options.replay);
    // Idempotent: every job of the flow has a fixed id, so adding it again adds nothing.
    await flows.add({
      name: 'finish',
      queueName: QUEUES.match,
      data: {
        run_id: runId,
        started_at: plan.started_at,
        policy: plan.policy,
        requested_by: data.requested_by,
        inputs: plan.inputs,
        components: plan.components,
        policy_version: planPolicyVersion(plan),
      },
      opts: { jobId: jobIdFor('finish', runId), ...RETRIES },
      // One solve job per part (SolveJob's `component` carries the part's number).
      children: plan.parts.map((p) => ({
        name: 'solve',
        queueName: QUEUES.solve,
        data: { run_id: runId, component: p.part, part_key: p.key },
        opts: {
          jobId: jobIdFor('solve', runId, String(p.part)),
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          ignoreDependencyOnFailure: true,
        },
      })),
    });
    return { run_id: runId, parts: plan.parts.length, components: plan.components };
  }

  async function makePlan(runId: string, today: string): Promise<RunPlan> {
    const startedAt = new Date().toISOString();
    const planned = await planRun(
      store,
      {
        run_id: runId,
        today,
        seed: options.seed ?? 1,
        offer_days: options.offerDays,
        ...(options.policy ? { policy: options.policy } : {}),
        substitutes: options.substitutes ?? DEFAULT_SUBSTITUTES,
        ...(options.parts ? { parts: options.parts } : {}),
      },
      log.child({ run: runId }),
    );
    return {
      started_at: startedAt,
      policy: planned.policy,
      parts: planned.parts.map((p) => ({ part: p.part, key: p.key })),
      components: planned.components,
      inputs: planned.inputs,
      policy_version: planned.policy_version,
    };
  }

  async function finishRun(job: Job): Promise<unknown> {
    const { run_id, started_at, policy, requested_by, inputs, components, policy_version } = job.data as {
      run_id: string;
      started_at: string;
      policy?: Policy;
      requested_by: string;
      inputs: { organisations: number; ambassadors: number; requests: number; history: number };
      /** Absent from a finish job queued before parts bundled components: one part was one component. */
      components?: number;
      policy_version?: string;
    };
    const values = Object.values(await job.getChildrenValues<PartOutcome>());
    const failures = Object.entries(await job.getIgnoredChildrenFailures());
    const sum = (f: (o: PartOutcome) => number) => values.reduce((s, o) => s + f(o), 0);
    const byReason: Record<string, number> = {};
    for (const o of values)
      for (const [r, n] of Object.entries(o.unfilled_by_reason)) byReason[r] = (byReason[r] ?? 0) + n;
    await putRun(store, {
      id: run_id,
      started_at,
      finished_at: new Date().toISOString(),
      solver: 'engine',
      policy_version: policy_version ?? policy?.version ?? policyVersion,
      ...(policy ? { policy } : {}),
      status: failures.length > 0 ? 'failed' : 'finished',
      requested_by,
      inputs,
      components: components ?? values.length + failures.length,
      // A failed part is named by its solve job, with the error it gave.
      failed_components: failures.map(([key, reason]) => `${key}: ${reason}`),
      outcome: {
        filled: sum((o) => o.filled),
        priority_filled: sum((o) => o.priority_filled),
        unfilled: sum((o) => o.requests - o.filled),
        assignments: sum((o) => o.assignments),
        unfilled_by_reason: byReason,
      },
      churn: {
        offers_withdrawn: sum((o) => o.offers_withdrawn ?? 0),
        offers_changed: sum((o) => o.offers_changed ?? 0),
      },
    });
    await releaseRunLock(store, run_id);
    log.info({ run: run_id, filled: sum((o) => o.filled), failed: failures.length }, 'match run finished');
    return { run_id, filled: sum((o) => o.filled) };
  }

  /** Withdraws ambassadors whose DBS no longer covers sessions they hold, then cascades or re-matches those requests. */
  async function sweepDbs(job: Job): Promise<unknown> {
    const { now } = DbsSweepJob.parse(job.data);
    const withdrawn = await withdrawLapsedDbs(store, now ? { now: new Date(now) } : {});
    const requests = new Set(withdrawn.map((w) => w.request)).size;
    const cascaded = await cascadeWithdrawals(withdrawn, now ? Date.parse(now) : Date.now());
    log.info({ withdrawn: withdrawn.length, requests, cascaded }, 'DBS sweep finished');
    return { withdrawn: withdrawn.length, requests, cascaded };
  }

  /**
   * The cascade for ambassadors withdrawn on DBS grounds (the sweep, or a re-import): a substitute
   * still free takes the withdrawn sessions at once; requests still open afterwards are re-matched
   * now. Returns how many withdrawals cascaded.
   */
  async function cascadeWithdrawals(
    withdrawn: ReadonlyArray<Pick<DbsWithdrawal, 'ambassador' | 'request' | 'run_id' | 'sessions'>>,
    now: number,
  ): Promise<number> {
    let cascaded = 0;
    const stillOpen = new Set<string>();
    for (const w of withdrawn) {
      const [hub, ...rest] = w.request.split(':');
      const outcome = cascade
        ? await resumeWithCascade(
            store,
            {
              hub: hub!,
              id: rest.join(':'),
              ambassadorId: w.ambassador,
              runId: w.run_id,
              sessions: w.sessions,
            },
            cascade.settings,
            now,
          )
        : undefined;
      if (outcome?.cascaded) {
        cascaded++;
        await scheduleLapses([outcome.substitute]);
      }
      stillOpen.add(w.request);
    }
    // A request offered whole again needs no re-match; one still open does.
    const refs = [...stillOpen];
    const statuses = await store.requestStatuses(refs);
    const open = refs.filter((_, i) => statuses[i] === 'open');
    if (open.length > 0) await rematchNow(`DBS lapse left ${open.length} requests open`);
    return cascaded;
  }

  /**
   * A run or finish job that failed for good: the run is recorded failed, and its lock given back
   * unless a flow of it exists (its finish job will give it back once its solve jobs are done).
   */
  async function abandonRun(job: Job, err: unknown): Promise<void> {
    const runId = runIdOf(job);
    if (runId === undefined) return;
    const run = await getRun(store, runId);
    if (run !== undefined && run.status !== 'running') return;
    const why = `${job.name}: ${err instanceof Error ? err.message : String(err)}`;
    // The lock first: once the run reads `failed`, the next run must not find it still held.
    const flowExists = (await matchQueue.getJob(jobIdFor('finish', runId))) !== undefined;
    if (job.name === 'finish' || !flowExists) await releaseRunLock(store, runId);
    await putRun(store, {
      ...(run ?? {
        id: runId,
        started_at: new Date(job.timestamp).toISOString(),
        solver: 'engine' as const,
        policy_version: '',
        inputs: { organisations: 0, ambassadors: 0, requests: 0, history: 0 },
      }),
      status: 'failed',
      finished_at: new Date().toISOString(),
      failed_components: [...(run?.failed_components ?? []), why],
    });
    log.error({ run: runId, err }, 'match run failed');
  }

  const runs = new Worker(
    QUEUES.match,
    async (job, token) => {
      try {
        if (job.name === DBS_SWEEP) return await sweepDbs(job);
        if (job.name === DBS_CASCADE)
          return {
            cascaded: await cascadeWithdrawals(DbsCascadeJob.parse(job.data).withdrawals, Date.now()),
          };
        return job.name === 'finish' ? await finishRun(job) : await startRun(job, token);
      } catch (err) {
        const last = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (!(err instanceof DelayedError) && last) await abandonRun(job, err);
        throw err;
      }
    },
    { connection, prefix: queuePrefix, ...stalled, removeOnComplete: { age: 7 * 24 * 3600, count: 1000 } },
  );
  const solves = new Worker<unknown, PartOutcome>(
    QUEUES.solve,
    async (job) => {
      const data = SolveJob.parse(job.data);
      const jobLog = log.child({ queue: QUEUES.solve, jobId: job.id });
      const { outcome, offers } = await solvePart(store, data.part_key, jobLog, options.replay);
      // Lapse jobs: one per offer, de-duplicated by id, so a re-solved part adds none twice.
      const started = performance.now();
      await scheduleLapses(offers);
      jobLog.debug(
        { run: data.run_id, lapses: offers.length, seconds: Math.round(performance.now() - started) / 1000 },
        'lapse jobs scheduled',
      );
      if (outcome.refused) await rematchNow(`${outcome.refused} requests refused at commit (DBS not valid)`);
      return outcome;
    },
    {
      connection,
      prefix: queuePrefix,
      ...stalled,
      ...(options.name ? { name: options.name } : {}),
      concurrency: options.concurrency ?? 1,
      removeOnComplete: { age: 7 * 24 * 3600 },
    },
  );
  // Replies from the services (lapses) on the shared queue, and from each hub on its own.
  const deadLetters = openDeadLetters(connection, queuePrefix);
  const replies = watchHubQueues({
    connection,
    prefix: options.prefix,
    queuePrefix,
    kind: QUEUES.offers,
    start: (queue, hub) => {
      const worker = new Worker(
        queue,
        async (job) => {
          const jobLog = log.child({ queue, jobId: job.id });
          const outcome = await processOffer(store, job.data, jobLog, rematch, hub, cascade, accepted);
          if ('invalid' in outcome) {
            jobLog.warn({ reason: outcome.invalid }, 'invalid payload sent to the dead-letter queue');
            return deadLetter(deadLetters, job, outcome.invalid);
          }
          return outcome.ok;
        },
        {
          connection,
          prefix: queuePrefix,
          concurrency: 8,
          removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
        },
      );
      worker.on('failed', (job, err) => log.error({ err, queue, jobId: job?.id }, 'job failed'));
      worker.on('error', (err) => log.warn({ err, queue }, 'worker error'));
      return worker;
    },
  });
  // Reminders: checked against the store when due, so a withdrawn or handed-over session is not reminded.
  const reminders = new Worker(
    QUEUES.reminders,
    async (job) => {
      const jobLog = log.child({ queue: QUEUES.reminders, jobId: job.id });
      const outcome = await processReminder(store, job.data, delivery, jobLog);
      if ('invalid' in outcome) {
        jobLog.warn({ reason: outcome.invalid }, 'invalid payload sent to the dead-letter queue');
        return deadLetter(deadLetters, job, outcome.invalid);
      }
      return outcome.ok;
    },
    { connection, prefix: queuePrefix, concurrency: 4, removeOnComplete: { age: 35 * 24 * 3600 } },
  );
  for (const w of [runs, solves, reminders]) {
    w.on('failed', (job, err) => log.error({ err, queue: w.name, jobId: job?.id }, 'job failed'));
    // Connection losses are retried by BullMQ and ioredis; anything else is worth a line.
    w.on('error', (err) => log.warn({ err, queue: w.name }, 'worker error'));
  }

  return {
    /** Every running worker (a hub's offers worker starts when the hub first appears). */
    workers: () => [runs, solves, reminders, ...replies.workers()],
    store,
    async close(): Promise<void> {
      await Promise.all([runs.close(), solves.close(), reminders.close(), replies.close()]);
      await Promise.all([
        flows.close(),
        matchQueue.close(),
        offersQueue.close(),
        remindersQueue.close(),
        deadLetters.close(),
      ]);
    },
  };
}

/** Registers (or updates) the nightly match: cron in Europe/London. Call once at boot, from one process. */
export const scheduleNightlyMatch = (
  connection: RedisClient,
  queuePrefix: string,
  pattern: string,
): Promise<void> =>
  upsertSchedule(connection, queuePrefix, QUEUES.match, NIGHTLY_MATCH, pattern, {
    name: 'run',
    data: { requested_by: 'system:scheduler' },
  });

/** Registers (or updates) the daily DBS sweep: cron in Europe/London, before the nightly match. */
export const scheduleDbsSweep = (
  connection: RedisClient,
  queuePrefix: string,
  pattern: string,
): Promise<void> =>
  upsertSchedule(connection, queuePrefix, QUEUES.match, DBS_SWEEP, pattern, { name: DBS_SWEEP, data: {} });

/**
 * After a re-import withdrew ambassadors on DBS grounds: hands their sessions down the offer cascade
 * (and re-matches what stays open) on the matcher. Returns the job's id.
 */
export async function requestDbsCascade(
  connection: RedisClient,
  queuePrefix: string,
  withdrawals: DbsCascadeJob['withdrawals'],
): Promise<string> {
  const queue = new Queue(QUEUES.match, { connection, prefix: queuePrefix });
  try {
    const job = await queue.add(DBS_CASCADE, DbsCascadeJob.parse({ withdrawals }), RETRIES);
    return String(job.id);
  } finally {
    await queue.close();
  }
}

/** Asks for a match run now; returns its id. */
export async function requestRun(
  connection: RedisClient,
  queuePrefix: string,
  by: string,
  today?: string,
): Promise<string> {
  const queue = new Queue(QUEUES.match, { connection, prefix: queuePrefix });
  try {
    const runId = newRunId();
    await queue.add(
      'run',
      { run_id: runId, requested_by: by, ...(today ? { today } : {}) },
      { jobId: jobIdFor('run', runId), ...RETRIES },
    );
    return runId;
  } finally {
    await queue.close();
  }
}
