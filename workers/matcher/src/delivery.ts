import type { Logger } from '@stem-match/log';

/**
 * A reminder as delivered: whom it is for, which session, and how to answer. The only personal data
 * is `recipient` (an ambassador's name and email from their record, for the mail gateway); it never
 * goes into job data, and the log delivery redacts it.
 */
export interface Reminder {
  to: 'ambassador' | 'organiser';
  hub: string;
  request_id: string;
  organisation_id: string;
  ambassador_id?: string;
  session: number;
  sessions: number;
  start: string;
  end: string;
  days_before: number;
  activity_type: string;
  mode: 'in_person' | 'online';
  recipient: { name?: string; email?: string };
  /**
   * How to say "can no longer attend": an ambassador replies through the hub client's
   * `cannotAttend` (or `stem-match cannot-attend`), which offers the sessions to the next substitute;
   * an organiser who can no longer host cancels the request.
   */
  reply:
    | { cannot_attend: { hub: string; request_id: string; ambassador_id: string } }
    | { cancel_request: { hub: string; request_id: string } };
}

/** Where reminders go. Not a mail server: a log line, or a POST to a webhook that sends the mail. */
export interface ReminderDelivery {
  readonly name: string;
  /** Resolves once delivered; rejects (the job is retried) if not. */
  deliver(reminder: Reminder): Promise<void>;
}

/** Writes each reminder as a structured log line (recipient's name and email redacted by the logger). */
export function logDelivery(log: Logger): ReminderDelivery {
  return {
    name: 'log',
    async deliver(reminder) {
      log.info({ reminder }, 'reminder delivered');
    },
  };
}

export interface WebhookOptions {
  url: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** For tests; default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * POSTs each reminder as JSON to a webhook (a mail or SMS gateway). Anything but a 2xx answer is a
 * failure naming only the status, so the job is retried and no personal data reaches an error.
 */
export function webhookDelivery(options: WebhookOptions): ReminderDelivery {
  const send = options.fetch ?? fetch;
  const url = new URL(options.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`reminder webhook must be an http(s) URL, got ${url.protocol}`);
  return {
    name: 'webhook',
    async deliver(reminder) {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(reminder),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`reminder webhook ${url.host} answered ${response.status}`);
    },
  };
}
