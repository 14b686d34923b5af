// A small least-recently-used cache (Map keeps insertion order: re-inserting moves a key last).
// Entries are keyed by the caller; API results key on (procedure, input, scope, audience, k,
// data version), so a load (which bumps the data version) makes every older entry unreachable.
export class LruCache<V = unknown> {
  private readonly map = new Map<string, V>();
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries = 500) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`LruCache: maxEntries must be ≥ 1, got ${maxEntries}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    if (!this.map.has(key)) {
      this.misses += 1;
      return undefined;
    }
    const value = this.map.get(key) as V;
    this.map.delete(key);
    this.map.set(key, value);
    this.hits += 1;
    return value;
  }

  set(key: string, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  clear(): void {
    this.map.clear();
  }
}

/** Stable JSON (sorted object keys) so equal inputs give equal cache keys. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
