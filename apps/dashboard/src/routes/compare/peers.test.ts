import type { IndicatorResult } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { modelsCompared, rankByValue, withRegionAndModel, peerGroupOf } from "./peers";

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

describe("peerGroupOf", () => {
  const scope = [{ model: "hrt" }, { model: "hrt" }, { model: "casa_refugio" }, { model: "casa_refugio" }, { model: "casa_refugio" }, { model: "refugio" }, { model: null }];
  it("defaults to the model with the most shelters in scope, never to every model pooled", () => {
    expect(peerGroupOf({}, scope)).toEqual({ kind: "model", model: "casa_refugio", chosen: false, shelters: 3 });
    // Ties go to the first code, so the default is the same on every visit.
    expect(peerGroupOf({}, scope.slice(0, 4))).toEqual({ kind: "model", model: "casa_refugio", chosen: false, shelters: 2 });
  });
  it("keeps the reader's model, and pools only when asked for", () => {
    expect(peerGroupOf({ model: "hrt" }, scope)).toEqual({ kind: "model", model: "hrt", chosen: true, shelters: 2 });
    expect(peerGroupOf({ model: "hrt", pooled: "1" }, scope)).toMatchObject({ kind: "model", model: "hrt" });
    expect(peerGroupOf({ pooled: "1" }, scope)).toEqual({ kind: "pooled", models: ["casa_refugio", "hrt", "refugio"] });
  });
  it("has nothing to choose with one model in scope", () => {
    expect(peerGroupOf({}, scope.slice(0, 2))).toEqual({ kind: "single" });
    expect(peerGroupOf({ pooled: "1" }, scope.slice(0, 2))).toEqual({ kind: "single" });
  });
});
