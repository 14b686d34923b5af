import type { IndicatorResult } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { markReleased, unreleasedFigures } from "./ledger";
import { withReporting } from "./reporting";

const row = (): IndicatorResult => ({
  indicator: "women_served",
  group: {},
  numerator: 12,
  denominator: null,
  value: 12,
  ci_low: null,
  ci_high: null,
  n: 12,
  suppressed: false,
  suppression_reason: null,
  comparison: null,
});

describe("withReporting", () => {
  it("attaches shelter counts to a released row, and the answer stays released", () => {
    const out = withReporting(markReleased(row()), { shelters_expected: 22, shelters_reporting: 18 });
    expect(out.reporting).toEqual({ shelters_expected: 22, shelters_reporting: 18 });
    expect(unreleasedFigures([out])).toEqual([]);
  });
  it("refuses a row that did not pass the engine, and counts that are not whole or exceed the expected", () => {
    expect(() => withReporting(row(), { shelters_expected: 2, shelters_reporting: 1 })).toThrow(/release/);
    expect(() => withReporting(markReleased(row()), { shelters_expected: 2, shelters_reporting: 3 })).toThrow(RangeError);
    expect(() => withReporting(markReleased(row()), { shelters_expected: 2.5, shelters_reporting: 1 })).toThrow(RangeError);
  });
});
