import type { IndicatorResult } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { trendVerdict } from "./trendTest";

const row = (numerator: number | null, denominator: number | null, suppressed = false): IndicatorResult => ({
  indicator: "completed_stays",
  group: {},
  numerator,
  denominator,
  value: numerator !== null && denominator ? numerator / denominator : null,
  ci_low: null,
  ci_high: null,
  n: denominator,
  suppressed,
  suppression_reason: suppressed ? "primary" : null,
  comparison: null,
});

describe("trendVerdict", () => {
  it("finds R's significant decreasing trend (prop.trend.test(c(15,10,12,6,3), c(40,38,44,42,41)): p = 0.000464)", () => {
    const v = trendVerdict([row(15, 40), row(10, 38), row(12, 44), row(6, 42), row(3, 41)], { unit: "proportion" });
    expect(v.kind).toBe("decreasing");
    if (v.kind === "decreasing") expect(v.test.pValue).toBeCloseTo(4.64330143668694e-4, 12);
  });

  it("scores periods by position so a suppressed gap keeps the spacing (R: score = c(1,2,4,5))", () => {
    // R: prop.trend.test(c(15,10,6,3), c(40,38,42,41), score = c(1,2,4,5))
    const v = trendVerdict([row(15, 40), row(10, 38), row(null, null, true), row(6, 42), row(3, 41)], { unit: "proportion" });
    expect(v.kind).toBe("decreasing");
    if (v.kind === "decreasing") {
      expect(v.periods).toBe(4);
      expect(v.test.statistic).toBeCloseTo(12.7346495110532, 10);
      expect(v.test.pValue).toBeCloseTo(3.58943085010851e-4, 12);
    }
  });

  it("says no significant trend, too few periods, or not a proportion", () => {
    expect(trendVerdict([row(20, 100), row(22, 100), row(19, 100), row(21, 100), row(20, 100), row(23, 100)], { unit: "proportion" }).kind).toBe("none");
    expect(trendVerdict([row(20, 100), row(null, null, true), row(22, 100)], { unit: "proportion" })).toEqual({ kind: "too_few", periods: 2 });
    expect(trendVerdict([row(20, 100), row(30, 100), row(40, 100)], { unit: "count" }).kind).toBe("not_proportion");
  });
});
