// Funnel-plot control limits for a proportion around the pooled target θ
// (Spiegelhalter 2005, "Funnel plots for comparing institutional performance", Stat Med 24:1185–1202).
import { binomialCdf, binomialQuantile } from "./binomial";
import { normalQuantile } from "./normal";
import { checkLevel } from "./validate";

export type FunnelMethod = "exact" | "normal";

export interface FunnelLimit {
  level: number;
  low: number;
  high: number;
}

export interface FunnelPoint {
  n: number;
  limits: FunnelLimit[];
}

/**
 * Exact binomial limit with Spiegelhalter's interpolation for discreteness (his appendix A.1.1):
 * r = qbinom(p, n, θ); α = (F(r) − p) / (F(r) − F(r−1)); limit = (r − α) / n.
 * Plain qbinom/n would make the funnel a staircase.
 */
function exactLimit(p: number, n: number, theta: number): number {
  const r = binomialQuantile(p, n, theta);
  const fr = binomialCdf(r, n, theta);
  const frm1 = binomialCdf(r - 1, n, theta);
  const alpha = fr > frm1 ? (fr - p) / (fr - frm1) : 0;
  return Math.min(1, Math.max(0, (r - alpha) / n));
}

/**
 * Control limits at each level for a unit with denominator n.
 * "exact" (default): interpolated binomial limits; "normal": θ ± z·√(θ(1−θ)/n), clipped to [0, 1].
 */
export function funnelLimits(
  theta: number,
  n: number,
  levels: readonly number[] = [0.95, 0.998],
  method: FunnelMethod = "exact",
): FunnelLimit[] {
  if (!(theta >= 0 && theta <= 1)) throw new RangeError(`funnelLimits: theta must be in [0, 1], got ${theta}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`funnelLimits: n must be a whole number ≥ 1, got ${n}`);
  return levels.map((level) => {
    checkLevel("funnelLimits", level);
    const pLow = (1 - level) / 2;
    const pHigh = 1 - pLow;
    if (method === "normal") {
      const half = normalQuantile(pHigh) * Math.sqrt((theta * (1 - theta)) / n);
      return { level, low: Math.max(0, theta - half), high: Math.min(1, theta + half) };
    }
    return { level, low: exactLimit(pLow, n, theta), high: exactLimit(pHigh, n, theta) };
  });
}

/**
 * Points for drawing the funnel from n = 1 to nMax: about `points` denominators spaced
 * geometrically (the funnel changes fastest at small n), whole and distinct, always including nMax.
 */
export function funnelCurve(
  theta: number,
  nMax: number,
  points = 50,
  levels: readonly number[] = [0.95, 0.998],
  method: FunnelMethod = "exact",
): FunnelPoint[] {
  if (!Number.isInteger(nMax) || nMax < 1) throw new RangeError(`funnelCurve: nMax must be a whole number ≥ 1, got ${nMax}`);
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`funnelCurve: points must be a whole number ≥ 2, got ${points}`);
  const ns = new Set<number>();
  for (let i = 0; i < points; i++) ns.add(Math.round(Math.exp((Math.log(nMax) * i) / (points - 1))));
  ns.add(nMax);
  return [...ns].sort((a, b) => a - b).map((n) => ({ n, limits: funnelLimits(theta, n, levels, method) }));
}
