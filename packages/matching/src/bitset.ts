/** Fixed-size bit sets over a request's candidate slots. */
export type Bitset = Uint32Array;

export const bitsetWords = (size: number): number => (size + 31) >>> 5;
export const hasBit = (b: Bitset, i: number): boolean => ((b[i >>> 5]! >>> (i & 31)) & 1) === 1;
export const setBit = (b: Bitset, i: number): void => {
  b[i >>> 5]! |= 1 << (i & 31);
};

export function isEmpty(b: Bitset): boolean {
  for (const w of b) if (w !== 0) return false;
  return true;
}

/** Indices of set bits, ascending. */
export function* bits(b: Bitset): Generator<number> {
  for (let w = 0; w < b.length; w++) {
    let word = b[w]!;
    while (word !== 0) {
      const low = word & -word;
      yield (w << 5) + 31 - Math.clz32(low);
      word ^= low;
    }
  }
}
