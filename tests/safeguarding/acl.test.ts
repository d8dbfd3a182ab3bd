import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@stem-match/log';
import { type Connection, createConnection, createHubClient, hubQueue, QUEUES } from '@stem-match/queue';
import { getRun, type RedisServer, Store, startRedisServer } from '@stem-match/store';
import { startIntakeWorker } from '@stem-match/worker-intake';
import { requestRun, startMatcher } from '@stem-match/worker-matcher';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-harness.js';
import { ambassador, request, SCHOOL, until } from './fixtures.js';

// A redis-server of the test's own, with the ACL file `stem-match acl` writes loaded: hub se's
// producer credentials reach se's intake and nothing else; the services, with their own user, work.

const tag = randomUUID().slice(0, 8);
const prefix = `stem:{acl-${tag}}`;
const queuePrefix = `{acl-q-${tag}}`;
let server: RedisServer;
const connections: Connection[] = [];
const closers: Array<() => Promise<unknown>> = [];
let credentials: Array<{ user: string; hub: string | null; url: string }>;
const urlOf = (user: string) => credentials.find((c) => c.user === user)!.url;
const connectAs = (user: string, role: 'worker' | 'producer') => {
  const c = createConnection(urlOf(user), role);
  c.on('error', () => undefined);
  connections.push(c);
  return c;
};
const log = createLogger({ name: 'test', level: 'silent' });

beforeAll(async () => {
  server = await startRedisServer({
    args: (dir) => {
      writeFileSync(join(dir, 'users.acl'), 'user default on nopass ~* &* +@all\n');
      return ['--aclfile', join(dir, 'users.acl')];
    },
  });
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  for (const c of connections) c.disconnect();
  await server?.stop();
});

