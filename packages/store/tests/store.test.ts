import { ActivityRequest, type Offer, Organisation, weeklyPattern } from '@stem-match/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysFor, readSnapshot, Store, testRedis } from '../src/index.js';
import { ambassador } from './builders.js';

const { redis, prefix, cleanup } = testRedis('store');
const store = new Store(redis, prefix);
afterAll(cleanup);

const times = weeklyPattern('Mon-Fri 09:00-15:00');

const school = Organisation.parse({
  id: '100001',
  name: 'Hastings Academy',
  kind: 'secondary',
  lat: 50.85,
  lon: 0.57,
  hub: 'se',
});
const request = (id: string, over: Partial<ActivityRequest> = {}) =>
  ActivityRequest.parse({
    id,
    organisation_id: school.id,
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 2,
    window_start: '2026-12-07',
    window_end: '2026-12-11',
    times,
    duration_min: 60,
    created_at: '2026-11-01T09:00:00+00:00',
    ...over,
  });
const offer = (requestId: string, ambassador: string, run: string): Offer => ({
  request_id: requestId,
  hub: 'se',
  ambassador_id: ambassador,
  sessions: [{ session: 1, start: '2026-12-08T10:00:00+00:00', end: '2026-12-08T11:00:00+00:00' }],
  distance_km: 3.2,
  mode: 'in_person',
  status: 'offered',
  run_id: run,
  offered_at: '2026-11-24T02:00:00+00:00',
  reply_by: '2026-12-01T02:00:00+00:00',
});

beforeAll(async () => {
  await store.putOrganisations([school]);
  // Commits offer only ambassadors on record with a DBS check valid on the session dates.
  await store.putAmbassadors(
    ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9'].map((id) => ambassador(id)),
  );
});

describe('Store', () => {
  it('refuses a prefix without a hash tag', () => {
    expect(() => keysFor('stem')).toThrow(/hash tag/);
  });

  it('creates a request once per hub and id, however often and concurrently it is submitted', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.submitRequest(request('R1'), 'hub:se')),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.stored.submitted_at)).size).toBe(1);
    expect(await store.requestRefs('open', 'se')).toEqual(['se:R1']);
    const again = await store.submitRequest(request('R1', { needed: 1 }), 'hub:se');
    expect(again.created).toBe(false);
    expect(again.stored.request.needed).toBe(2); // the first submission stands
  });

  it('keeps the same id from another hub as a separate request', async () => {
    const other = await store.submitRequest(request('R1', { hub: 'nw' }), 'hub:nw');
    expect(other.created).toBe(true);
    expect(await store.requestRefs('open')).toEqual(['nw:R1', 'se:R1']);
  });

  it('commits a component exactly once, and skips requests changed since the snapshot', async () => {
    await store.submitRequest(request('R2'), 'hub:se');
    const r1 = (await store.getRequest('se', 'R1'))!;
    const r2 = (await store.getRequest('se', 'R2'))!;
    await store.transition('se', 'R2', ['open'], 'cancelled', 'hub:se', 'cancelled');
    const filled = [
      {
        hub: 'se',
        id: 'R1',
        version: r1.version,
        offers: [offer('R1', 'A1', 'run1'), offer('R1', 'A2', 'run1')],
      },
      { hub: 'se', id: 'R2', version: r2.version, offers: [offer('R2', 'A3', 'run1')] },
    ];
    const first = await store.commitComponent('run1', 'c0', filled, []);
    expect(first).toEqual({
      committed: 1,
      skipped: 1,
      explained: 0,
      refused: 0,
      offers_withdrawn: 0,
      offers_changed: 0,
      applied: true,
    });
    const again = await store.commitComponent('run1', 'c0', filled, []);
    expect(again.applied).toBe(false);
    const stored = (await store.getRequest('se', 'R1'))!;
    expect(stored.status).toBe('offered');
    expect(stored.offers.map((o) => o.ambassador_id)).toEqual(['A1', 'A2']);
    expect(await redis.zrange(store.keys.ambassadorBookings('A1'), 0, -1)).toEqual(['se:R1']);
    expect((await store.getRequest('se', 'R2'))!.offers).toEqual([]);
  });

  it('confirms a request when every ambassador accepts', async () => {
    expect((await store.respondToOffer('se', 'R1', 'A1', 'accepted', 'ambassador:A1')).status).toBe(
      'offered',
    );
    expect((await store.respondToOffer('se', 'R1', 'A2', 'accepted', 'ambassador:A2')).status).toBe(
      'confirmed',
    );
    expect((await store.respondToOffer('se', 'R1', 'A2', 'accepted', 'ambassador:A2')).result).toBe('stale');
  });

  it('reopens a request when one ambassador declines, withdrawing the others', async () => {
    await store.submitRequest(request('R3'), 'hub:se');
    const r3 = (await store.getRequest('se', 'R3'))!;
    await store.commitComponent(
      'run2',
      'c0',
      [
        {
          hub: 'se',
          id: 'R3',
          version: r3.version,
          offers: [offer('R3', 'A4', 'run2'), offer('R3', 'A5', 'run2')],
        },
      ],
      [],
    );
    await store.respondToOffer('se', 'R3', 'A4', 'accepted', 'ambassador:A4');
    const after = await store.respondToOffer('se', 'R3', 'A5', 'declined', 'ambassador:A5');
    expect(after).toEqual({ result: 'ok', status: 'open' });
    const stored = (await store.getRequest('se', 'R3'))!;
    expect(stored.offers.map((o) => [o.ambassador_id, o.status])).toEqual([
      ['A4', 'cancelled'],
      ['A5', 'declined'],
    ]);
    expect(await redis.zcard(store.keys.ambassadorBookings('A4'))).toBe(0);
    const trail = (await store.auditTrail({ request: 'se:R3' })).map((e) => [
      e.event,
      e.actor,
      e.ambassador ?? '',
    ]);
    expect(trail).toEqual([
      ['submitted', 'hub:se', ''],
      ['offered', 'run:run2', 'A4'],
      ['offered', 'run:run2', 'A5'],
      ['matched', 'run:run2', ''],
      ['accepted', 'ambassador:A4', 'A4'],
      ['declined', 'ambassador:A5', 'A5'],
      ['withdrawn', 'ambassador:A5', 'A4'],
      ['reopened', 'ambassador:A5', ''],
    ]);
  });

  it('reads a snapshot: open requests with versions, and held offers as bookings', async () => {
    const snap = await readSnapshot(store);
    expect(snap.organisations.map((o) => o.id)).toEqual(['100001']);
    expect(snap.open.map((r) => `${r.request.hub}:${r.request.id}`).sort()).toEqual(['nw:R1', 'se:R3']);
    // R1 is confirmed with two accepted offers: both ambassadors are booked on 8 December.
    expect(snap.history.map((h) => [h.ambassador_id, h.status, h.start])).toEqual([
      ['A1', 'accepted', '2026-12-08T10:00:00+00:00'],
      ['A2', 'accepted', '2026-12-08T10:00:00+00:00'],
    ]);
  });

  it('counts requests by status, nationally and per hub', async () => {
    expect(await store.countByStatus('se')).toMatchObject({ open: 1, confirmed: 1, cancelled: 1 });
    expect((await store.countByStatus()).open).toBe(2);
  });
});

