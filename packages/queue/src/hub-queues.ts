import type { RedisClient } from '@stem-match/store';
import { keysFor } from '@stem-match/store';
import type { Worker } from 'bullmq';
import type { QUEUES } from './names.js';

/**
 * Each hub has its own intake and offers queues, so Redis ACLs can give a hub's credentials its
 * own queues' keys and nothing else (BullMQ keeps every key of a queue under `<prefix>:<name>:`).
 * BullMQ forbids ':' in queue names; hub ids may hold one, so the id is URI-encoded.
 */
export type HubQueueKind = typeof QUEUES.intake | typeof QUEUES.offers;

export const hubQueue = (kind: HubQueueKind, hub: string): string => `${kind}.${encodeURIComponent(hub)}`;

/** Set of hub ids whose clients have started (each client adds its own): workers watch it. */
export const hubRegistry = (queuePrefix: string): string => `${queuePrefix}:hubs`;

export interface HubQueueWatch {
  /** Resolves once the workers for the hubs known at start-up exist. */
  ready: Promise<void>;
  /** The running workers, by queue name. */
  workers(): Worker[];
  close(): Promise<void>;
}

/**
 * Runs one worker on the shared queue of `kind` (trusted producers: the services themselves) and
 * one per hub queue, starting a hub's worker as soon as the hub appears in the store's hub list
 * (imports) or the hub clients' registry. Two small set reads every `everyMs`.
 */
export function watchHubQueues(options: {
  connection: RedisClient;
  prefix: string;
  queuePrefix: string;
  kind: HubQueueKind;
  /** Makes the worker for a queue; `hub` is the hub it is bound to (undefined: the shared queue). */
  start: (queueName: string, hub: string | undefined) => Worker;
  everyMs?: number;
}): HubQueueWatch {
  const { connection, kind } = options;
  const storeHubs = keysFor(options.prefix).hubs;
  const registry = hubRegistry(options.queuePrefix);
  const running = new Map<string, Worker>([[kind, options.start(kind, undefined)]]);
  let closed = false;

  const refresh = async () => {
    const [fromStore, fromClients] = await Promise.all([
      connection.smembers(storeHubs),
      connection.smembers(registry),
    ]);
    if (closed) return;
    for (const hub of new Set([...fromStore, ...fromClients])) {
      const name = hubQueue(kind, hub);
      if (!running.has(name)) running.set(name, options.start(name, hub));
    }
  };
  const ready = refresh();
  const timer = setInterval(() => {
    // A failed read (Redis restarting) is retried on the next tick.
    refresh().catch(() => undefined);
  }, options.everyMs ?? 1000);
  timer.unref();

  return {
    ready,
    workers: () => [...running.values()],
    async close() {
      closed = true;
      clearInterval(timer);
      await ready.catch(() => undefined);
      await Promise.all([...running.values()].map((w) => w.close()));
    },
  };
}
