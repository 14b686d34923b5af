// Pooling as the UI's alternative to blanks: instead of a series of suppressed months for a
// small shelter, show rolling windows wide enough that every window reaches k.

export interface PeriodValue {
  numerator: number;
  denominator: number;
}

export interface PooledSeries {
  /** Window width in periods, the same for every point (widths that vary would let a reader subtract). */
  width: number;
  /** windows[i] pools periods i … i + width − 1. */
  windows: { start: number; numerator: number; denominator: number }[];
}

/**
 * The smallest common width w such that every full rolling window of w consecutive periods has
 * a denominator ≥ k,
 * with the windowed sums. null when even the whole series is below k.
 * Publish the windows instead of, never alongside, the single periods they contain.
 */
export function rollingPool(series: readonly PeriodValue[], k: number): PooledSeries | null {
  const n = series.length;
  if (n === 0) return null;
  const cumNum = [0];
  const cumDen = [0];
  for (const p of series) {
    cumNum.push((cumNum.at(-1) ?? 0) + p.numerator);
    cumDen.push((cumDen.at(-1) ?? 0) + p.denominator);
  }
  const sum = (c: number[], a: number, b: number) => (c[b] ?? 0) - (c[a] ?? 0);
  for (let w = 1; w <= n; w++) {
    let ok = true;
    for (let i = 0; i + w <= n && ok; i++) if (sum(cumDen, i, i + w) < k) ok = false;
    if (!ok) continue;
    const windows = [];
    for (let i = 0; i + w <= n; i++) {
      windows.push({ start: i, numerator: sum(cumNum, i, i + w), denominator: sum(cumDen, i, i + w) });
    }
    return { width: w, windows };
  }
  return null;
}
