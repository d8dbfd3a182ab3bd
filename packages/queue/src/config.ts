import { ConfigError, formatProblem, problemsFrom } from '@stem-match/domain';
import * as z from 'zod';

/** Service configuration from the environment, parsed once at start-up; a bad value stops the process. */
export const ServiceConfig = z.object({
  REDIS_URL: z
    .string()
    .regex(
      /^rediss?(-cluster)?:\/\//,
      'expected a redis:// or rediss:// URL, or redis-cluster://host:port,host:port for a Redis Cluster',
    )
    .default('redis://127.0.0.1:6379'),
  /** A PEM file of the CA that signed the Redis server's certificate, for rediss:// URLs. */
  REDIS_TLS_CA: z.string().min(1).optional(),
  /** Store keys; must carry a hash tag so they share a cluster slot. */
  STEM_PREFIX: z
    .string()
    .regex(/\{[^{}]+\}/, 'expected a prefix with a hash tag, e.g. stem:{stem}')
    .default('stem:{stem}'),
  /** BullMQ's key prefix for every queue; a hash tag keeps flows (parent and children) in one slot. */
  STEM_QUEUE_PREFIX: z
    .string()
    .regex(/\{[^{}]+\}/, 'expected a prefix with a hash tag, e.g. {stem-q}')
    .default('{stem-q}'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Nightly match, cron in Europe/London. */
  STEM_MATCH_CRON: z.string().default('0 2 * * *'),
  /** Daily DBS sweep (withdraws ambassadors whose check no longer covers their sessions), Europe/London. */
  STEM_DBS_SWEEP_CRON: z.string().default('0 1 * * *'),
  /** Days an ambassador has to answer an offer before it lapses. */
  STEM_OFFER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  /**
   * Stable re-planning: `true` lets a run change offers already sent (never accepted ones) when that
   * fills strictly more requests (Policy.replan.change_offers). Default `false`: sent offers stand.
   */
  STEM_REPLAN_CHANGE_OFFERS: z.enum(['true', 'false']).default('false'),
  /** The offer cascade: substitutes ranked and kept per filled request (0 turns the cascade off). */
  STEM_SUBSTITUTES: z.coerce.number().int().min(0).max(20).default(3),
  /** Hours a substitute has to answer a cascaded offer (at most until a day before the first session). */
  STEM_CASCADE_REPLY_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(48),
  /**
   * Reminders (7 days and 1 day before each session, 09:00 UK time) are POSTed as JSON to this URL
   * (a mail or SMS gateway); unset, each is a log line with personal data redacted.
   */
  STEM_REMINDER_WEBHOOK: z.url({ protocol: /^https?$/ }).optional(),
  /** Monthly reports for every hub and nationally, cron in Europe/London (first of the month, 06:00). */
  STEM_REPORTS_CRON: z.string().default('0 6 1 * *'),
  /** Where the reporter writes reports. */
  STEM_REPORTS_DIR: z.string().min(1).default('reports'),
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const parsed = ServiceConfig.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = problemsFrom(parsed.error.issues, env).map(formatProblem).join('; ');
  throw new ConfigError(`environment is invalid: ${problems}`);
}
