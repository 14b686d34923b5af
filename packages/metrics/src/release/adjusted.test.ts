import { describe, expect, it } from "vitest";
import { caseMixVariables, type CaseMixRow } from "../catalogue/casemix";
import type { CompiledRow } from "../catalogue/compile";
import { getIndicator } from "../catalogue/definitions";
import type { IndicatorDefinition } from "../catalogue/types";
import { indirectStandardise } from "../stats/standardise";
import { cellKey } from "../suppression/cell-key";
import { md5RecordKey } from "../suppression/ptable-report";
import { releaseAdjusted } from "./adjusted";
import { isReleased } from "./ledger";
import { releaseIndicator } from "./release";

const def = getIndicator("completed_stays") as IndicatorDefinition;
const risk = [caseMixVariables.risk_level];
const key = (tag: string, count: number) => cellKey(Array.from({ length: count }, (_, j) => md5RecordKey("test", `${tag}-${j}`)));

function row(fig: Partial<CompiledRow> & Record<string, unknown>): CaseMixRow {
  return {
    is_total: false, num: null, num_key: null, den: null, den_key: null, n: null, n_key: null, num_top: null, den_top: null,
    eligible: null, eligible_key: null, missing: null, v_sum: null, v_sumsq: null, v_top: null,
    stat_median: null, stat_mean: null, stat_p90: null, stat_sd: null, ...fig,
  } as CaseMixRow;
}
const cell = (shelter: string | null, level: string, x: number, n: number): CaseMixRow =>
  row({ is_total: shelter === null, g_shelter: shelter, s_risk_level: level, num: x, den: n, num_key: key(`x${shelter}${level}`, x), den_key: key(`n${shelter}${level}`, n) });

// A admits mostly extreme-risk women (completion 30 %), B mostly moderate (70 %); C is small.
const strata = [
  cell(null, "moderate", 63, 92), cell(null, "severe", 40, 80), cell(null, "extreme", 25, 82),
  cell("A", "moderate", 7, 10), cell("A", "severe", 10, 20), cell("A", "extreme", 18, 60),
  cell("B", "moderate", 56, 80), cell("B", "severe", 29, 57), cell("B", "extreme", 6, 20),
  cell("C", "moderate", 0, 2), cell("C", "severe", 1, 3), cell("C", "extreme", 1, 2),
];
const compiled = (): CompiledRow[] => {
  const r = (s: string | null, x: number, n: number) => row({ is_total: s === null, g_shelter: s, num: x, den: n, n, num_key: key(`n${s}`, x), den_key: key(`d${s}`, n) });
  return [r(null, 128, 254), r("A", 35, 90), r("B", 91, 157), r("C", 2, 7)];
};

describe("releaseAdjusted", () => {
  it("internal: true stratum counts, indirect standardisation per unit, suppression as the crude table", () => {
    const crude = releaseIndicator({ def, rows: compiled(), dimensions: ["shelter"], audience: "internal", k: 5 });
    const out = releaseAdjusted({ def, crude, strata, unit: "shelter", variables: risk, audience: "internal", k: 5 });
    expect(out.rows.every(isReleased)).toBe(true);
    expect(isReleased(out.method)).toBe(true);
    const a = out.rows.find((r) => r.group.shelter === "A");
    const want = indirectStandardise(35, [{ n: 10 }, { n: 20 }, { n: 60 }], [{ events: 63, n: 92 }, { events: 40, n: 80 }, { events: 25, n: 82 }]);
    expect(a).toMatchObject({ observed: 35, suppressed: false });
    expect(a?.expected).toBeCloseTo(want.expected, 12);
    expect(a?.adjusted).toBeCloseTo(want.adjusted ?? NaN, 12);
    // Crude A (35/90 = 39 %) is well below the total (50 %); on its case mix it is as expected.
    expect(crude.find((r) => r.group.shelter === "A")?.comparison).toBe("worse");
    expect(a?.comparison).toBe("similar");
    // C (n = 7) is not suppressed at k = 5, but the crude complementary pattern is followed at k = 8.
    const at8 = releaseIndicator({ def, rows: compiled(), dimensions: ["shelter"], audience: "internal", k: 8 });
    const adj8 = releaseAdjusted({ def, crude: at8, strata, unit: "shelter", variables: risk, audience: "internal", k: 8 });
    expect(adj8.rows.map((r) => r.suppressed)).toEqual(at8.slice(1).map((r) => r.suppressed));
    expect(adj8.rows.find((r) => r.group.shelter === "C")).toMatchObject({ suppressed: true, expected: null, adjusted: null, comparison: "not_compared" });
    expect(out.method).toMatchObject({ method: "indirect_standardisation", strata: 3, merges: [], variables: [{ code: "risk_level" }] });
  });
  it("merges strata with fewer than max(k, 20) reference records along the declared order, and says which", () => {
    const small = [cell(null, "moderate", 5, 8), cell(null, "severe", 6, 9), cell(null, "extreme", 25, 82), cell("A", "moderate", 5, 8), cell("A", "severe", 6, 9), cell("A", "extreme", 25, 82)];
    const crude = releaseIndicator({ def, rows: [row({ is_total: true, num: 36, den: 99, n: 99 }), row({ g_shelter: "A", num: 36, den: 99, n: 99 })], dimensions: ["shelter"], audience: "internal", k: 5 });
    const out = releaseAdjusted({ def, crude, strata: small, unit: "shelter", variables: risk, audience: "internal", k: 5 });
    expect(out.method.merges).toEqual([["risk_level=moderate", "risk_level=severe", "risk_level=extreme"]]);
    expect(out.method.strata).toBe(1);
    expect(out.rows[0]?.ratio).toBeCloseTo(1, 12);
  });
  it("external: every stratum count perturbed with its cell key, observed = the released crude numerator, deterministic", () => {
    const crude = releaseIndicator({ def, rows: compiled(), dimensions: ["shelter"], audience: "external", k: 5 });
    const once = releaseAdjusted({ def, crude, strata, unit: "shelter", variables: risk, audience: "external", k: 5 });
    expect(releaseAdjusted({ def, crude, strata, unit: "shelter", variables: risk, audience: "external", k: 5 })).toEqual(once);
    const internal = releaseAdjusted({ def, crude: releaseIndicator({ def, rows: compiled(), dimensions: ["shelter"], audience: "internal", k: 5 }), strata, unit: "shelter", variables: risk, audience: "internal", k: 5 });
    for (const r of once.rows) {
      expect(r.perturbed).toBe(true);
      expect(r.observed).toBe(crude.find((c) => c.group.shelter === r.group.shelter)?.numerator);
    }
    // Perturbed blocks move E away from the true one for at least one unit.
    expect(once.rows.some((r, i) => r.expected !== internal.rows[i]?.expected)).toBe(true);
  });
  it("fails closed: crude figures that did not pass the engine, or a stratum without its cell key", () => {
    const crude = releaseIndicator({ def, rows: compiled(), dimensions: ["shelter"], audience: "external", k: 5 });
    expect(() => releaseAdjusted({ def, crude: crude.map((r) => ({ ...r })), strata, unit: "shelter", variables: risk, audience: "external", k: 5 })).toThrow(/released crude/);
    const noKey = strata.map((r) => ({ ...r, den_key: null }));
    expect(() => releaseAdjusted({ def, crude, strata: noKey, unit: "shelter", variables: risk, audience: "external", k: 5 })).toThrow(/cell key/);
  });
});
