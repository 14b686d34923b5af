import { describe, expect, it } from "vitest";
import type { CompiledRow } from "../catalogue/compile";
import { getIndicator } from "../catalogue/definitions";
import type { IndicatorDefinition } from "../catalogue/types";
import { pairedFromSums } from "../stats/paired";
import { wilson } from "../stats/wilson";
import { recoverableCells } from "../suppression/audit";
import { cellKey } from "../suppression/cell-key";
import { md5RecordKey } from "../suppression/ptable-report";
import { deriveFrom, isReleased, markReleased, unreleasedFigures } from "./ledger";
import { MAGNITUDE_FACTORS, MAGNITUDE_SHARE, magnitudeFactor, perturbSum } from "./magnitude";
import { releasePeriod } from "./period";
import { perturbRate } from "./rate";
import { releaseIndicator } from "./release";

const def = (code: string): IndicatorDefinition => {
  const d = getIndicator(code);
  if (!d) throw new Error(`no indicator ${code}`);
  return d;
};

/** A compiled row: every column NULL unless given; `shelter` null = the total row. */
function row(shelter: string | null, figures: Partial<CompiledRow>): CompiledRow {
  return {
    is_total: shelter === null,
    g_shelter: shelter,
    num: null,
    num_key: null,
    num_top: null,
    den: null,
    den_key: null,
    den_top: null,
    n: null,
    n_key: null,
    eligible: null,
    eligible_key: null,
    missing: null,
    v_sum: null,
    v_sumsq: null,
    v_top: null,
    stat_median: null,
    stat_mean: null,
    stat_p90: null,
    stat_sd: null,
    ...figures,
  };
}

/** Cell key of `count` synthetic stays of cell `tag` (recordKeySql's MD5 definition). */
const key = (tag: string, count: number) => cellKey(Array.from({ length: count }, (_, j) => md5RecordKey("test", `${tag}-${j}`)));

/** completed_stays: total 40/70; A 2/3 (primary), B 15/30, C 10/22, D 13/15 — with cell keys. */
function rates(): CompiledRow[] {
  const r = (s: string | null, x: number, n: number) =>
    row(s, { num: x, den: n, n, num_key: key(`n${s}`, x), den_key: key(`d${s}`, n) });
  return [r(null, 40, 70), r("A", 2, 3), r("B", 15, 30), r("C", 10, 22), r("D", 13, 15)];
}
const dims = ["shelter"];

describe("releaseIndicator: suppression (internal)", () => {
  it("hides the small shelter and its complement, nulling every figure, without perturbing", () => {
    const out = releaseIndicator({ def: def("completed_stays"), rows: rates(), dimensions: dims, audience: "internal", k: 5 });
    expect(out.map((r) => r.suppression_reason)).toEqual([null, "primary", null, null, "secondary"]);
    expect(out[1]).toMatchObject({ numerator: null, denominator: null, value: null, ci_low: null, ci_high: null, n: null, suppressed: true, comparison: "not_compared" });
    expect(out[0]).toMatchObject({ numerator: 40, denominator: 70, group: {}, comparison: null });
    expect(out.some((r) => r.perturbed)).toBe(false);
    expect(out.every((r) => !("num_key" in r))).toBe(true);
  });

  it("k is configurable", () => {
    const at16 = releaseIndicator({ def: def("completed_stays"), rows: rates(), dimensions: dims, audience: "internal", k: 16 });
    expect(at16.map((r) => r.suppressed)).toEqual([false, true, false, false, true]);
    const at23 = releaseIndicator({ def: def("completed_stays"), rows: rates(), dimensions: dims, audience: "internal", k: 23 });
    expect(at23.map((r) => r.suppression_reason)).toEqual([null, "primary", null, "primary", "primary"]);
  });

  it("owner: the true figures, small cells included", () => {
    const out = releaseIndicator({ def: def("completed_stays"), rows: rates(), dimensions: dims, audience: "owner", k: 5 });
    expect(out[1]).toMatchObject({ numerator: 2, denominator: 3, suppressed: false });
  });

  it("does not modify its input", () => {
    const rows = rates();
    const copy = structuredClone(rows);
    releaseIndicator({ def: def("completed_stays"), rows, dimensions: dims, audience: "external", k: 5 });
    expect(rows).toEqual(copy);
  });
});

