import { describe, expect, it } from 'vitest';
import { inFlight } from '../src/in-flight.js';

const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('inFlight', () => {
  it('yields results in order with at most n reads under way', async () => {
    let running = 0;
    let most = 0;
    const out: number[] = [];
    const read = async (i: number) => {
      running++;
      most = Math.max(most, running);
      await later((7 - i) * 2, 0); // later items finish first
      running--;
      return i * 10;
    };
    for await (const v of inFlight([0, 1, 2, 3, 4, 5, 6], 3, read)) out.push(v);
    expect(out).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(3);
  });

  it('throws a failed read when its turn comes, not as an unhandled rejection before', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const read = (i: number) => (i === 1 ? Promise.reject(new Error('chunk 1 lost')) : later(20, i));
      const seen: number[] = [];
      await expect(
        (async () => {
          for await (const v of inFlight([0, 1, 2], 3, read)) seen.push(v);
        })(),
      ).rejects.toThrow('chunk 1 lost');
      expect(seen).toEqual([0]);
      await later(10, 0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
