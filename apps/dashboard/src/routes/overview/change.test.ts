import type { IndicatorResult } from "@refugio/schemas";
import { wilson } from "@refugio/metrics/stats";
import { describe, expect, it } from "vitest";
import { changeBetween, meetsTarget, previousPeriod } from "./change";

function released(x: number, n: number): IndicatorResult {
  const ci = wilson(x, n);
  return { indicator: "p", group: {}, numerator: x, denominator: n, value: x / n, ci_low: ci.low, ci_high: ci.high, n, suppressed: false, suppression_reason: null, comparison: null };
}

describe("changeBetween", () => {
  it("reproduces Newcombe (1998) method 10 for 56/70 − 48/80: 0.2000 (0.0524 to 0.3339)", () => {
    const c = changeBetween(released(56, 70), released(48, 80), "proportion", "higher_is_better");
    expect(c?.difference).toBeCloseTo(0.2, 12);
    expect(c?.low).toBeCloseTo(0.0524, 4);
    expect(c?.high).toBeCloseTo(0.3339, 4);
    expect(c?.judgement).toBe("better");
    expect(changeBetween(released(56, 70), released(48, 80), "proportion", "lower_is_better")?.judgement).toBe("worse");
  });

  it("is similar when the interval holds zero, unjudged for counts, absent without a previous figure", () => {
    expect(changeBetween(released(10, 20), released(9, 20), "proportion", "higher_is_better")?.judgement).toBe("similar");
    const count = { ...released(120, 120), value: 120, ci_low: null, ci_high: null };
    expect(changeBetween(count, { ...count, value: 100 }, "count", "no_judgement")).toEqual({ difference: 20, low: null, high: null, judgement: "not_compared" });
    expect(changeBetween(released(1, 2), undefined, "proportion", "higher_is_better")).toBeNull();
  });
});

describe("previousPeriod and meetsTarget", () => {
  it("shifts a range of whole years back by its length", () => {
    expect(previousPeriod({ from: "2024-01-01", to: "2024-12-31" })).toEqual({ from: "2023-01-01", to: "2023-12-31" });
    expect(previousPeriod({ from: "2022-01-01", to: "2024-12-31" })).toEqual({ from: "2019-01-01", to: "2021-12-31" });
    expect(previousPeriod({})).toBeNull();
  });
  it("meets a target in the indicator's direction", () => {
    expect(meetsTarget(0.65, 0.6, "higher_is_better")).toBe(true);
    expect(meetsTarget(0.65, 0.6, "lower_is_better")).toBe(false);
    expect(meetsTarget(0.65, null, "higher_is_better")).toBeNull();
  });
});
