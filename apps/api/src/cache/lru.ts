// Query results keyed by the caller; API results key on (procedure, input, scope, audience, k,
// data version), so a load (which bumps the data version) makes every older entry unreachable.
// Bounded both by entries and by approximate bytes (lru-cache's maxSize), so a few huge results
// cannot hold the server's memory.
import { LRUCache } from "lru-cache";

/** Approximate bytes of a JSON-like value (UTF-16 string length × 2). */
function approxBytes(value: unknown): number {
  try {
    return Math.max(1, (JSON.stringify(value) ?? "").length * 2);
  } catch {
    return 1;
  }
}

export class LruCache<V = unknown> {
  // Boxed: lru-cache stores only non-nullish values, and a result may be null.
  private readonly lru: LRUCache<string, { value: V }>;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxEntries = 500,
    readonly maxBytes = 64 * 1024 * 1024,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`LruCache: maxEntries must be ≥ 1, got ${maxEntries}`);
    this.lru = new LRUCache<string, { value: V }>({ max: maxEntries, maxSize: maxBytes, sizeCalculation: (box) => approxBytes(box.value) });
  }

  get size(): number {
    return this.lru.size;
  }

  /** Approximate bytes held. */
  get bytes(): number {
    return this.lru.calculatedSize;
  }

  get(key: string): V | undefined {
    const box = this.lru.get(key);
    if (box === undefined) this.misses += 1;
    else this.hits += 1;
    return box?.value;
  }

  /** A value larger than the whole byte budget is not kept (lru-cache refuses it). */
  set(key: string, value: V): void {
    this.lru.set(key, { value });
  }

  /** The value kept under `key`, or `read()`'s, kept for next time (a failed read keeps nothing). */
  async remember(key: string, read: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = await read();
    this.set(key, value);
    return value;
  }

  clear(): void {
    this.lru.clear();
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
