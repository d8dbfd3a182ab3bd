import type { Model } from './model.js';

/**
 * Independent parts of the eligibility graph: requests that share no candidate ambassador, directly
 * or through others, can be solved separately (and in parallel). Each component lists request
 * indices ascending; components are ordered by their first request.
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
  const firstRequestOf = new Map<number, number>();
  for (const rm of model.requests) {
    for (const c of rm.candidates) {
      const other = firstRequestOf.get(c.amb);
      if (other === undefined) firstRequestOf.set(c.amb, rm.index);
      else {
        const a = find(other);
        const b = find(rm.index);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
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
