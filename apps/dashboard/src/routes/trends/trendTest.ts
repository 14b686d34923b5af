// The chi-square test for linear trend (R's prop.trend.test, in @refugio/metrics) on the released
// numerators and denominators of a proportion's periods, and its verdict in words. Only the
// periods that were released are used (suppressed ones are gaps, not zeros); released counts may
// carry the external audience's small perturbation, which the wording does not hide.
import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { proportionTrendTest, type TrendTest } from "@refugio/metrics/stats";

export type TrendVerdict =
  | { kind: "increasing" | "decreasing" | "none"; test: TrendTest; periods: number }
  | { kind: "not_proportion" }
  | { kind: "too_few"; periods: number };

/** Periods in time order (the API's order); the score is each period's position, gaps included. */
export function trendVerdict(periods: readonly IndicatorResult[], info: Pick<IndicatorInfo, "unit">): TrendVerdict {
  if (info.unit !== "proportion") return { kind: "not_proportion" };
  const x: number[] = [];
  const n: number[] = [];
  const score: number[] = [];
  periods.forEach((r, i) => {
    if (r.suppressed || r.numerator === null || r.denominator === null || r.denominator <= 0) return;
    // Perturbed counts are whole and never exceed their denominators after release; clamp anyway.
    const num = Math.max(0, Math.min(Math.round(r.numerator), Math.round(r.denominator)));
    x.push(num);
    n.push(Math.round(r.denominator));
    score.push(i + 1);
  });
  if (x.length < 3) return { kind: "too_few", periods: x.length };
  const test = proportionTrendTest(x, n, { score });
  if (!test) return { kind: "too_few", periods: x.length };
  return { kind: test.significant ? (test.direction === "decreasing" ? "decreasing" : "increasing") : "none", test, periods: x.length };
}
