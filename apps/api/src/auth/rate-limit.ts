// Sign-in attempts limited per (client, username): a fixed window of failures, then a lock-out.
export class RateLimiter {
  private failures = new Map<string, { count: number; until: number }>();
  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  allow(key: string, now = Date.now()): boolean {
    const f = this.failures.get(key);
    if (!f || f.until < now) return true;
    return f.count < this.maxFailures;
  }

  fail(key: string, now = Date.now()): void {
    const f = this.failures.get(key);
    if (!f || f.until < now) this.failures.set(key, { count: 1, until: now + this.windowMs });
    else f.count += 1;
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
