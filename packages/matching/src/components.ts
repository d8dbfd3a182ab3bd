import type { Model } from './model.js';

/**
 * Independent parts of the eligibility graph: requests that share no candidate ambassador, directly
 * or through others, can be solved separately (and in parallel). Requests of one organisation not yet
 * reached this academic year also stay together: the reach level counts the organisation once, so
 * filling one of them changes what the others are worth. So do requests whose candidates share an
 * employer whose volunteering budget can bind (one capacity across its ambassadors). Each component lists request indices
 * ascending; components are ordered by their first request.
 */
export function components(model: Model): number[][] {
  const parent = model.requests.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (x: number, y: number) => {
    const a = find(x);
    const b = find(y);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  const firstRequestOf = new Map<number, number>();
  const firstOfOrganisation = new Map<number, number>();
  const firstOfEmployer = new Map<number, number>();
  for (const rm of model.requests) {
    for (const c of rm.candidates) {
      const other = firstRequestOf.get(c.amb);
      if (other === undefined) firstRequestOf.set(c.amb, rm.index);
      else union(other, rm.index);
      const e = model.employerOf[c.amb]!;
      if (e < 0 || !model.budgets[e]!.binds) continue;
      const sharer = firstOfEmployer.get(e);
      if (sharer === undefined) firstOfEmployer.set(e, rm.index);
      else union(sharer, rm.index);
    }
    // Even without candidates: a recruit (what-if) may give it some, and must find its organisation's
    // other requests in its part.
    if (rm.reachWeight > 0) {
      const other = firstOfOrganisation.get(rm.orgIndex);
      if (other === undefined) firstOfOrganisation.set(rm.orgIndex, rm.index);
      else union(other, rm.index);
    }
  }
  const groups = new Map<number, number[]>();
  for (let r = 0; r < parent.length; r++) {
    const root = find(r);
    const g = groups.get(root) ?? [];
    g.push(r);
    groups.set(root, g);
  }
  return [...groups.values()];
}