describe("releaseIndicator: attrition counts are suppressed like every other count", () => {
  const def6 = def("self_esteem_improved");
  /** eligible exits, missing = without both scores; den = eligible − missing. */
  const cov = (s: string | null, eligible: number, missing: number, x: number) =>
    row(s, {
      num: x,
      den: eligible - missing,
      n: eligible - missing,
      eligible,
      missing,
      num_key: key(`x${s}`, x),
      den_key: key(`d${s}`, eligible - missing),
      eligible_key: key(`e${s}`, eligible),
    });
  // A: 2 exits with both scores (suppressed) but 8 eligible, a publishable coverage count by itself.
  const rows = [cov(null, 69, 19, 20), cov("A", 8, 6, 1), cov("B", 20, 2, 9), cov("C", 21, 6, 5), cov("D", 20, 5, 5)];

  it("a suppressed row's coverage is hidden, and enough other coverage cells that none can be subtracted back", () => {
    const out = releaseIndicator({ def: def6, rows, dimensions: dims, audience: "internal", k: 5 });
    expect(out[1]?.suppressed).toBe(true);
    expect(out[1]?.coverage).toMatchObject({ eligible: null, missing: null });
    // The coverage table as published: which cells can be computed from the visible ones?
    const cells = rows.map((r, i) => ({ id: String(i), kind: "rate" as const, numerator: r.missing, denominator: r.eligible }));
    const published = out.map((r, i) => (r.coverage?.eligible !== null ? String(i) : null)).filter((x): x is string => x !== null);
    expect(published.length).toBeLessThan(rows.length - 1);
    expect(recoverableCells(cells, [{ total: "0", parts: ["1", "2", "3", "4"] }], published)).toEqual([]);
  });

  it("external: eligible is perturbed with its own key; missing = eligible − measured, never a third noisy count", () => {
    const out = releaseIndicator({ def: def6, rows, dimensions: dims, audience: "external", k: 5 });
    for (const [i, r] of out.entries()) {
      if (r.suppressed || r.coverage?.eligible === null) continue;
      const e = r.coverage?.eligible ?? NaN;
      expect(r.coverage?.missing).toBe(e - (r.denominator ?? NaN));
      expect(Math.abs(e - (rows[i]?.eligible ?? NaN))).toBeLessThanOrEqual(2);
    }
  });
});

