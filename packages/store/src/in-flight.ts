/**
 * `read` of each item, yielded in order, with up to `n` reads under way at once: Redis answers one
 * while the caller works on another. A read that fails is thrown when its turn comes (and never
 * reported as unhandled meanwhile).
 */
export async function* inFlight<I, T>(
  items: Iterable<I> | AsyncIterable<I>,
  n: number,
  read: (item: I) => Promise<T>,
): AsyncIterable<T> {
  const pending: Array<Promise<T>> = [];
  for await (const item of items) {
    const p = read(item);
    p.catch(() => {});
    pending.push(p);
    if (pending.length >= n) yield await pending.shift()!;
  }
  while (pending.length > 0) yield await pending.shift()!;
}
