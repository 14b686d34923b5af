// Chi-square test for linear trend in proportions (Cochran–Armitage, as R's prop.trend.test):
// is the proportion drifting up or down across ordered periods, beyond chance? One degree of
// freedom: the weighted regression sum of squares of x/n on the score, with weights n / (p̄(1 − p̄)).
import { upperIncompleteGamma } from "./gamma";

export interface TrendTest {
  /** X-squared, 1 df (R: prop.trend.test(...)$statistic). */
  statistic: number;
  /** Upper-tail p-value (R: prop.trend.test(...)$p.value). */
  pValue: number;
  /** Sign of the fitted slope: "increasing" when the proportion rises with the score. */
  direction: "increasing" | "decreasing" | "flat";
  /** p < alpha. */
  significant: boolean;
}

/**
 * x successes out of n in each ordered period, scored 1, 2, … unless given. Periods with n = 0
 * carry no weight and are dropped. Returns null when no test is possible (fewer than two periods
 * with cases, differing scores, or every case a success or every case a failure).
 */
export function proportionTrendTest(
  x: readonly number[],
  n: readonly number[],
  options: { score?: readonly number[]; alpha?: number } = {},
): TrendTest | null {
  if (x.length !== n.length) throw new RangeError("proportionTrendTest: x and n differ in length");
  const score = options.score ?? x.map((_, i) => i + 1);
  if (score.length !== x.length) throw new RangeError("proportionTrendTest: score and x differ in length");
  const alpha = options.alpha ?? 0.05;
  const points: { x: number; n: number; s: number }[] = [];
  x.forEach((xi, i) => {
    const ni = n[i] ?? 0;
    const si = score[i] ?? 0;
    if (!(Number.isInteger(xi) && Number.isInteger(ni) && xi >= 0 && xi <= ni)) {
      throw new RangeError(`proportionTrendTest: impossible count ${xi}/${ni}`);
    }
    if (ni > 0) points.push({ x: xi, n: ni, s: si });
  });
  if (points.length < 2) return null;
  const totalX = points.reduce((a, p) => a + p.x, 0);
  const totalN = points.reduce((a, p) => a + p.n, 0);
  const pBar = totalX / totalN;
  if (pBar === 0 || pBar === 1) return null;
  // Weighted means with w = n / (p̄(1 − p̄)); the constant cancels in the means but not in the SS.
  const k = 1 / (pBar * (1 - pBar));
  const sBar = points.reduce((a, p) => a + p.n * p.s, 0) / totalN;
  const fBar = pBar;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    const w = p.n * k;
    sxy += w * (p.s - sBar) * (p.x / p.n - fBar);
    sxx += w * (p.s - sBar) ** 2;
  }
  if (sxx === 0) return null;
  const statistic = (sxy * sxy) / sxx;
  // P(χ²₁ > X) = Q(½, X/2).
  const pValue = upperIncompleteGamma(0.5, statistic / 2);
  const direction = sxy > 0 ? "increasing" : sxy < 0 ? "decreasing" : "flat";
  return { statistic, pValue, direction, significant: pValue < alpha };
}