describe("releaseIndicator: external perturbation", () => {
  it("perturbs every published proportion deterministically, and derives value, n and the Wilson interval from the perturbed counts", () => {
    const once = releaseIndicator({ def: def("completed_stays"), rows: rates(), dimensions: dims, audience: "external", k: 5 });
    expect(releaseIndicator({ def: def("completed_stays"), rows: rates(), dimensions: dims, audience: "external", k: 5 })).toEqual(once);
    for (const r of once) {
      if (r.suppressed) continue;
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
    expect(Math.abs((once[0]?.denominator ?? 0) - 70)).toBeLessThanOrEqual(2);
  });

  it("fails closed: a block without its cell key is never released to an external reader", () => {
    const rows = rates().map((r) => ({ ...r, den_key: null }));
    expect(() => releaseIndicator({ def: def("completed_stays"), rows, dimensions: dims, audience: "external", k: 5 })).toThrow(/cell key/);
  });

  it("a mean is a perturbed sum over a perturbed n: mean × n gives back the perturbed sum, not the true one", () => {
    // length_of_stay: 15 stays, Σ days 1350, the longest 240 days.
    const los = [row(null, { n: 15, n_key: key("los", 15), v_sum: 1350, v_sumsq: 150_000, v_top: 240, stat_median: 80, stat_mean: 90, stat_p90: 200 })];
    const [r] = releaseIndicator({ def: def("length_of_stay"), rows: los, dimensions: [], audience: "external", k: 5 });
    expect(r?.statistic).toBe("mean");
    expect(r?.stats).toEqual({ median: null, mean: r?.value, p90: null });
    const sum = (r?.value ?? NaN) * (r?.n ?? NaN);
    // The magnitude noise is at least half a factor of the share of the top contribution.
    expect(Math.abs(sum - 1350)).toBeGreaterThanOrEqual(0.5 * MAGNITUDE_SHARE * 240 - 1e-9);
    expect(Math.abs(sum - 1350)).toBeLessThanOrEqual(1.5 * MAGNITUDE_SHARE * 240 + 1e-9);
    const internal = releaseIndicator({ def: def("length_of_stay"), rows: los, dimensions: [], audience: "internal", k: 5 })[0];
    expect(internal).toMatchObject({ value: 80, statistic: "median", stats: { median: 80, mean: 90, p90: 200 } });
  });

  it("a paired change's interval comes from perturbed Σd and Σd², so its width does not give back n", () => {
    const rows = [row(null, { n: 12, n_key: key("rse", 12), v_sum: 36, v_sumsq: 300, v_top: 9, stat_mean: 3, stat_sd: 4.18 })];
    const [r] = releaseIndicator({ def: def("self_esteem_change"), rows, dimensions: [], audience: "external", k: 5 });
    const n = r?.n ?? NaN;
    const sum = (r?.value ?? NaN) * n;
    expect(Math.abs(sum - 36)).toBeGreaterThanOrEqual(0.5 * MAGNITUDE_SHARE * 9 - 1e-9);
    const sd = r?.stats?.sd ?? NaN;
    // Recompute the interval from the released figures alone: it must be exactly what was sent.
    const sumSq = sd * sd * (n - 1) + (sum * sum) / n;
    const p = pairedFromSums(n, sum, sumSq);
    expect(r?.ci_low).toBeCloseTo(p.ci_low ?? NaN, 9);
    expect(r?.ci_high).toBeCloseTo(p.ci_high ?? NaN, 9);
  });

  it("occupancy: occupied place-days perturbed as a magnitude, the registry's place-days exact, n perturbed", () => {
    const occ = (s: string | null, used: number, top: number, cap: number, stays: number) =>
      row(s, { num: used, num_top: top, num_key: key(`o${s}`, stays), den: cap, den_top: cap, n: stays, n_key: key(`s${s}`, stays) });
    const rows = [occ(null, 2400, 124, 3600, 40), occ("A", 1300, 124, 1800, 22), occ("B", 1100, 93, 1800, 18)];
    const out = releaseIndicator({ def: def("occupancy_rate"), rows, dimensions: dims, audience: "external", k: 5 });
    for (const [i, r] of out.entries()) {
      const truth = rows[i] as CompiledRow;
      expect(r.perturbed).toBe(true);
      expect(r.denominator).toBe(truth.den);
      expect(Number.isInteger(r.numerator)).toBe(true);
      expect(Math.abs((r.numerator ?? NaN) - (truth.num ?? NaN))).toBeGreaterThanOrEqual(Math.round(0.5 * MAGNITUDE_SHARE * (truth.num_top ?? 0)) - 0.5);
      expect(r.value).toBeCloseTo((r.numerator ?? NaN) / (truth.den ?? NaN), 12);
    }
  });
});

describe("magnitude perturbation", () => {
  it("has factors of mean exactly 0, symmetric, none smaller than 0.5 in size", () => {
    expect(MAGNITUDE_FACTORS).toHaveLength(256);
    expect(MAGNITUDE_FACTORS.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    for (let k = 0; k < 256; k++) {
      expect(Math.abs(magnitudeFactor(k))).toBeGreaterThanOrEqual(0.5);
      expect(magnitudeFactor(k)).toBe(-magnitudeFactor(255 - k));
    }
    expect(new Set(MAGNITUDE_FACTORS).size).toBe(10);
    expect(() => magnitudeFactor(256)).toThrow(RangeError);
  });

  it("adds factor × share × top, keeps an empty cell at 0 and clamps non-negative totals", () => {
    expect(perturbSum({ sum: 100, top: 40, key: 0 })).toBeCloseTo(100 - 1.5 * MAGNITUDE_SHARE * 40, 12);
    expect(perturbSum({ sum: 0, top: 0, key: 77 })).toBe(0);
    expect(perturbSum({ sum: 5, top: 100, key: 0 }, { nonNegative: true })).toBe(0);
    expect(() => perturbSum({ sum: 1, top: -1, key: 0 })).toThrow(RangeError);
  });

  it("keeps a perturbed proportion's numerator ≤ denominator and its Wilson interval that of the perturbed figures", () => {
    for (let kn = 0; kn < 256; kn += 17) {
      for (let kd = 0; kd < 256; kd += 13) {
        const p = perturbRate(6, 6, { numerator: kn, denominator: kd });
        expect(p.numerator).toBeLessThanOrEqual(p.denominator);
        expect(p.denominator).toBeGreaterThanOrEqual(5);
        const ci = wilson(p.numerator, p.denominator);
        expect([p.ci_low, p.ci_high]).toEqual([ci.low, ci.high]);
      }
    }
  });
});

describe("periods for external readers", () => {
  const data = { from: "2019-03-04", to: "2024-11-20" };
  it("admits one month, one calendar quarter or whole years, and turns open bounds into the data's whole years", () => {
    expect(releasePeriod("2024-02-01", "2024-02-29", data)).toMatchObject({ kind: "month", months: 1 });
    expect(releasePeriod("2024-04-01", "2024-06-30", data)).toMatchObject({ kind: "quarter", months: 3 });
    expect(releasePeriod("2021-01-01", "2024-12-31", data)).toMatchObject({ kind: "years", months: 48 });
    expect(releasePeriod(undefined, undefined, data)).toMatchObject({ from: "2019-01-01", to: "2024-12-31", kind: "years" });
    expect(releasePeriod("2022-01-01", undefined, data)).toMatchObject({ from: "2022-01-01", to: "2024-12-31" });
  });

  it("refuses shifted or finer windows with the reason, in both languages", () => {
    for (const [from, to] of [
      ["2024-01-01", "2024-12-30"], // one day short
      ["2024-01-02", "2024-12-31"], // shifted
      ["2024-02-01", "2024-04-30"], // three months, not a calendar quarter
      ["2024-01-01", "2024-02-29"], // two months
      ["2024-03-01", "2024-08-31"], // six months, not whole quarters
      ["2024-03-15", "2024-03-15"], // one day
    ] as const) {
      expect(() => releasePeriod(from, to, data), `${from}…${to}`).toThrow(/Periodo no admitido.*Period not allowed/);
    }
  });

  it("admits runs of whole quarters, the pooled windows of the small-unit rule", () => {
    expect(releasePeriod("2023-10-01", "2024-03-31", data)).toMatchObject({ kind: "quarters", months: 6 });
    expect(releasePeriod("2024-07-01", "2025-06-30", data)).toMatchObject({ kind: "quarters", months: 12 });
  });
});

describe("the release ledger", () => {
  it("marks every released row; finds numbers outside released objects; honours declared constants", () => {
    const out = releaseIndicator({ def: def("completed_stays"), rows: rates(), dimensions: dims, audience: "external", k: 5 });
    expect(out.every(isReleased)).toBe(true);
    expect(unreleasedFigures({ rows: out, levels: [0.95, 0.998] }, ["levels"])).toEqual([]);
    expect(unreleasedFigures({ rows: out, leak: { eligible: 3 } })).toEqual([{ path: "leak.eligible", value: 3 }]);
    expect(unreleasedFigures({ rows: [...out, { value: 2 }] })).toEqual([{ path: "rows.5.value", value: 2 }]);
  });

  it("derives only from released sources", () => {
    const released = markReleased({ value: 0.5 });
    expect(isReleased(deriveFrom([released], () => ({ half: released.value / 2 })))).toBe(true);
    expect(() => deriveFrom([{ value: 0.5 }], () => ({}))).toThrow(/did not pass the release engine/);
  });
});
