import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkComponents } from '../src/commit-chunks.js';

const component = (filled: number, unfilled: number, name: string) => ({
  component: name,
  filled: Array.from({ length: filled }, () => ({})),
  unfilled: Array.from({ length: unfilled }, () => ({})),
});
const size = (c: ReturnType<typeof component>) => c.filled.length + c.unfilled.length;

describe('commit chunks', () => {
  it('keeps whole components, in order, each chunk within the limit unless one component alone is over', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(30), fc.nat(30)), { maxLength: 40 }),
        fc.integer({ min: 1, max: 60 }),
        (shapes, limit) => {
          const components = shapes.map(([f, u], i) => component(f, u, `c${i}`));
          const chunks = chunkComponents(components, limit);
          expect(chunks.flat().map((c) => c.component)).toEqual(components.map((c) => c.component));
          for (const [i, chunk] of chunks.entries()) {
            const total = chunk.reduce((s, c) => s + size(c), 0);
            expect(chunk.length).toBeGreaterThan(0);
            if (chunk.length > 1) expect(total).toBeLessThanOrEqual(limit);
            // Greedy: the next chunk's first component did not fit in this one.
            const next = chunks[i + 1];
            if (next) expect(total + size(next[0]!)).toBeGreaterThan(limit);
          }
        },
      ),
    );
  });

  it('puts a component larger than the limit in a chunk of its own', () => {
    const chunks = chunkComponents([component(2, 0, 'a'), component(9, 3, 'big'), component(1, 1, 'b')], 5);
    expect(chunks.map((c) => c.map((x) => x.component))).toEqual([['a'], ['big'], ['b']]);
  });
});
