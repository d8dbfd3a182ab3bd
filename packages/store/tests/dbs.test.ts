import {
  ActivityRequest,
  type AmbassadorDbs,
  dayNumber,
  dbsValidAt,
  formatLondon,
  type Offer,
  Organisation,
  weeklyPattern,
} from '@stem-match/domain';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Store, testRedis, withdrawLapsedDbs } from '../src/index.js';
import { ambassador } from './builders.js';

const { redis, prefix, cleanup } = testRedis('dbs');
afterAll(cleanup);

const FIRST = dayNumber('2027-03-01');
const at = (dayOffset: number, minute = 600) => formatLondon(FIRST + dayOffset, minute);
const date = (dayOffset: number) => at(dayOffset).slice(0, 10);

const school = Organisation.parse({
  id: '100001',
  name: 'Hastings Academy',
  kind: 'secondary',
  lat: 50.85,
  lon: 0.57,
  hub: 'se',
});
const request = (id: string, sessions: number, needed: number) =>
  ActivityRequest.parse({
    id,
    organisation_id: school.id,
    hub: 'se',
    activity_type: 'talk',
    subjects: ['physics'],
    key_stage: 'KS3',
    mode: 'in_person',
    needed,
    window_start: '2027-03-01',
    window_end: '2027-03-31',
    times: weeklyPattern('Mon-Fri 09:00-15:00'),
    duration_min: 60,
    sessions,
    every_days: 7,
    created_at: '2026-11-01T09:00:00+00:00',
  });
const offerFor = (id: string, amb: string, first: number, sessions: number): Offer => ({
  request_id: id,
  hub: 'se',
  ambassador_id: amb,
  sessions: Array.from({ length: sessions }, (_, k) => ({
    session: k + 1,
    start: at(first + 7 * k),
    end: at(first + 7 * k, 660),
  })),
  distance_km: 2,
  mode: 'in_person',
  status: 'offered',
  run_id: 'run1',
  offered_at: '2026-11-24T02:00:00+00:00',
  reply_by: '2026-12-01T02:00:00+00:00',
});

const VALID: AmbassadorDbs = { dbs_status: 'cleared', dbs_expires: '2029-01-01' };
const arbDbs: fc.Arbitrary<AmbassadorDbs> = fc
  .record({
    status: fc.constantFrom('cleared', 'cleared', 'cleared', 'pending', 'expired', 'none'),
    expires: fc.option(fc.integer({ min: -10, max: 45 }), { nil: undefined, freq: 6 }),
  })
  .map(({ status, expires }) => ({
    dbs_status: status as AmbassadorDbs['dbs_status'],
    ...(expires === undefined ? {} : { dbs_expires: date(expires) }),
  }));

let instance = 0;
/** A store of its own under the file's prefix (the hash tag is kept). */
const freshStore = () => new Store(redis, `${prefix}:i${instance++}`);

