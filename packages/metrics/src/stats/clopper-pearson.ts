// Exact (Clopper–Pearson) interval through beta quantiles.
import { betaQuantile } from "./beta";
import type { Interval } from "./wilson";
import { checkCounts, checkLevel } from "./validate";

/**
 * Clopper–Pearson interval (= binom.test(x, n, conf.level = level)$conf.int in R):
 * low = B⁻¹(α/2; x, n−x+1), high = B⁻¹(1−α/2; x+1, n−x). x and n must be whole numbers.
 * n = 0 returns nulls, like `wilson`.
 */
export function clopperPearson(x: number, n: number, level = 0.95): Interval {
  checkCounts("clopperPearson", x, n);
  checkLevel("clopperPearson", level);
  if (!Number.isInteger(x) || !Number.isInteger(n)) {
    throw new RangeError(`clopperPearson: x and n must be whole numbers (x=${x}, n=${n})`);
  }
  if (n === 0) return { low: null, high: null };
  const alpha = 1 - level;
  return {
    low: x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1),
    high: x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x),
  };
}
