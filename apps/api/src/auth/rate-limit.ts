// Sign-in attempts limited per key (client address, or client and user name): a fixed window of
// attempts, then a lock-out until the window ends. An attempt is counted *before* the password is
// checked (`take` reserves the slot synchronously), so a burst of parallel guesses cannot all be
// checked before the first failure is recorded; a successful sign-in gives its slot back.
// Keys live in a bounded LRU with the window as TTL: a flood of distinct keys cannot grow memory.
import { LRUCache } from "lru-cache";

interface Window {
  count: number;
  until: number;
}

export class RateLimiter {
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly maxAttempts = 5,
    private readonly windowMs = 15 * 60_000,
    maxKeys = 10_000,
  ) {
    this.windows = new LRUCache<string, Window>({ max: maxKeys, ttl: windowMs, ttlAutopurge: false });
  }

  /** Keys currently remembered (bounded by `maxKeys`). */
  get size(): number {
    return this.windows.size;
  }

  /** Reserve an attempt: false (and nothing counted) when the key has used up its window. */
  take(key: string, now = Date.now()): boolean {
    const w = this.windows.get(key);
    if (!w || w.until < now) {
      this.windows.set(key, { count: 1, until: now + this.windowMs });
      return true;
    }
    if (w.count >= this.maxAttempts) return false;
    w.count += 1;
    return true;
  }

  /** Seconds until `key` may try again (for Retry-After). */
  retryAfter(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    return w ? Math.max(1, Math.ceil((w.until - now) / 1000)) : 1;
  }

  /** Give back an attempt that succeeded. */
  refund(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count -= 1;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }
}

/**
 * Bounds the password hashing in flight: scrypt at OWASP cost takes ~128 MiB and a core for a
 * fraction of a second, and a flood of sign-ins queued on it made a legitimate one wait 39 s.
 * `limit` run at once, `queue` more wait; beyond that callers are refused at once (503).
 */
export class WorkGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit = 2,
    readonly queue = 4,
  ) {}

  /** Run `fn` when a slot is free; `null` (without running it) when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<{ value: T } | null> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) return null;
      await new Promise<void>((ok) => this.waiting.push(ok));
    } else this.running += 1;
    try {
      return { value: await fn() };
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; otherwise it is freed.
      if (next) next();
      else this.running -= 1;
    }
  }
}
