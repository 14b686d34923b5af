import { describe, expect, it } from "vitest";
import { seededRandom } from "../stats/index";
import { anonymise, AnonymiseError, riskFigures, type BaseClass } from "./anonymise";
import { dateHierarchy, mappedHierarchy, regionHierarchy, stayHierarchies, STAY_QUASI_IDENTIFIERS, topCodedHierarchy } from "./hierarchy";

const L = { es: "x", en: "x" };

describe("hierarchies", () => {
  it("dates go month → quarter → year → *", () => {
    const h = dateHierarchy("d", L);
    expect([0, 1, 2, 3].map((lv) => h.generalise("2024-05", lv))).toEqual(["2024-05", "2024-Q2", "2024", "*"]);
    expect(h.generalise(null, 2)).toBeNull();
    expect(h.generalise(null, 3)).toBe("*");
    // An exact date is not a month: never released as is.
    expect(h.generalise("2024-05-17", 1)).toBe("*");
    // Whether a woman has left shows in her exit reason and scores: the exit date keeps it visible.
    const exit = stayHierarchies.exit_month;
    expect([exit.generalise(null, 3), exit.generalise("2024-05", 3)]).toEqual([null, "*"]);
  });
  it("regions go to their country, counts are top-coded, age bands merge, risk merges", () => {
    expect(regionHierarchy("r", L).generalise("PE-CUS", 1)).toBe("PE");
    const c = topCodedHierarchy("c", L, [4, 2, 1]);
    expect([0, 1, 2, 3].map((lv) => c.generalise("3", lv))).toEqual(["3", "2+", "1+", "*"]);
    expect(c.generalise("7", 0)).toBe("4+");
    expect(c.lowerBound?.("2+")).toBe(2);
    expect(c.lowerBound?.("*")).toBe(0);
    expect(stayHierarchies.age_band.generalise("60+", 1)).toBe("45+");
    expect(stayHierarchies.risk_level.generalise("extreme", 1)).toBe("severe_or_extreme");
    expect(stayHierarchies.model.generalise("hrt", 1)).toBe("*");
    // Unknown codes are never released more precisely than "*".
    expect(mappedHierarchy("m", L, [{ name: "a", es: "a", en: "a" }, { name: "b", es: "b", en: "b" }], [{ a: "A" }]).generalise("zzz", 1)).toBe("*");
  });
});

/** Records with QIs drawn at random, expanded to a frequency set. */
function sample(n: number, seed: number): { classes: BaseClass[]; rows: string[][] } {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([
      pick(["PE-LIM", "PE-CUS", "PE-ARE", "CO-DC", "MX-OAX"]),
      pick(["hrt", "casa_refugio"]),
      pick(["<18", "18-24", "25-34", "35-44", "45-59", "60+"]),
      `202${pick([2, 3, 4])}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}`,
      pick(["plan_completed", "voluntary_early", "transferred", "other"]),
    ]);
  }
  const map = new Map<string, BaseClass & { sens: Set<string> }>();
  for (const r of rows) {
    const key = r.slice(0, 4).join("|");
    const c = map.get(key) ?? { values: r.slice(0, 4), count: 0, sens: new Set<string>() };
    c.count++;
    c.sens.add(r[4] as string);
    map.set(key, c);
  }
  return { rows, classes: [...map.values()].map((c) => ({ values: c.values, count: c.count, sensitive: { exit_reason: [...c.sens] } })) };
}

const H = [stayHierarchies.region, stayHierarchies.model, stayHierarchies.age_band, stayHierarchies.admission_month];

/** Brute force over the whole lattice: the least-loss anonymous node, checked independently. */
function bruteForce(classes: BaseClass[], k: number, maxSuppressed: number): number {
  let best = Infinity;
  const heights = H.map((h) => h.levels.length);
  const total = heights.reduce((a, b) => a * b, 1);
  for (let id = 0; id < total; id++) {
    let r = id;
    const lv = heights.map((h) => {
      const x = r % h;
      r = Math.floor(r / h);
      return x;
    });
    const sizes = new Map<string, number>();
    for (const c of classes) {
      const key = H.map((h, d) => h.generalise(c.values[d] ?? null, lv[d] as number)).join("|");
      sizes.set(key, (sizes.get(key) ?? 0) + c.count);
    }
    const failing = [...sizes.values()].filter((s) => s < k).reduce((a, b) => a + b, 0);
    if (failing <= maxSuppressed) best = Math.min(best, lv.reduce((s, x, d) => s + x / ((heights[d] as number) - 1), 0) / H.length);
  }
  return best;
}

