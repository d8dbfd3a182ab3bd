/** Counts per key, in first-seen order unless sorted. */
export class Tally {
  readonly counts = new Map<string, number>();

  add(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  get total(): number {
    let t = 0;
    for (const v of this.counts.values()) t += v;
    return t;
  }

  /** Entries, largest first (ties by key), or in the given key order when one is passed. */
  entries(order?: readonly string[]): Array<[string, number]> {
    if (order) return order.filter((k) => this.counts.has(k)).map((k) => [k, this.get(k)]);
    return [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
}

/** A Tally per group (e.g. per hub): `tallies.of('london').add('primary')`. */
export class Tallies {
  readonly groups = new Map<string, Tally>();

  of(group: string): Tally {
    const known = this.groups.get(group);
    if (known) return known;
    const t = new Tally();
    this.groups.set(group, t);
    return t;
  }

  keys(): string[] {
    return [...this.groups.keys()].sort();
  }
}
