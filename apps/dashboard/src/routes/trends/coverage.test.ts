import type { IndicatorResult } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { coverageSeries } from "./coverage";

const row = (quarter: string, extra: Partial<IndicatorResult>): IndicatorResult => ({
  indicator: "self_esteem_improved",
  group: { quarter },
  numerator: 10,
  denominator: 20,
  value: 0.5,
  ci_low: 0.3,
  ci_high: 0.7,
  n: 20,
  suppressed: false,
  suppression_reason: null,
  comparison: null,
  ...extra,
});

describe("coverageSeries", () => {
  it("gives each period's released coverage, and gaps where a period is suppressed", () => {
    const attrition = { coverage: 0.55, low: 0.2, high: 0.8, best: 0.8, worst: 0.2, low_coverage: true, threshold: 0.6 };
    const s = coverageSeries([row("2024-Q1", { attrition }), row("2024-Q2", { suppressed: true, value: null, suppression_reason: "primary" })]);
    expect(s?.map((r) => r.value)).toEqual([0.55, null]);
    expect(s?.[0]).toMatchObject({ ci_low: null, ci_high: null, group: { quarter: "2024-Q1" } });
  });

  it("is absent for indicators without attrition", () => {
    expect(coverageSeries([row("2024-Q1", {})])).toBeNull();
  });
});
