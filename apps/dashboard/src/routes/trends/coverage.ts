// Coverage as a second series under a pre/post or follow-up indicator: the share of the eligible
// measured in each period, from the released `attrition` of each row (never recomputed here).
import type { IndicatorResult } from "@refugio/schemas";

/** One row per period: value = coverage (0–1); periods without a released coverage are gaps. */
export function coverageSeries(periods: readonly IndicatorResult[]): IndicatorResult[] | null {
  if (!periods.some((r) => r.attrition)) return null;
  return periods.map((r) => ({
    ...r,
    value: !r.suppressed && r.attrition ? r.attrition.coverage : null,
    ci_low: null,
    ci_high: null,
    numerator: null,
    denominator: null,
    suppressed: r.suppressed,
  }));
}