describe("anonymise", () => {
  it("finds the least-loss anonymous node of the lattice (same as brute force), evaluating fewer nodes", () => {
    for (const seed of [1, 2, 3]) {
      const { classes, rows } = sample(400, seed);
      const r = anonymise({ hierarchies: H, classes, k: 5, maxSuppression: 0.05 });
      expect(r.loss.mean).toBeCloseTo(bruteForce(classes, 5, Math.floor(0.05 * rows.length)), 10);
      expect(r.search.evaluated).toBeLessThan(r.search.nodes);
      expect(r.suppressed).toBeLessThanOrEqual(Math.floor(0.05 * rows.length));
      expect(r.kept + r.suppressed).toBe(rows.length);
      // Every released class, counted from the released values themselves, has ≥ k records.
      const sizes = new Map<string, number>();
      classes.forEach((c, i) => {
        const v = r.released[i];
        if (v) sizes.set(v.join("|"), (sizes.get(v.join("|")) ?? 0) + c.count);
      });
      expect(Math.min(...sizes.values())).toBeGreaterThanOrEqual(5);
      expect(r.kReached).toBe(Math.min(...sizes.values()));
      expect(r.classes).toBe(sizes.size);
      expect(r.risk.highest).toBeLessThanOrEqual(1 / 5);
      expect(r.riskBefore.highest).toBe(1);
    }
  });

  it("higher k never loses less information", () => {
    const { classes } = sample(500, 7);
    const losses = [3, 5, 10, 20].map((k) => anonymise({ hierarchies: H, classes, k, maxSuppression: 0.02 }).loss.mean);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeGreaterThanOrEqual(losses[i - 1] as number);
  });

  it("l-diversity: every released class has ≥ l distinct exit reasons", () => {
    const { classes } = sample(600, 11);
    const r = anonymise({ hierarchies: H, classes, k: 5, l: 3, sensitive: ["exit_reason"], maxSuppression: 0.05 });
    const seen = new Map<string, Set<string>>();
    classes.forEach((c, i) => {
      const v = r.released[i];
      if (!v) return;
      const s = seen.get(v.join("|")) ?? new Set<string>();
      for (const x of c.sensitive?.exit_reason ?? []) s.add(String(x));
      seen.set(v.join("|"), s);
    });
    expect(Math.min(...[...seen.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3);
    expect(r.lReached.exit_reason).toBeGreaterThanOrEqual(3);
    // Without l, the diversity is measured and reported but not required.
    const measured = anonymise({ hierarchies: H, classes, k: 5, sensitive: ["exit_reason"], maxSuppression: 0.05 });
    expect(measured.lReached.exit_reason).toBeGreaterThanOrEqual(1);
    expect(measured.loss.mean).toBeLessThanOrEqual(r.loss.mean);
  });

  it("suppression is used up to its limit only, and a zero limit forces more generalisation", () => {
    const { classes } = sample(300, 5);
    const none = anonymise({ hierarchies: H, classes, k: 5, maxSuppression: 0 });
    const some = anonymise({ hierarchies: H, classes, k: 5, maxSuppression: 0.1 });
    expect(none.suppressed).toBe(0);
    expect(some.suppressed).toBeLessThanOrEqual(30);
    expect(some.loss.mean).toBeLessThanOrEqual(none.loss.mean);
  });

  it("refuses with a bilingual error when even the top of the lattice has fewer than k records", () => {
    const classes: BaseClass[] = [{ values: ["PE-LIM", "hrt", "25-34", "2024-01"], count: 2 }];
    expect(() => anonymise({ hierarchies: H, classes, k: 5, maxSuppression: 0.05 })).toThrow(AnonymiseError);
    expect(() => anonymise({ hierarchies: H, classes, k: 5, maxSuppression: 0.05 })).toThrow(/k = 5.*\/.*cannot be released/);
  });

  it("prosecutor risk figures", () => {
    expect(riskFigures([5, 10, 20], 0.1)).toEqual({ highest: 0.2, average: 3 / 35, atRisk: 5 / 35, threshold: 0.1 });
  });

  it("declares the nine quasi-identifiers of a stay", () => {
    expect(STAY_QUASI_IDENTIFIERS).toEqual(["region", "model", "age_band", "admission_month", "exit_month", "disability", "minority_language", "children", "risk_level"]);
  });
});
