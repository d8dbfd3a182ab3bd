import { createHash } from 'node:crypto';
import { unfilledReasonLabels } from '@stem-match/domain';
import { connect, createHubClient, hubQueue, hubRegistry, jobIdFor, QUEUES } from '@stem-match/queue';
import { recentRuns, type Store } from '@stem-match/store';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CommandContext } from './context.js';
import type { Service } from './service.js';

/** Waits until the named queues have nothing waiting, active or delayed-and-due. */
export async function drained(
  redis: Redis,
  queuePrefix: string,
  names: string[],
  timeoutMs = 300_000,
): Promise<void> {
  // Hub clients send to their hub's own intake and offers queues: those are drained with the shared one.
  const hubs = await redis.smembers(hubRegistry(queuePrefix));
  const all = names.flatMap((n) =>
    n === QUEUES.intake || n === QUEUES.offers ? [n, ...hubs.map((h) => hubQueue(n, h))] : [n],
  );
  const queues = all.map((n) => new Queue(n, { connection: redis, prefix: queuePrefix }));
  const end = Date.now() + timeoutMs;
  try {
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized')));
      if (counts.every((c) => (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0)) return;
      if (Date.now() > end) throw new Error(`queues ${all.join(', ')} did not drain in time`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

/** Deterministic "random" choice per offer, so the demo tells the same story every time. */
function fate(request: string, ambassador: string): 'accept' | 'decline' | 'silent' {
  const x = createHash('sha1').update(`${request}|${ambassador}`).digest()[0]! / 255;
  return x < 0.7 ? 'accept' : x < 0.85 ? 'decline' : 'silent';
}

/**
 * Ambassadors answer their offers: most accept, some decline, some never answer (their offers are
 * lapsed at once rather than after days). Returns what happened.
 */
export async function simulateReplies(
  service: Service,
): Promise<{ accept: number; decline: number; silent: number }> {
  const { redis, store, config } = service;
  const held = await store.getRequests(await store.requestRefs('offered'));
  const tally = { accept: 0, decline: 0, silent: 0 };
  const offersQueue = new Queue(QUEUES.offers, { connection: redis, prefix: config.STEM_QUEUE_PREFIX });
  const clients = new Map<string, ReturnType<typeof createHubClient>>();
  const connection = connect(config, 'producer');
  try {
    for (const r of held) {
      for (const o of r.offers.filter((x) => x.status === 'offered')) {
        const what = fate(`${r.request.hub}:${r.request.id}`, o.ambassador_id);
        tally[what]++;
        if (what === 'silent') {
          await offersQueue.add(
            'lapse',
            {
              kind: 'lapse',
              hub: o.hub,
              request_id: o.request_id,
              ambassador_id: o.ambassador_id,
              run_id: o.run_id,
            },
            { jobId: jobIdFor('lapse-now', o.hub, o.request_id, o.ambassador_id, o.run_id) },
          );
          continue;
        }
        let client = clients.get(o.hub);
        if (!client) {
          client = createHubClient({
            hub: o.hub,
            connection,
            prefix: config.STEM_PREFIX,
            queuePrefix: config.STEM_QUEUE_PREFIX,
          });
          clients.set(o.hub, client);
        }
        await client.respondToOffer({
          request_id: o.request_id,
          ambassador_id: o.ambassador_id,
          response: what,
        });
      }
    }
  } finally {
    await Promise.all([...clients.values()].map((c) => c.close()));
    await offersQueue.close();
    connection.disconnect();
  }
  return tally;
}

/** Waits for a run requested after `since` by the re-match to finish. */
export async function rematchFinished(store: Store, since: string, timeoutMs = 300_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const runs = await recentRuns(store, 5);
    if (
      runs.some((r) => r.requested_by === 'system:rematch' && r.started_at > since && r.status !== 'running')
    )
      return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** The closing summary: requests in, filled (Priority / other), unfilled by reason. */
export async function serviceSummary(ctx: CommandContext, store: Store): Promise<void> {
  const counts = await store.countByStatus();
  const refs = [...(await store.requestRefs('offered')), ...(await store.requestRefs('confirmed'))];
  const held = await store.getRequests(refs);
  let priority = 0;
  for (const r of held) if ((await store.getOrganisation(r.request.organisation_id))?.priority) priority++;
  const waiting = await store.getRequests([
    ...(await store.requestRefs('open')),
    ...(await store.requestRefs('unfilled')),
  ]);
  const reasons: Record<string, number> = {};
  for (const r of waiting)
    if (r.explanation) reasons[r.explanation.reason] = (reasons[r.explanation.reason] ?? 0) + 1;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  ctx.out(`  requests in:            ${total}`);
  ctx.out(
    `  filled:                 ${held.length} (confirmed ${counts.confirmed}, awaiting replies ${counts.offered})`,
  );
  ctx.out(`    Priority Schools:     ${priority}`);
  ctx.out(`    other:                ${held.length - priority}`);
  ctx.out(`  not yet filled:         ${counts.open + counts.unfilled}`);
  for (const [reason, n] of Object.entries(reasons).sort((a, b) => b[1] - a[1])) {
    ctx.out(
      `    ${n.toString().padStart(5)}  ${unfilledReasonLabels[reason as keyof typeof unfilledReasonLabels] ?? reason}`,
    );
  }
}
