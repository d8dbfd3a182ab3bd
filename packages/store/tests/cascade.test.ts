import { ActivityRequest, type Offer, Organisation, weeklyPattern } from '@stem-match/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CascadeSettings,
  getSubstitutes,
  respondWithCascade,
  resumeWithCascade,
  Store,
  type StoredSubstitute,
  substituteReplyBy,
  testRedis,
  withdrawLapsedDbs,
} from '../src/index.js';
import { ambassador } from './builders.js';

// The offer cascade at the store: substitutes kept by the commit, re-checked and offered atomically.

const { redis, prefix, cleanup } = testRedis('cascade');
const store = new Store(redis, prefix);
afterAll(cleanup);

const settings: CascadeSettings = { replyHours: 48, bufferMin: 30, defaultMaxPerMonth: 4 };
const NOW = Date.parse('2026-11-25T12:00:00Z');
const school = Organisation.parse({
  id: 'O1',
  name: 'Hastings Academy',
  kind: 'secondary',
  lat: 50.85,
  lon: 0.57,
  hub: 'se',
});
const request = (id: string, over: Partial<ActivityRequest> = {}) =>
  ActivityRequest.parse({
    id,
    organisation_id: 'O1',
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed: 1,
    window_start: '2026-12-07',
    window_end: '2026-12-31',
    times: weeklyPattern('Mon-Fri 09:00-15:00'),
    duration_min: 60,
    created_at: '2026-11-01T09:00:00+00:00',
    ...over,
  });
/** Mondays from 7 Dec 2026 at 10:00 (UK winter time). */
const mondays = (n: number) =>
  Array.from({ length: n }, (_, k) => {
    const day = String(7 + 7 * k).padStart(2, '0');
    return { session: k + 1, start: `2026-12-${day}T10:00:00+00:00`, end: `2026-12-${day}T11:00:00+00:00` };
  });
const offer = (id: string, amb: string, sessions = mondays(1), run = 'run-1'): Offer => ({
  request_id: id,
  hub: 'se',
  ambassador_id: amb,
  sessions,
  distance_km: 2,
  mode: 'in_person',
  status: 'offered',
  run_id: run,
  offered_at: '2026-11-24T02:00:00+00:00',
  reply_by: '2026-12-01T02:00:00+00:00',
});
const subs = (...ids: string[]): StoredSubstitute[] =>
  ids.map((ambassador_id, i) => ({ ambassador_id, rank: i + 1, mode: 'in_person', distance_km: 3 + i }));

/** A request committed with its offers and substitutes, as a run's solve job does. */
async function committed(
  id: string,
  offers: Offer[],
  substitutes: StoredSubstitute[],
  over: Partial<ActivityRequest> = {},
) {
  await store.createRequest(request(id, over), 'hub:se');
  const r = (await store.getRequest('se', id))!;
  await store.commitComponents(offers[0]!.run_id, [
    {
      component: `c-${id}`,
      filled: [{ hub: 'se', id, version: r.version, offers, substitutes }],
      unfilled: [],
    },
  ]);
}
/** The request's trail in the order written (the tests' clock, NOW, is not the commit's). */
const events = async (id: string) =>
  (await redis.xrange(store.keys.requestAudit(`se:${id}`), '-', '+')).map(([, f]) => {
    const e: Record<string, string> = {};
    for (let i = 0; i < f.length; i += 2) e[f[i]!] = f[i + 1]!;
    return [e.event!, e.ambassador ?? ''] as const;
  });

beforeAll(async () => {
  await store.putOrganisations([school]);
  await store.putAmbassadors(['A1', 'S1', 'S2', 'S3', 'B1', 'B2'].map((id) => ambassador(id)));
});