describe('per-hub access (Redis ACLs from stem-match acl)', { timeout: 60_000 }, () => {
  it('writes the rules and credentials, and Redis loads them', async () => {
    process.env.REDIS_URL = `redis://127.0.0.1:${server.port}`;
    process.env.STEM_PREFIX = prefix;
    process.env.STEM_QUEUE_PREFIX = queuePrefix;
    const out = join(server.dir, 'users.acl');
    const secrets = join(server.dir, 'credentials.json');
    const generated = await cli('acl', '--hub', 'se', 'nw', '--out', out, '--credentials', secrets);
    expect(generated.code).toBe(0);
    credentials = JSON.parse(readFileSync(secrets, 'utf8'));
    expect(credentials.map((c) => c.user).sort()).toEqual(['hub-nw', 'hub-se', 'stem-admin', 'stem-worker']);
    // Passwords are in the file only as hashes.
    for (const c of credentials) expect(readFileSync(out, 'utf8')).not.toContain(new URL(c.url).password);
    const admin = new Redis(`redis://127.0.0.1:${server.port}`);
    expect(await admin.acl('LOAD')).toBe('OK');
    admin.disconnect();
    // The default user is off now: no password, no access.
    const anonymous = new Redis(`redis://127.0.0.1:${server.port}`, {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    anonymous.on('error', () => undefined);
    await expect(anonymous.ping()).rejects.toThrow();
    anonymous.disconnect();
  });

  it('hub se submits to its own intake, and the workers (their own user) store and match it', async () => {
    const worker = connectAs('stem-worker', 'worker');
    const intake = startIntakeWorker({ connection: worker, prefix, queuePrefix, log });
    const matcher = startMatcher({
      connection: worker,
      prefix,
      queuePrefix,
      log,
      offerDays: 7,
      rematchDelayMs: 50,
    });
    closers.push(
      () => intake.close(),
      () => matcher.close(),
    );
    const admin = new Store(connectAs('stem-admin', 'worker'), prefix);
    await admin.putHubs([
      { id: 'se', name: 'South East', regions: [] },
      { id: 'nw', name: 'North West', regions: [] },
    ]);
    await admin.putOrganisations([SCHOOL, { ...SCHOOL, id: '200001', hub: 'nw' }]);
    await admin.putAmbassadors([ambassador('A1')]);

    const se = createHubClient({
      hub: 'se',
      connection: connectAs('hub-se', 'producer'),
      prefix,
      queuePrefix,
    });
    closers.push(() => se.close());
    expect(await se.submitRequest(request('R1'))).toEqual({ request_id: 'R1', outcome: 'accepted' });
    expect((await until(() => se.getRequest('R1'))).status).toBe('open');

    const runId = await requestRun(admin.client as Redis, queuePrefix, 'hub:se', '2027-02-20');
    await until(async () => (await getRun(admin, runId))?.status === 'finished');
    const offer = (await se.getRequest('R1'))!.offers[0]!;
    await se.respondToOffer({ request_id: 'R1', ambassador_id: offer.ambassador_id, response: 'accept' });
    await until(async () => (await se.getRequest('R1'))?.status === 'confirmed');
  });

  it("hub se's credentials are refused for hub nw's intake, nw's requests, and everything else", async () => {
    const nw = createHubClient({
      hub: 'nw',
      connection: connectAs('hub-nw', 'producer'),
      prefix,
      queuePrefix,
    });
    closers.push(() => nw.close());
    const nwRequest = { ...request('R2'), hub: 'nw', organisation_id: '200001' };
    expect((await nw.submitRequest(nwRequest)).outcome).toBe('accepted');
    await until(() => nw.getRequest('R2'));

    const seConn = connectAs('hub-se', 'producer');
    const seAsNw = createHubClient({ hub: 'nw', connection: seConn, prefix, queuePrefix });
    closers.push(() => seAsNw.close());
    await expect(seAsNw.submitRequest({ ...nwRequest, id: 'R3' })).rejects.toThrow(/NOPERM/);
    await expect(seAsNw.getRequest('R2')).rejects.toThrow(/NOPERM/);
    await expect(
      seAsNw.respondToOffer({ request_id: 'R2', ambassador_id: 'A1', response: 'decline' }),
    ).rejects.toThrow(/NOPERM/);
    // Straight at the queues, bypassing the client: nw's and the shared one are out of reach.
    for (const name of [hubQueue(QUEUES.intake, 'nw'), QUEUES.intake, QUEUES.match, QUEUES.deadLetter]) {
      const q = new Queue(name, { connection: seConn, prefix: queuePrefix });
      await expect(q.add('submit', { kind: 'submit', hub: 'nw', request: nwRequest })).rejects.toThrow(
        /NOPERM/,
      );
      await q.close();
    }
    // Its own requests are read-only; nothing can be listed, scanned, flushed or reconfigured.
    await expect(seConn.hset(`${prefix}:req:se:R1`, 'status', 'open')).rejects.toThrow(/NOPERM/);
    await expect(seConn.get(`${prefix}:amb:A1`)).rejects.toThrow(/NOPERM/);
    await expect(seConn.scan('0')).rejects.toThrow(/NOPERM/);
    await expect(seConn.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(seConn.flushall()).rejects.toThrow(/NOPERM/);
    await expect(seConn.call('CONFIG', 'SET', 'appendonly', 'no')).rejects.toThrow(/NOPERM/);
    await expect(seConn.eval(`return redis.call('GET', KEYS[1])`, 1, `${prefix}:amb:A1`)).rejects.toThrow(
      /NOPERM/,
    );
    await expect(seConn.srem(`${queuePrefix}:hubs`, 'nw')).rejects.toThrow(/NOPERM/);

    // On its own queue a job claiming to be nw's is dead-lettered, not stored for nw.
    const own = new Queue(hubQueue(QUEUES.intake, 'se'), { connection: seConn, prefix: queuePrefix });
    await own.add('submit', { kind: 'submit', hub: 'nw', request: { ...nwRequest, id: 'R4' } });
    await own.close();
    const admin = connectAs('stem-admin', 'worker');
    const dlq = new Queue(QUEUES.deadLetter, { connection: admin, prefix: queuePrefix });
    const [dead] = await until(async () => {
      const jobs = await dlq.getJobs(['waiting']);
      return jobs.length > 0 && jobs;
    });
    await dlq.close();
    expect(dead!.data).toMatchObject({ queue: hubQueue(QUEUES.intake, 'se') });
    expect(dead!.data.error).toContain(`arrived on hub "se"'s intake queue`);
    expect(await new Store(admin, prefix).getRequest('nw', 'R4')).toBeUndefined();
  });
});
