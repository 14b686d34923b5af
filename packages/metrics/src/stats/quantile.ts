// Sample quantiles. Type 7 (R's default, also NumPy's "linear"), so figures match R and Excel's PERCENTILE.INC.

function sorted(values: readonly number[]): number[] {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`quantile: non-finite value ${v}`);
  return [...values].sort((a, b) => a - b);
}

function type7(xs: readonly number[], p: number): number | null {
  const n = xs.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = xs[lo] ?? 0;
  const b = xs[Math.min(lo + 1, n - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

/** Type-7 quantile (= quantile(values, p, type = 7) in R). Empty input → null. */
export function quantile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  return type7(sorted(values), p);
}

export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

export function p90(values: readonly number[]): number | null {
  return quantile(values, 0.9);
}

/** Arithmetic mean; empty input → null. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`mean: non-finite value ${v}`);
    s += v;
  }
  return s / values.length;
}