describe('offer cascade (store)', () => {
  it('the commit keeps each filled request’s ranked substitutes', async () => {
    await committed('R0', [offer('R0', 'A1')], subs('S1', 'S2'));
    expect((await getSubstitutes(store, 'se', 'R0')).map((s) => [s.ambassador_id, s.rank])).toEqual([
      ['S1', 1],
      ['S2', 2],
    ]);
  });

  it('a decline offers the first free substitute at once, with a reply deadline; the trail shows the cascade', async () => {
    await committed('R1', [offer('R1', 'A1')], subs('S1', 'S2'));
    const out = await respondWithCascade(
      store,
      { hub: 'se', id: 'R1', ambassadorId: 'A1', to: 'declined', actor: 'ambassador:A1' },
      settings,
      NOW,
    );
    expect(out).toMatchObject({
      cascaded: true,
      status: 'offered',
      substitute: { ambassador_id: 'S1', status: 'offered', run_id: 'run-1' },
    });
    if (!out.cascaded) return;
    expect(out.substitute.sessions).toEqual(mondays(1));
    expect(out.substitute.reply_by).toBe(substituteReplyBy(NOW, mondays(1)[0]!.start, 48));
    expect(out.substitute.reply_by).toBe('2026-11-27T12:00:00.000Z');
    const r = (await store.getRequest('se', 'R1'))!;
    expect(r.status).toBe('offered');
    expect(r.offers.map((o) => [o.ambassador_id, o.status])).toEqual([
      ['A1', 'declined'],
      ['S1', 'offered'],
    ]);
    expect(await redis.zscore(store.keys.ambassadorBookings('S1'), 'se:R1')).not.toBeNull();
    expect(await redis.zscore(store.keys.ambassadorBookings('A1'), 'se:R1')).toBeNull();
    expect((await events('R1')).slice(-3)).toEqual([
      ['declined', 'A1'],
      ['cascaded', 'S1'],
      ['offered', 'S1'],
    ]);
    const cascaded = (await store.auditTrail({ request: 'se:R1' })).find((e) => e.event === 'cascaded')!;
    expect(cascaded.detail).toBe(
      'substitute 1 in place of A1 (declined), sessions 1 to 1, reply by 2026-11-27T12:00:00.000Z',
    );
    // The substitute accepts: the request is confirmed as usual.
    expect((await store.respondToOffer('se', 'R1', 'S1', 'accepted', 'ambassador:S1')).status).toBe(
      'confirmed',
    );
  });

  it('skips substitutes no longer free: DBS lapsed since, booked at a clashing time, away that day, or out of room', async () => {
    await store.putAmbassadors([
      ambassador('X-DBS', { dbs_status: 'expired', dbs_expires: '2026-01-01' }),
      { ...ambassador('X-AWAY'), unavailable: [{ start: '2026-12-07', end: '2026-12-07' }] },
      { ...ambassador('X-DAYS'), availability: weeklyPattern('Tue-Fri 09:00-16:00') },
      { ...ambassador('X-BUSY') },
      { ...ambassador('X-FULL'), max_per_month: 1 },
      ambassador('OK'),
    ]);
    // X-BUSY holds another request at 11:15 the same Monday (inside the 30-minute buffer);
    // X-FULL holds one session in December already.
    const busy = { session: 1, start: '2026-12-07T11:15:00+00:00', end: '2026-12-07T12:15:00+00:00' };
    await committed('Q1', [offer('Q1', 'X-BUSY', [busy], 'run-q')], []);
    const full = { session: 1, start: '2026-12-15T10:00:00+00:00', end: '2026-12-15T11:00:00+00:00' };
    await committed('Q2', [offer('Q2', 'X-FULL', [full], 'run-q2')], []);
    await committed(
      'R2',
      [offer('R2', 'A1')],
      subs('GONE', 'X-DBS', 'X-AWAY', 'X-DAYS', 'X-BUSY', 'X-FULL', 'OK'),
    );
    const out = await respondWithCascade(
      store,
      { hub: 'se', id: 'R2', ambassadorId: 'A1', to: 'lapsed', actor: 'system:expiry' },
      settings,
      NOW,
    );
    expect(out.cascaded && out.substitute.ambassador_id).toBe('OK');
    expect((await store.getRequest('se', 'R2'))!.offers.find((o) => o.ambassador_id === 'A1')!.status).toBe(
      'declined',
    );
  });

  it('never offers a request again to a substitute who declined it; with nobody left, reopens it as before', async () => {
    await committed('R3', [offer('R3', 'A1')], subs('S2'));
    const first = await respondWithCascade(
      store,
      { hub: 'se', id: 'R3', ambassadorId: 'A1', to: 'declined', actor: 'ambassador:A1' },
      settings,
      NOW,
    );
    expect(first.cascaded && first.substitute.ambassador_id).toBe('S2');
    const second = await respondWithCascade(
      store,
      { hub: 'se', id: 'R3', ambassadorId: 'S2', to: 'declined', actor: 'ambassador:S2' },
      settings,
      NOW,
    );
    expect(second).toEqual({ cascaded: false, result: 'ok', status: 'open' });
    expect((await events('R3')).slice(-2)).toEqual([
      ['declined', 'S2'],
      ['reopened', ''],
    ]);
    // A stale answer changes nothing.
    expect(
      await respondWithCascade(
        store,
        { hub: 'se', id: 'R3', ambassadorId: 'S2', to: 'declined', actor: 'ambassador:S2' },
        settings,
        NOW,
      ),
    ).toEqual({ cascaded: false, result: 'stale', status: 'open' });
  });

  it('"can no longer attend" part-way through a series: the sessions held stand, a substitute takes the rest', async () => {
    await committed('R4', [offer('R4', 'B1', mondays(3))], subs('B2'), {
      sessions: 3,
      every_days: 7,
      times: weeklyPattern('Mon 10:00-11:00'),
    });
    await store.respondToOffer('se', 'R4', 'B1', 'accepted', 'ambassador:B1');
    expect((await store.getRequest('se', 'R4'))!.status).toBe('confirmed');
    // After the first session (7 Dec) has taken place.
    const later = Date.parse('2026-12-08T09:00:00Z');
    const out = await respondWithCascade(
      store,
      { hub: 'se', id: 'R4', ambassadorId: 'B1', to: 'cancelled', actor: 'ambassador:B1' },
      settings,
      later,
    );
    expect(out.cascaded).toBe(true);
    if (!out.cascaded) return;
    expect(out.status).toBe('offered');
    expect(out.substitute.sessions).toEqual(mondays(3).slice(1));
    expect(out.substitute.run_id).not.toBe('run-1'); // a hand-over of its own: answering it never touches session 1
    const r = (await store.getRequest('se', 'R4'))!;
    expect(r.offers.find((o) => o.ambassador_id === 'B1')).toMatchObject({
      status: 'accepted',
      sessions: mondays(1),
    });
    expect(r.resume).toMatchObject({ from_session: 2, start: mondays(3)[1]!.start });
    expect((await store.respondToOffer('se', 'R4', 'B2', 'accepted', 'ambassador:B2')).status).toBe(
      'confirmed',
    );
  });

  it('after a DBS withdrawal, the next free substitute takes the withdrawn sessions at once', async () => {
    await store.putAmbassadors([ambassador('D1'), ambassador('D2')]);
    await committed('R5', [offer('R5', 'D1', mondays(2))], subs('D2'), {
      sessions: 2,
      every_days: 7,
      times: weeklyPattern('Mon 10:00-11:00'),
    });
    await store.putAmbassadors([ambassador('D1', { dbs_status: 'cleared', dbs_expires: '2026-12-10' })]);
    const [withdrawn] = await withdrawLapsedDbs(store, { ambassadors: ['D1'], now: new Date(NOW) });
    expect(withdrawn).toMatchObject({ request: 'se:R5', from_session: 2, sessions: mondays(2).slice(1) });
    expect((await store.getRequest('se', 'R5'))!.status).toBe('open');
    const out = await resumeWithCascade(
      store,
      { hub: 'se', id: 'R5', ambassadorId: 'D1', runId: withdrawn!.run_id, sessions: withdrawn!.sessions },
      settings,
      NOW,
    );
    expect(out).toMatchObject({
      cascaded: true,
      status: 'offered',
      substitute: { ambassador_id: 'D2', sessions: mondays(2).slice(1) },
    });
    const trail = await store.auditTrail({ request: 'se:R5' });
    expect(trail.find((e) => e.event === 'cascaded')).toMatchObject({
      ambassador: 'D2',
      actor: 'system:dbs',
    });
    expect(trail.find((e) => e.event === 'cascaded')!.detail).toMatch(
      /in place of D1 \(DBS lapse\), sessions 2 to 2/,
    );
  });
});
