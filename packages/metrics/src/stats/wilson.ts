// Wilson score interval for a proportion (INDICATORS.md, "Proportions").
import { normalQuantile } from "./normal";
import { checkCounts, checkLevel } from "./validate";

export interface Interval {
  low: number | null;
  high: number | null;
}

/**
 * Wilson score interval for x successes out of n (= prop.test(x, n, correct = FALSE)$conf.int in R).
 * n = 0 returns { low: null, high: null }: there is no information, and a null is what the API
 * sends for "no interval" (throwing would force every caller to special-case empty groups).
 */
export function wilson(x: number, n: number, level = 0.95): Interval {
  checkCounts("wilson", x, n);
  checkLevel("wilson", level);
  if (n === 0) return { low: null, high: null };
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  // Clamp the rounding at the ends: at x = 0 the lower limit is exactly 0, at x = n the upper is 1.
  return {
    low: x === 0 ? 0 : Math.max(0, centre - half),
    high: x === n ? 1 : Math.min(1, centre + half),
  };
}
