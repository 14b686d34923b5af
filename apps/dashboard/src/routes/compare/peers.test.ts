import type { IndicatorResult } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { modelsCompared, rankByValue, withRegionAndModel } from "./peers";

const r = (shelter: string, value: number | null): IndicatorResult => ({ indicator: "x", group: { shelter }, numerator: null, denominator: null, value, ci_low: null, ci_high: null, n: 10, suppressed: value === null, suppression_reason: value === null ? "primary" : null, comparison: null });
const shelters = new Map([
  ["hrt-01", { shelter_code: "hrt-01", region_code: "PE-LIM", model: "hrt" }],
  ["cr-01", { shelter_code: "cr-01", region_code: "CO-DC", model: "casa_refugio" }],
]);

describe("compare peers", () => {
  it("adds region and model to a shelter's group, in the reader's language", () => {
    expect(withRegionAndModel(r("hrt-01", 0.5), shelters, "es").group).toEqual({ shelter: "hrt-01", region: "PE-LIM", model: "Hogar de Refugio Temporal" });
    expect(withRegionAndModel(r("zz", 0.5), shelters, "es").group).toEqual({ shelter: "zz" });
  });

  it("says when shelters of different models are pooled", () => {
    expect(modelsCompared([r("hrt-01", 1), r("cr-01", 1), r("zz", 1)], shelters)).toEqual(["casa_refugio", "hrt"]);
    expect(modelsCompared([r("hrt-01", 1)], shelters)).toEqual(["hrt"]);
  });

  it("ranks by value, highest first, suppressed last", () => {
    expect(rankByValue([r("a", 0.2), r("b", null), r("c", 0.9), r("d", 0.5)]).map((x) => x.group.shelter)).toEqual(["c", "d", "a", "b"]);
  });
});
