/**
 * Items of several async streams as each arrives, each stream's in its own order: one stream's reads
 * (Redis busy, the client waiting) overlap another's decoding (the client busy, Redis idle). Stops the
 * other streams when one fails or the consumer stops early.
 */
export async function* interleave<T>(streams: ReadonlyArray<AsyncIterable<T>>): AsyncIterable<T> {
  const iterators = streams.map((s) => s[Symbol.asyncIterator]());
  const pull = (i: number) => iterators[i]!.next().then((result) => ({ i, result }));
  const pending = new Map(iterators.map((_, i) => [i, pull(i)]));
  try {
    while (pending.size > 0) {
      const { i, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(i);
        continue;
      }
      pending.set(i, pull(i));
      yield result.value;
    }
  } finally {
    await Promise.allSettled([...pending.keys()].map((i) => iterators[i]!.return?.()));
  }
}
