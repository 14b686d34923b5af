import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { regionsOf, regionSpineRows } from "./regionSpine";

const info = (code: string, polarity: IndicatorInfo["polarity"] = "higher_is_better"): IndicatorInfo =>
  ({ code, label: { es: code, en: code }, description: { es: "", en: "" }, unit: "proportion", polarity, attribution: "", dimensions: ["region"], source: "", target: null }) as IndicatorInfo;
const row = (indicator: string, region: string, value: number | null, extra: Partial<IndicatorResult> = {}): IndicatorResult => ({
  indicator,
  group: { region },
  numerator: null,
  denominator: null,
  value,
  ci_low: null,
  ci_high: null,
  n: null,
  suppressed: value === null,
  suppression_reason: value === null ? "primary" : null,
  comparison: null,
  ...extra,
});
const t = (key: string, p?: Record<string, string | number>) => `${key}${p ? JSON.stringify(p) : ""}`;

describe("regionSpineRows", () => {
  const results = [
    row("a", "PE-LIM", 0.9),
    row("a", "PE-CUS", 0.5),
    row("a", "PE-ARE", 0.6),
    row("a", "PE-PUN", 0.7),
    row("a", "PE-JUN", null),
    row("b", "PE-LIM", 0.1),
    row("b", "PE-CUS", 0.5),
    row("b", "PE-ARE", null),
    row("c", "PE-LIM", null, { state: "not_assessed", suppressed: false, suppression_reason: null }),
    row("c", "PE-CUS", 0.5),
  ];
  const rows = regionSpineRows(results, [info("a"), info("b", "lower_is_better"), info("c")], "PE-LIM", t as never, "es", 5);

  it("sets the region against the other regions' released values (a suppressed region is no peer)", () => {
    const a = rows[0];
    expect(a?.own).toBe(0.9);
    // Peers 0.5, 0.6, 0.7 (PE-JUN suppressed): median 0.6, quartiles by R's type 7.
    const want = { min: 0.5, p25: 0.55, p50: 0.6, p75: 0.65, max: 0.7 };
    for (const [key, v] of Object.entries(want)) expect(a?.peers?.[key as keyof typeof want]).toBeCloseTo(v, 12);
    expect(a?.judgement).toBe("better");
  });

  it("draws no distribution with fewer than three peers, and says how many", () => {
    expect(rows[1]?.peers).toBeNull();
    expect(rows[1]?.judgement).toBe("not_compared");
    expect(rows[1]?.medianText).toContain('"peers":"1"');
  });

  it("says why the region has no value in the words of its state", () => {
    expect(rows[2]?.own).toBeNull();
    expect(rows[2]?.ownText).toBe("no evaluado");
  });

  it("lists the regions of the answer", () => {
    expect(regionsOf(results)).toEqual(["PE-ARE", "PE-CUS", "PE-JUN", "PE-LIM", "PE-PUN"]);
  });
});
