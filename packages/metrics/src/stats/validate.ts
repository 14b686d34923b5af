// Argument checks shared by the interval functions (internal: not re-exported).

/** Throws unless 0 ≤ x ≤ n and both are finite. */
export function checkCounts(fn: string, x: number, n: number): void {
  if (!Number.isFinite(x) || !Number.isFinite(n) || n < 0 || x < 0 || x > n) {
    throw new RangeError(`${fn}: need 0 ≤ x ≤ n (x=${x}, n=${n})`);
  }
}

export function checkLevel(fn: string, level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`${fn}: level must be in (0, 1), got ${level}`);
}
