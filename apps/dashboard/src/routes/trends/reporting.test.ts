import type { IndicatorResult } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { periodsWithDifferentReporting } from "./reporting";

const row = (quarter: string, reporting: number, expected: number): IndicatorResult => ({
  indicator: "women_served",
  group: { quarter },
  numerator: 1,
  denominator: null,
  value: 1,
  ci_low: null,
  ci_high: null,
  n: 1,
  suppressed: false,
  suppression_reason: null,
  comparison: null,
  reporting: { shelters_expected: expected, shelters_reporting: reporting },
});

describe("periodsWithDifferentReporting", () => {
  it("names the periods whose coverage is incomplete or not the usual one", () => {
    expect(periodsWithDifferentReporting([row("2024-Q1", 4, 4), row("2024-Q2", 3, 4), row("2024-Q3", 4, 4)], "quarter")).toEqual(["2024-Q2 (3/4)"]);
    expect(periodsWithDifferentReporting([row("2024-Q1", 4, 4), row("2024-Q2", 5, 5), row("2024-Q3", 5, 5)], "quarter")).toEqual(["2024-Q1 (4/4)"]);
  });
  it("names nothing when every period had the same full coverage, or none is known", () => {
    expect(periodsWithDifferentReporting([row("2024-Q1", 4, 4), row("2024-Q2", 4, 4)], "quarter")).toEqual([]);
    expect(periodsWithDifferentReporting([], "quarter")).toEqual([]);
  });
});
