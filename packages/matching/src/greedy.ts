import type { Model } from './model.js';
import { bestFreePlacement } from './placement.js';
import type { Solution } from './solution.js';

/**
 * Today's practice, the status quo to beat: requests in arrival order, each takes the nearest free
 * eligible ambassador(s) at the earliest time they are all free. No look-ahead, no Priority weighting.
 */
export function solveGreedy(sol: Solution, requests: readonly number[]): void {
  const model: Model = sol.model;
  const arrival = [...requests].sort((a, b) => {
    const x = model.requests[a]!.request;
    const y = model.requests[b]!.request;
    return Date.parse(x.created_at) - Date.parse(y.created_at) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  });
  for (const r of arrival) {
    const rm = model.requests[r]!;
    const nearestFirst = rm.candidates
      .map((c, ci) => ({ ci, online: c.online, km: c.distanceKm, amb: c.amb }))
      .sort((x, y) => Number(x.online) - Number(y.online) || x.km - y.km || x.amb - y.amb)
      .map((c) => c.ci);
    const p = bestFreePlacement(sol, rm, nearestFirst, true);
    if (p) sol.place(rm, p);
  }
}
