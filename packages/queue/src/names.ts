/** Every queue, in one place. */
export const QUEUES = {
  /** Hub submissions and cancellations. */
  intake: 'intake',
  /** Match runs (scheduled nightly and on demand): the parent of a run's flow. */
  match: 'match',
  /** One independent component of a run each: children in the run's flow. */
  solve: 'solve',
  /** Ambassadors' replies, offer lapses, completions. */
  offers: 'offers',
  /** Reminders before each session (delayed jobs), to confirmed ambassadors and organisers. */
  reminders: 'reminders',
  /** Reports, scheduled and on demand. */
  reports: 'reports',
  /** Payloads that could not be processed, with the readable error. */
  deadLetter: 'dead-letter',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** The nightly match's job scheduler id. */
export const NIGHTLY_MATCH = 'nightly-match';

/** The monthly reports' job scheduler id. */
export const MONTHLY_REPORTS = 'monthly-reports';

/** The daily DBS sweep's job scheduler id and job name (on the match queue). */
export const DBS_SWEEP = 'dbs-sweep';

/** After a re-import withdrew ambassadors (DBS): their sessions go down the offer cascade (match queue). */
export const DBS_CASCADE = 'dbs-cascade';
