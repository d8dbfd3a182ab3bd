import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateOf, inDateRange } from '../src/definitions.js';
import { interleave } from '../src/interleave.js';

const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2024-01-01', n));
const instant = fc
  .tuple(day, fc.integer({ min: 0, max: 23 }), fc.constantFrom('+00:00', '+01:00'))
  .map(([d, h, offset]) => `${d}T${String(h).padStart(2, '0')}:30:00${offset}`);

describe('inDateRange', () => {
  it('says what comparing the instant’s UK date would say', () => {
    fc.assert(
      fc.property(instant, day, day, (at, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        expect(inDateRange(from, to)(at)).toBe(dateOf(at) >= from && dateOf(at) <= to);
      }),
    );
  });
});

async function* slowly<T>(items: readonly T[], ms: number): AsyncIterable<T> {
  for (const item of items) {
    await new Promise((r) => setTimeout(r, ms));
    yield item;
  }
}

describe('interleave', () => {
  it('delivers every item once, each stream in its own order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 8 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        async (streams, delays) => {
          const tagged = streams.map((s, i) => s.map((v, j) => ({ i, j, v })));
          const seen: Array<{ i: number; j: number; v: number }> = [];
          for await (const item of interleave(tagged.map((s, i) => slowly(s, delays[i]!)))) seen.push(item);
          expect(seen).toHaveLength(tagged.flat().length);
          for (const [i, s] of tagged.entries()) expect(seen.filter((x) => x.i === i)).toEqual(s);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('fails when a stream fails, and stops the others', async () => {
    let stopped = false;
    async function* endless(): AsyncIterable<number> {
      try {
        for (let i = 0; ; i++) {
          await new Promise((r) => setTimeout(r, 1));
          yield i;
        }
      } finally {
        stopped = true;
      }
    }
    async function* failing(): AsyncIterable<number> {
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('Redis went away');
    }
    const read = async () => {
      for await (const _ of interleave([endless(), failing()]));
    };
    await expect(read()).rejects.toThrow('Redis went away');
    expect(stopped).toBe(true);
  });
});
