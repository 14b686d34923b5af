// Paired change (exit − admission): mean difference, t-interval and d_z (INDICATORS.md).
import { tQuantile } from "./t";
import { checkLevel } from "./validate";
import { mean } from "./quantile";

export interface PairedChange {
  n: number;
  mean: number | null;
  sd: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** Cohen's d_z = mean ÷ SD of the differences; null when SD is 0 (undefined, not infinite). */
  dz: number | null;
}

/**
 * Mean of the paired differences with a Student-t interval (= t.test(d)$conf.int in R).
 * n = 0 → everything null; n = 1 → the mean only (no spread, so no SD, interval or d_z).
 */
export function pairedChange(diffs: readonly number[], level = 0.95): PairedChange {
  checkLevel("pairedChange", level);
  const n = diffs.length;
  const m = mean(diffs);
  if (m === null || n < 2) return { n, mean: m, sd: null, ci_low: null, ci_high: null, dz: null };
  let ss = 0;
  for (const d of diffs) ss += (d - m) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean: m, sd, ci_low: m - half, ci_high: m + half, dz: sd > 0 ? m / sd : null };
}

/**
 * Paired change from moments (n, mean, SD of the differences) computed in SQL, so a group of a
 * million stays never travels to Node as an array. Same formulas as `pairedChange`.
 */
export function pairedFromMoments(n: number, mean: number | null, sd: number | null, level = 0.95): PairedChange {
  if (n === 0 || mean === null) return { n, mean: null, sd: null, ci_low: null, ci_high: null, dz: null };
  if (n < 2 || sd === null) return { n, mean, sd: null, ci_low: null, ci_high: null, dz: null };
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci_low: mean - half, ci_high: mean + half, dz: sd > 0 ? mean / sd : null };
}

/**
 * Paired change from sums (n, Σd, Σd²): how an external release derives the mean, SD and interval
 * from perturbed building blocks. A perturbed Σd² may fall below Σd²/n; the variance is then 0.
 */
export function pairedFromSums(n: number, sum: number, sumSq: number, level = 0.95): PairedChange {
  if (n <= 0) return { n, mean: null, sd: null, ci_low: null, ci_high: null, dz: null };
  const m = sum / n;
  if (n < 2) return pairedFromMoments(n, m, null, level);
  const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
  return pairedFromMoments(n, m, Math.sqrt(variance), level);
}
