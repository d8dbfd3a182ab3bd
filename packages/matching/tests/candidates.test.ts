import { Policy } from '@stem-match/domain';
import { distanceKm } from '@stem-match/geo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/index.js';
import { hasAnySlot, pairSlots, staticStage } from '../src/model.js';
import { arbSnapshot } from './arbitraries.js';

// Many ambassadors for few requests, so the engine's candidate limit cuts lists short and the search
// has to widen its circle ring by ring.
const CROWDED = arbSnapshot({ orgs: [1, 3], ambassadors: [8, 30], requests: [1, 6] });
const LIMIT = 3;

describe('the engine’s candidate search', () => {
  it('keeps exactly the nearest qualifying ambassadors in person (ties by input order), and says when it cut', () => {
    fc.assert(
      fc.property(CROWDED, (drawn) => {
        const snapshot = { ...drawn, history: [] }; // no continuity: known ambassadors are kept beyond the limit
        const policy = Policy.parse({});
        const every = buildModel(snapshot, policy);
        const nearest = buildModel(snapshot, policy, {}, LIMIT);
        every.requests.forEach((rm, i) => {
          const org = rm.org;
          const km = (amb: number) => {
            const a = snapshot.ambassadors[amb]!;
            return distanceKm(org.lat, org.lon, a.lat, a.lon);
          };
          const qualifying = rm.candidates
            .filter((c) => !c.online)
            .map((c) => c.amb)
            .sort((x, y) => km(x) - km(y) || x - y);
          const kept = nearest.requests[i]!.candidates.filter((c) => !c.online).map((c) => c.amb);
          expect(new Set(kept)).toEqual(new Set(qualifying.slice(0, LIMIT)));
          if (qualifying.length > LIMIT) expect(nearest.requests[i]!.capped).toBe(true);
        });
      }),
      { numRuns: 200, seed: 20261202 },
    );
  });
});

describe('the time-check count (stats.time_checks)', () => {
  it('counts one check for each ambassador in reach who passes every static test, and no one else', () => {
    fc.assert(
      fc.property(CROWDED, (drawn) => {
        const snapshot = { ...drawn, history: [] };
        const policy = Policy.parse({});
        const model = buildModel(snapshot, policy);
        let expected = 0;
        for (const rm of model.requests) {
          if (rm.slots.day.length === 0) continue; // no start time: nobody's times are checked
          for (const am of model.ambassadors) {
            if (staticStage(rm, am, policy) !== 5) continue;
            const a = am.ambassador;
            const km = distanceKm(rm.org.lat, rm.org.lon, a.lat, a.lon);
            const inPerson =
              rm.request.mode !== 'online' &&
              a.in_person &&
              km <= a.travel_km &&
              km <= (rm.request.max_km ?? Number.POSITIVE_INFINITY);
            const online = rm.request.mode !== 'in_person' && a.online;
            if (inPerson || online) expected++;
          }
        }
        expect(model.timeChecks).toBe(expected);
      }),
      { numRuns: 200, seed: 20261203 },
    );
  });
});

describe('the pattern caches (weekdays in common, first covered slot)', () => {
  it('give every pair the same slots as working them out afresh', () => {
    fc.assert(
      fc.property(CROWDED, (snapshot) => {
        const policy = Policy.parse({});
        const model = buildModel(snapshot, policy);
        for (const rm of model.requests) {
          for (const am of model.ambassadors) {
            // Twice with the model (the second reads the caches), once without (no cache at all).
            const fresh = pairSlots(rm, am, policy);
            expect(pairSlots(rm, am, policy, model)).toEqual(fresh);
            expect(pairSlots(rm, am, policy, model)).toEqual(fresh);
            expect(hasAnySlot(rm, am, policy, model)).toBe(fresh !== undefined);
          }
        }
      }),
      { numRuns: 100, seed: 20261204 },
    );
  });
});