describe('cancellation', () => {
  it('withdraws every offer, releases the ambassadors and records who cancelled', async () => {
    await store.submitRequest(request('R9'), 'hub:se');
    const r9 = (await store.getRequest('se', 'R9'))!;
    await store.commitComponent(
      'run9',
      'c0',
      [
        {
          hub: 'se',
          id: 'R9',
          version: r9.version,
          offers: [offer('R9', 'A8', 'run9'), offer('R9', 'A9', 'run9')],
        },
      ],
      [],
    );
    await store.respondToOffer('se', 'R9', 'A8', 'accepted', 'ambassador:A8');
    expect(await store.cancelRequest('se', 'R9', 'hub:se')).toBe('offered');
    const stored = (await store.getRequest('se', 'R9'))!;
    expect(stored.status).toBe('cancelled');
    expect(stored.offers.map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
    expect(await redis.zcard(store.keys.ambassadorBookings('A8'))).toBe(0);
    expect((await store.auditTrail({ ambassador: 'A8' })).map((e) => e.event)).toEqual([
      'offered',
      'accepted',
      'withdrawn',
    ]);
    expect(await store.cancelRequest('se', 'R9', 'hub:se')).toBe('cancelled');
  });
});

// Another hub, so the counts above stay as they are.
describe('component commits and creation', () => {
  const ts = { hub: 'ts' };

  it('commits several components in one call, each exactly once however the calls overlap', async () => {
    await store.createRequest(request('R7', ts), 'hub:ts');
    await store.createRequest(request('R8', ts), 'hub:ts');
    const r7 = (await store.getRequest('ts', 'R7'))!;
    const r8 = (await store.getRequest('ts', 'R8'))!;
    const c7 = {
      component: 'c7',
      filled: [
        { hub: 'ts', id: 'R7', version: r7.version, offers: [{ ...offer('R7', 'A7', 'run7'), ...ts }] },
      ],
      unfilled: [],
    };
    const c8 = {
      component: 'c8',
      filled: [
        { hub: 'ts', id: 'R8', version: r8.version, offers: [{ ...offer('R8', 'A7', 'run7'), ...ts }] },
      ],
      unfilled: [],
    };
    expect(await store.commitComponents('run7', [c7])).toEqual({
      committed: 1,
      skipped: 0,
      explained: 0,
      refused: 0,
      offers_withdrawn: 0,
      offers_changed: 0,
      applied: ['c7'],
    });
    // A bundle holding c7 again and c8: only c8 is new.
    expect(await store.commitComponents('run7', [c7, c8])).toEqual({
      committed: 1,
      skipped: 0,
      explained: 0,
      refused: 0,
      offers_withdrawn: 0,
      offers_changed: 0,
      applied: ['c8'],
    });
    expect((await store.commitComponents('run7', [c7, c8])).applied).toEqual([]);
    expect(await redis.zrange(store.keys.ambassadorBookings('A7'), 0, -1)).toEqual(['ts:R7', 'ts:R8']);
    expect((await store.auditTrail({ ambassador: 'A7' })).map((e) => e.event)).toEqual([
      'offered',
      'offered',
    ]);
    expect((await redis.smembers(store.keys.runCommitted('run7'))).sort()).toEqual(['c7', 'c8']);
  });

  it('creates a request in one call that says whether it did', async () => {
    expect(await store.createRequest(request('R6', ts), 'hub:ts')).toBe(true);
    expect(await store.createRequest(request('R6', { ...ts, needed: 1 }), 'hub:ts')).toBe(false);
    expect((await store.getRequest('ts', 'R6'))!.request.needed).toBe(2);
    expect((await store.auditTrail({ request: 'ts:R6' })).map((e) => e.event)).toEqual(['submitted']);
  });
});
