// Paired change from per-group moments (n, mean, SD of the differences) computed in SQL, so a
// group of a million stays never travels to Node as an array. Same formulas as metrics'
// `pairedChange` (t-interval, d_z = mean ÷ SD); a test checks they agree.
import { tQuantile, type PairedChange } from "@refugio/metrics";

export function pairedFromMoments(n: number, mean: number | null, sd: number | null, level = 0.95): PairedChange {
  if (n === 0 || mean === null) return { n, mean: null, sd: null, ci_low: null, ci_high: null, dz: null };
  if (n < 2 || sd === null) return { n, mean, sd: null, ci_low: null, ci_high: null, dz: null };
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci_low: mean - half, ci_high: mean + half, dz: sd > 0 ? mean / sd : null };
}
