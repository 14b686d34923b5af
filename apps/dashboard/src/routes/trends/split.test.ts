import type { IndicatorResult } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { splitSeries } from "./split";

const r = (group: Record<string, string | null>): IndicatorResult => ({ indicator: "x", group, numerator: null, denominator: null, value: 1, ci_low: null, ci_high: null, n: 1, suppressed: false, suppression_reason: null, comparison: null });

describe("splitSeries", () => {
  it("makes one time-ordered series per group and leaves totals out", () => {
    const rows = [r({ year: "2024", region: "PE-LIM" }), r({ year: "2023", region: "PE-LIM" }), r({ year: "2023", region: "PE-CUS" }), r({ region: "PE-LIM" }), r({})];
    const series = splitSeries(rows, "year", "region");
    expect(series.map(([code, rs]) => [code, rs.map((x) => x.group.year)])).toEqual([
      ["PE-LIM", ["2023", "2024"]],
      ["PE-CUS", ["2023"]],
    ]);
  });
});
