import { describe, expect, it } from "vitest";
import { applySuppression, constraintsForGrouping, perturbRate, type SuppressibleRow } from "./apply";
import { cellKey } from "./cell-key";
import { md5RecordKey as recordKey } from "./ptable-report";
import { wilson } from "../stats/wilson";

type Row = SuppressibleRow & { comparison?: string | null; stats?: Record<string, number | null> };

function rateRow(shelter: string | null, x: number, n: number, extra: Partial<Row> = {}): Row {
  const ci = wilson(x, n);
  return {
    indicator: "completed_stays",
    group: shelter === null ? {} : { shelter },
    numerator: x,
    denominator: n,
    value: n > 0 ? x / n : null,
    ci_low: ci.low,
    ci_high: ci.high,
    n,
    suppressed: false,
    suppression_reason: null,
    ...extra,
  };
}

describe("applySuppression", () => {
  const rows: Row[] = [
    rateRow(null, 40, 70, { comparison: "similar" }),
    rateRow("A", 2, 3, { comparison: "worse" }),
    rateRow("B", 15, 30),
    rateRow("C", 10, 22, { stats: { median: 40 } }),
    rateRow("D", 13, 15),
  ];
  const isTotal = (r: Row) => Object.keys(r.group).length === 0;

  it("builds the grouping constraint per indicator", () => {
    const other = { ...rateRow(null, 1, 2), indicator: "other" };
    expect(constraintsForGrouping([...rows, other], isTotal)).toEqual([{ total: 0, parts: [1, 2, 3, 4] }]);
  });

  it("hides the small shelter and its complement, nulling every figure", () => {
    const out = applySuppression({ rows, constraints: constraintsForGrouping(rows, isTotal) }, { k: 5 });
    expect(out.map((r) => r.suppression_reason)).toEqual([null, "primary", null, null, "secondary"]);
    const a = out[1];
    expect(a).toMatchObject({ numerator: null, denominator: null, value: null, ci_low: null, ci_high: null, n: null, suppressed: true });
    expect((a as Row).comparison).toBe("not_compared");
    expect(out[0]?.numerator).toBe(40);
    expect(out[3]).toHaveProperty("stats");
  });

  it("k is configurable", () => {
    const out = applySuppression({ rows, constraints: constraintsForGrouping(rows, isTotal) }, { k: 16 });
    // D (15) is now primary too; A and D hide each other, nothing else needed.
    expect(out.map((r) => r.suppressed)).toEqual([false, true, false, false, true]);
    const out23 = applySuppression({ rows, constraints: constraintsForGrouping(rows, isTotal) }, { k: 23 });
    expect(out23.map((r) => r.suppression_reason)).toEqual([null, "primary", null, "primary", "primary"]);
  });

  it("treats rows without a denominator as counts and statistics over n as rates", () => {
    const count = (shelter: string, c: number): Row => ({ ...rateRow(shelter, 0, 1), indicator: "women_served", numerator: c, denominator: null, value: c, ci_low: null, ci_high: null, n: c });
    const los: Row = { ...rateRow("X", 0, 1), indicator: "length_of_stay", numerator: null, denominator: null, value: 41, ci_low: null, ci_high: null, n: 4 };
    const out = applySuppression({ rows: [count("A", 3), count("B", 0), count("C", 12), los], constraints: [] });
    expect(out.map((r) => r.suppressed)).toEqual([true, false, false, true]);
  });

  it("perturbs published cells deterministically, recomputes Wilson, and drops the keys", () => {
    const keyed = rows.map((r, i) => ({
      ...r,
      cell_keys: {
        numerator: cellKey(Array.from({ length: r.numerator ?? 0 }, (_, j) => recordKey("s", `n${i}-${j}`))),
        denominator: cellKey(Array.from({ length: r.denominator ?? 0 }, (_, j) => recordKey("s", `d${i}-${j}`))),
      },
    }));
    const table = { rows: keyed, constraints: constraintsForGrouping(keyed, isTotal) };
    const once = applySuppression(table, { k: 5, perturb: true });
    expect(applySuppression(table, { k: 5, perturb: true })).toEqual(once);
    for (const r of once) {
      expect(r).not.toHaveProperty("cell_keys");
      if (r.suppressed) {
        expect(r.perturbed).toBeUndefined();
        continue;
      }
      expect(r.perturbed).toBe(true);
      const x = r.numerator ?? NaN;
      const n = r.denominator ?? NaN;
      expect(n).toBeGreaterThanOrEqual(5);
      expect(x).toBeLessThanOrEqual(n);
      expect(r.value).toBeCloseTo(x / n, 12);
      expect(r.n).toBe(n);
      const ci = wilson(x, n);
      expect(r.ci_low).toBeCloseTo(ci.low ?? NaN, 12);
      expect(r.ci_high).toBeCloseTo(ci.high ?? NaN, 12);
    }
    // Within ±2 of the truth.
    expect(Math.abs((once[0]?.denominator ?? 0) - 70)).toBeLessThanOrEqual(2);
  });

  it("refuses to perturb without cell keys rather than publishing unperturbed figures", () => {
    expect(() => applySuppression({ rows, constraints: [] }, { perturb: true })).toThrow(/cell_keys/);
  });

  it("does not modify its input", () => {
    const copy = structuredClone(rows);
    applySuppression({ rows, constraints: constraintsForGrouping(rows, isTotal) });
    expect(rows).toEqual(copy);
  });
});

describe("perturbRate", () => {
  it("keeps numerator ≤ denominator and returns the Wilson interval of the perturbed figures", () => {
    for (let kn = 0; kn < 256; kn += 17) {
      for (let kd = 0; kd < 256; kd += 13) {
        const p = perturbRate(6, 6, { numerator: kn, denominator: kd });
        expect(p.numerator).toBeLessThanOrEqual(p.denominator);
        expect(p.denominator).toBeGreaterThanOrEqual(5);
        const ci = wilson(p.numerator, p.denominator);
        expect(p.ci_low).toBe(ci.low);
        expect(p.ci_high).toBe(ci.high);
      }
    }
  });
});