describe('DBS at commit: the store refuses an offer the record no longer supports', () => {
  it('commits a request iff every ambassador is valid on the UK date of every session', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbDbs, { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        async (records, first, sessions, missing) => {
          const store = freshStore();
          await store.putOrganisations([school]);
          const ids = records.map((_, i) => `A${i}`);
          // One ambassador may not be on record at all: no check can be shown for them.
          await store.putAmbassadors(
            records.flatMap((r, i) => (missing && i === 0 ? [] : [ambassador(ids[i]!, r)])),
          );
          const r = request('R1', sessions, ids.length);
          const { stored } = await store.submitRequest(r, 'hub:se');
          const offers = ids.map((a) => offerFor('R1', a, first, sessions));
          const result = await store.commitComponents('run1', [
            {
              component: 'c0',
              filled: [{ hub: 'se', id: 'R1', version: stored.version, offers }],
              unfilled: [],
            },
          ]);
          const covered = records.map(
            (rec, i) => !(missing && i === 0) && offers[i]!.sessions.every((s) => dbsValidAt(rec, s.start)),
          );
          const valid = covered.every(Boolean);
          const after = (await store.getRequest('se', 'R1'))!;
          expect(result.refused).toBe(valid ? 0 : 1);
          expect(after.status).toBe(valid ? 'offered' : 'open');
          expect(after.offers).toHaveLength(valid ? ids.length : 0);
          for (const a of ids)
            expect(await redis.zcard(store.keys.ambassadorBookings(a))).toBe(valid ? 1 : 0);
          const refusedFor = (await store.auditTrail({ request: 'se:R1' }))
            .filter((e) => e.event === 'dbs_refused')
            .map((e) => e.ambassador);
          expect(refusedFor).toEqual(ids.filter((_, i) => !covered[i]));
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });
});

interface Held {
  request: string;
  needed: number;
  first: number;
  sessions: number;
  ambassadors: string[];
  accepted: boolean;
}

const arbScenario = fc
  .record({ ambassadors: fc.integer({ min: 1, max: 4 }), requests: fc.integer({ min: 1, max: 4 }) })
  .chain(({ ambassadors, requests }) => {
    const ids = Array.from({ length: ambassadors }, (_, i) => `A${i}`);
    return fc.record({
      ids: fc.constant(ids),
      requests: fc.tuple(
        ...Array.from({ length: requests }, (_, i) =>
          fc
            .record({
              first: fc.integer({ min: 0, max: 20 }),
              sessions: fc.integer({ min: 1, max: 4 }),
              team: fc.subarray(ids, { minLength: 1, maxLength: Math.min(2, ids.length) }),
              accepted: fc.boolean(),
            })
            .map(
              ({ first, sessions, team, accepted }): Held => ({
                request: `R${i}`,
                needed: team.length,
                first,
                sessions,
                ambassadors: team,
                accepted,
              }),
            ),
        ),
      ),
      lapses: fc.tuple(...ids.map(() => arbDbs)),
      now: fc.integer({ min: -3, max: 30 }),
    });
  });

describe('DBS after the fact: withdrawal when a check lapses or a record changes', () => {
  it('leaves no future session with an ambassador whose check does not cover it, and keeps the past', async () => {
    await fc.assert(
      fc.asyncProperty(arbScenario, async ({ ids, requests, lapses, now: nowDay }) => {
        const store = freshStore();
        await store.putOrganisations([school]);
        await store.putAmbassadors(ids.map((id) => ambassador(id, VALID)));
        for (const h of requests) {
          const { stored } = await store.submitRequest(request(h.request, h.sessions, h.needed), 'hub:se');
          const offers = h.ambassadors.map((a) => offerFor(h.request, a, h.first, h.sessions));
          const done = await store.commitComponent(
            'run1',
            h.request,
            [{ hub: 'se', id: h.request, version: stored.version, offers }],
            [],
          );
          expect(done.committed).toBe(1);
          if (h.accepted)
            for (const a of h.ambassadors)
              await store.respondToOffer('se', h.request, a, 'accepted', 'system:test');
        }
        const before = new Map(
          (await store.getRequests(requests.map((h) => `se:${h.request}`))).map((s) => [s.request.id, s]),
        );
        // The re-import: new DBS records, then the sweep at `now`.
        const records = new Map(ids.map((id, i) => [id, ambassador(id, lapses[i]!)]));
        await store.putAmbassadors([...records.values()]);
        const now = new Date(at(nowDay, 720));
        const withdrawn = await withdrawLapsedDbs(store, { now });

        for (const h of requests) {
          const was = before.get(h.request)!;
          const is = (await store.getRequest('se', h.request))!;
          const trail = await store.auditTrail({ request: `se:${h.request}` });
          let changed = false;
          let resumeFrom = Number.POSITIVE_INFINITY;
          for (const old of was.offers) {
            const record = records.get(old.ambassador_id)!;
            const offer = is.offers.find((o) => o.ambassador_id === old.ambassador_id)!;
            const future = old.sessions.filter((s) => Date.parse(s.start) >= now.getTime());
            const past = old.sessions.filter((s) => Date.parse(s.start) < now.getTime());
            const lapsed = future.some((s) => !dbsValidAt(record, s.start));
            // Whatever is still held, from now on, is covered by the check.
            if (offer.status === 'offered' || offer.status === 'accepted')
              for (const s of offer.sessions)
                if (Date.parse(s.start) >= now.getTime()) expect(dbsValidAt(record, s.start)).toBe(true);
            // The past stands: sessions already started are never rewritten.
            for (const s of past) expect(offer.sessions).toContainEqual(s);
            // Nothing is withdrawn that the check still covers.
            if (!lapsed) expect(offer).toEqual(old);
            else {
              changed = true;
              // Sessions before the first one the check misses stand; from it on, they are withdrawn.
              const first = old.sessions.findIndex(
                (s) => Date.parse(s.start) >= now.getTime() && !dbsValidAt(record, s.start),
              );
              const kept = old.sessions.slice(0, first);
              expect(offer.status).toBe(kept.length === 0 ? 'cancelled' : old.status);
              if (kept.length > 0) expect(offer.sessions).toEqual(kept);
              resumeFrom = Math.min(resumeFrom, old.sessions[first]!.session);
              const entry = trail.find((e) => e.event === 'withdrawn' && e.ambassador === old.ambassador_id);
              expect(entry?.detail).toMatch(/^DBS check/);
              expect(withdrawn).toContainEqual(
                expect.objectContaining({ ambassador: old.ambassador_id, request: `se:${h.request}` }),
              );
            }
          }
          // A request anyone was withdrawn from goes back to be matched, with its trail saying why.
          if (changed) {
            expect(is.status).toBe('open');
            expect(is.version).toBeGreaterThan(was.version);
            expect(trail.some((e) => e.event === 'reopened' && e.detail === 'DBS lapse')).toBe(true);
            // Re-matched whole when nobody holds any of it; else from the first session withdrawn.
            const held = is.offers.some((o) => ['offered', 'accepted', 'completed'].includes(o.status));
            expect(is.resume?.from_session).toBe(held ? resumeFrom : undefined);
          } else expect(is).toEqual(was);
        }
        // Idempotent: the next sweep finds nothing left to do.
        expect(await withdrawLapsedDbs(store, { now })).toEqual([]);
      }),
      { numRuns: 80, seed: 11 },
    );
  });
});
