import { describe, expect, it } from "vitest";
import { getIndicator } from "../catalogue/definitions";
import type { IndicatorDefinition } from "../catalogue/types";
import { isReleased } from "../release/ledger";
import { releaseIndicator } from "../release/release";
import { withAttrition } from "../release/attrition";
import type { CompiledRow } from "../catalogue/compile";
import { cellKey } from "../suppression/cell-key";
import { md5RecordKey } from "../suppression/ptable-report";
import { attritionBounds, LOW_COVERAGE } from "./attrition";

describe("attritionBounds (Horowitz–Manski worst–best bounds)", () => {
  it("bounds a proportion by the two extreme assumptions about the unmeasured", () => {
    // 30 of 40 measured improved; 100 eligible, so 60 unmeasured.
    const b = attritionBounds(30, 40, 100, "higher_is_better");
    expect(b).toEqual({ coverage: 0.4, low: 0.3, high: 0.9, best: 0.9, worst: 0.3, low_coverage: true, threshold: LOW_COVERAGE });
    // Lower is better (recurrence): the good outcome is no event, so best is the low bound.
    expect(attritionBounds(5, 80, 100, "lower_is_better")).toMatchObject({ best: 0.05, worst: 0.25, low_coverage: false });
    expect(attritionBounds(5, 50, 100, "higher_is_better", 0.5)?.low_coverage).toBe(false);
    expect(attritionBounds(5, 49, 100, "higher_is_better", 0.5)?.low_coverage).toBe(true);
  });
  it("gives nothing for impossible counts and refuses a threshold outside [0, 1]", () => {
    expect(attritionBounds(3, 2, 10, "higher_is_better")).toBeNull();
    expect(attritionBounds(1, 11, 10, "higher_is_better")).toBeNull();
    expect(attritionBounds(0, 0, 0, "higher_is_better")).toBeNull();
    expect(() => attritionBounds(1, 2, 3, "higher_is_better", 1.5)).toThrow(RangeError);
  });
});

describe("withAttrition (released rows only)", () => {
  const def = getIndicator("self_esteem_improved") as IndicatorDefinition;
  const key = (tag: string, n: number) => cellKey(Array.from({ length: n }, (_, j) => md5RecordKey("t", `${tag}-${j}`)));
  const row: CompiledRow = {
    is_total: true, num: 20, num_key: key("n", 20), den: 30, den_key: key("d", 30), n: 30, n_key: key("d", 30), num_top: null, den_top: null,
    eligible: 80, eligible_key: key("e", 80), missing: 50, v_sum: null, v_sumsq: null, v_top: null, stat_median: null, stat_mean: null, stat_p90: null, stat_sd: null,
  };
  it("derives coverage, bounds and the flag from the released figures, for internal and external readers", () => {
    for (const audience of ["internal", "external"] as const) {
      const released = releaseIndicator({ def, rows: [row], dimensions: [], audience, k: 5 });
      const [r] = withAttrition(def, released);
      expect(isReleased(r)).toBe(true);
      const x = r?.numerator ?? NaN;
      const m = r?.denominator ?? NaN;
      const e = r?.coverage?.eligible ?? NaN;
      expect(r?.attrition).toEqual(attritionBounds(x, m, e, "higher_is_better"));
      expect(r?.attrition?.low_coverage).toBe(true);
    }
    expect(withAttrition(def, releaseIndicator({ def, rows: [row], dimensions: [], audience: "internal", k: 5 }), 0.3)[0]?.attrition?.low_coverage).toBe(false);
  });
  it("refuses rows that did not pass the release engine, and leaves indicators without measured attrition alone", () => {
    const released = releaseIndicator({ def, rows: [row], dimensions: [], audience: "internal", k: 5 });
    expect(() => withAttrition(def, released.map((r) => ({ ...r })))).toThrow(/did not pass the release engine/);
    const completed = getIndicator("completed_stays") as IndicatorDefinition;
    expect(withAttrition(completed, released)).toEqual(released);
  });
});
