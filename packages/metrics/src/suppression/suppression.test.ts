import { describe, expect, it } from "vitest";
import { recoverableCells } from "./audit";
import { isPrimary } from "./primary";
import { suppressCells } from "./secondary";
import type { Cell, Constraint } from "./types";
import { randInt, rng } from "../stats/test-random";

const count = (id: string, n: number): Cell => ({ id, kind: "count", numerator: n, denominator: null });
const rate = (id: string, x: number, n: number): Cell => ({ id, kind: "rate", numerator: x, denominator: n });
const hiddenIds = (cells: readonly Cell[], cs: readonly Constraint[], k = 5) =>
  suppressCells(cells, cs, { k })
    .filter((d) => d.suppressed)
    .map((d) => d.id);

describe("primary suppression", () => {
  it("hides counts 1…k−1 and rates with denominator 1…k−1, never zeros", () => {
    expect([0, 1, 4, 5].map((n) => isPrimary(count("a", n)))).toEqual([false, true, true, false]);
    expect(isPrimary(count("a", 9), 10)).toBe(true);
    expect(isPrimary(rate("a", 0, 4))).toBe(true);
    expect(isPrimary(rate("a", 1, 50))).toBe(false);
    expect(isPrimary(rate("a", 0, 0))).toBe(false);
  });
});

describe("secondary suppression", () => {
  it("hides the smallest other part when one category of a total is hidden", () => {
    const cells = [count("T", 60), count("a", 3), count("b", 20), count("c", 12), count("d", 25)];
    const cs = [{ total: "T", parts: ["a", "b", "c", "d"] }];
    const d = suppressCells(cells, cs);
    expect(d.find((x) => x.id === "a")?.reason).toBe("primary");
    expect(d.find((x) => x.id === "c")?.reason).toBe("secondary");
    expect(hiddenIds(cells, cs)).toEqual(["a", "c"]);
    expect(recoverableCells(cells, cs, ["T", "b", "d"])).toEqual([]);
  });

  it("chooses rates by smallest denominator, then smallest count, then id", () => {
    const cells = [rate("T", 30, 80), rate("a", 1, 3), rate("z", 9, 20), rate("y", 8, 20), rate("x", 12, 37)];
    expect(hiddenIds(cells, [{ total: "T", parts: ["a", "z", "y", "x"] }])).toEqual(["a", "y"]);
    const tie = [rate("T", 17, 43), rate("a", 1, 3), rate("q", 8, 20), rate("p", 8, 20)];
    expect(hiddenIds(tie, [{ total: "T", parts: ["a", "q", "p"] }])).toEqual(["a", "p"]);
  });

  it("hides the total when it is the only member left (a region with one shelter)", () => {
    const cells = [count("R", 3), count("a", 3)];
    expect(hiddenIds(cells, [{ total: "R", parts: ["a"] }])).toEqual(["R", "a"]);
  });

  it("leaves a constraint alone when two parts are already hidden, and hides a part for a hidden total", () => {
    const cells = [count("T", 7), count("a", 3), count("b", 4)];
    expect(hiddenIds(cells, [{ total: "T", parts: ["a", "b"] }])).toEqual(["a", "b"]);
    const small = [count("T", 4), count("a", 0), count("b", 0), count("c", 4)];
    // T and c are primary; nothing else needs hiding (T − c = 0 is not a new cell).
    expect(hiddenIds(small, [{ total: "T", parts: ["a", "b", "c"] }])).toEqual(["T", "c"]);
  });

  it("propagates through nested totals (shelters → region → country)", () => {
    // Region R1 is itself small, so hiding it forces a second region and a shelter in it.
    const cells = [
      count("G", 64), count("R1", 4), count("R2", 30), count("R3", 30),
      count("s1", 2), count("s2", 2), count("s3", 10), count("s4", 20), count("s5", 12), count("s6", 18),
    ];
    const cs = [
      { total: "G", parts: ["R1", "R2", "R3"] },
      { total: "R1", parts: ["s1", "s2"] },
      { total: "R2", parts: ["s3", "s4"] },
      { total: "R3", parts: ["s5", "s6"] },
    ];
    const hidden = hiddenIds(cells, cs);
    expect(hidden).toEqual(expect.arrayContaining(["R1", "s1", "s2"]));
    expect(hidden).toContain("R2"); // R2 = 30 ties R3 = 30 and wins on id
    expect(hidden).toContain("s3");
    const published = cells.map((c) => c.id).filter((id) => !hidden.includes(id));
    expect(recoverableCells(cells, cs, published)).toEqual([]);
  });

  it("goes beyond the one-hidden rule when overlapping constraints would leak (audit loop)", () => {
    // T1 = a + b + c and the sub-total T2 = a + b. a is primary; the rule hides c for T1 and b
    // for T2, but then c = T1 − T2 is recoverable, so the auditor makes it hide T1 as well.
    const cells = [count("T1", 24), count("T2", 14), count("a", 2), count("b", 12), count("c", 10)];
    const cs = [
      { total: "T1", parts: ["a", "b", "c"] },
      { total: "T2", parts: ["a", "b"] },
    ];
    expect(recoverableCells(cells, cs, ["T1", "T2"])).toEqual(["c"]);
    const hidden = hiddenIds(cells, cs);
    expect(hidden).toEqual(["T1", "a", "b", "c"]);
    expect(recoverableCells(cells, cs, ["T2"])).toEqual([]);
  });

  it("is deterministic", () => {
    const cells = [count("T", 40), count("a", 2), count("b", 19), count("c", 19)];
    const cs = [{ total: "T", parts: ["a", "b", "c"] }];
    expect(suppressCells(cells, cs)).toEqual(suppressCells([...cells], cs));
  });

  it("rejects unknown cells, duplicates and a bad k", () => {
    expect(() => suppressCells([count("a", 1)], [{ total: "T", parts: ["a"] }])).toThrow(/unknown/);
    expect(() => suppressCells([count("a", 1), count("a", 2)], [])).toThrow(/duplicate/);
    expect(() => suppressCells([count("a", 1)], [], { k: 1 })).toThrow(RangeError);
  });
});

describe("recoverableCells (auditor)", () => {
  const cells = [count("T", 40), count("a", 2), count("b", 19), count("c", 19)];
  const cs = [{ total: "T", parts: ["a", "b", "c"] }];
  it("catches naive single-cell suppression (a = T − b − c)", () => {
    expect(recoverableCells(cells, cs, ["T", "b", "c"])).toEqual(["a"]);
  });
  it("catches recovery through a chain of nested totals", () => {
    // s1 hidden with s2 in R1, but R1 is recoverable from G − R2, and then s1 = R1 − s2 … no: s2 hidden too.
    const nested = [count("G", 30), count("R1", 12), count("R2", 18), count("s1", 3), count("s2", 9)];
    const ncs = [
      { total: "G", parts: ["R1", "R2"] },
      { total: "R1", parts: ["s1", "s2"] },
    ];
    // Hiding s1 and R1 only: R1 = G − R2, then s1 = R1 − s2.
    expect(recoverableCells(nested, ncs, ["G", "R2", "s2"])).toEqual(["R1", "s1"]);
    expect(recoverableCells(nested, ncs, ["G", "R2"])).toEqual(["R1"]);
    expect(recoverableCells(nested, ncs, ["G"])).toEqual([]);
  });
  it("checks the denominator system of rates separately from counts", () => {
    const r = [rate("T", 10, 40), rate("a", 1, 4), rate("b", 9, 36)];
    expect(recoverableCells(r, [{ total: "T", parts: ["a", "b"], applies: ["denominator"] }], ["T", "b"])).toEqual(["a"]);
    expect(recoverableCells(r, [{ total: "T", parts: ["a", "b"], applies: [] }], ["T", "b"])).toEqual([]);
  });
});

/** Random hierarchy: grand total → regions → shelters, for counts or rates. */
function randomHierarchy(r: () => number, kind: "count" | "rate"): { cells: Cell[]; cs: Constraint[] } {
  const regions = randInt(r, 1, 5);
  const cells: Cell[] = [];
  const cs: Constraint[] = [];
  let gNum = 0;
  let gDen = 0;
  const regionIds: string[] = [];
  for (let g = 0; g < regions; g++) {
    const shelters = randInt(r, 1, 6);
    let num = 0;
    let den = 0;
    const ids: string[] = [];
    for (let s = 0; s < shelters; s++) {
      const small = r() < 0.4;
      const d = small ? randInt(r, 0, 6) : randInt(r, 0, 60);
      const x = kind === "rate" ? randInt(r, 0, d) : d;
      const id = `r${g}s${s}`;
      cells.push(kind === "rate" ? rate(id, x, d) : count(id, x));
      ids.push(id);
      num += x;
      den += d;
    }
    const rid = `r${g}`;
    cells.push(kind === "rate" ? rate(rid, num, den) : count(rid, num));
    cs.push({ total: rid, parts: ids });
    regionIds.push(rid);
    gNum += num;
    gDen += den;
  }
  cells.push(kind === "rate" ? rate("G", gNum, gDen) : count("G", gNum));
  cs.push({ total: "G", parts: regionIds });
  return { cells, cs };
}

/** Random two-way table (e.g. shelter × age band) with row, column and grand totals. */
function randomCrossTable(r: () => number): { cells: Cell[]; cs: Constraint[] } {
  const nr = randInt(r, 2, 5);
  const nc = randInt(r, 2, 5);
  const cells: Cell[] = [];
  const cs: Constraint[] = [];
  const v: number[][] = [];
  for (let i = 0; i < nr; i++) {
    v.push([]);
    for (let j = 0; j < nc; j++) {
      const x = r() < 0.3 ? randInt(r, 0, 5) : randInt(r, 0, 40);
      v[i]?.push(x);
      cells.push(count(`c${i}_${j}`, x));
    }
  }
  const rowSum = (i: number) => (v[i] ?? []).reduce((a, b) => a + b, 0);
  const colSum = (j: number) => v.reduce((a, row) => a + (row[j] ?? 0), 0);
  for (let i = 0; i < nr; i++) {
    cells.push(count(`R${i}`, rowSum(i)));
    cs.push({ total: `R${i}`, parts: Array.from({ length: nc }, (_, j) => `c${i}_${j}`) });
  }
  for (let j = 0; j < nc; j++) {
    cells.push(count(`C${j}`, colSum(j)));
    cs.push({ total: `C${j}`, parts: Array.from({ length: nr }, (_, i) => `c${i}_${j}`) });
  }
  const grand = v.flat().reduce((a, b) => a + b, 0);
  cells.push(count("G", grand));
  cs.push({ total: "G", parts: Array.from({ length: nr }, (_, i) => `R${i}`) });
  cs.push({ total: "G", parts: Array.from({ length: nc }, (_, j) => `C${j}`) });
  return { cells, cs };
}

describe("property: after suppression nothing hidden is recoverable", () => {
  const check = (cells: Cell[], cs: Constraint[], k: number) => {
    const decisions = suppressCells(cells, cs, { k });
    const published = decisions.filter((d) => !d.suppressed).map((d) => d.id);
    expect(recoverableCells(cells, cs, published)).toEqual([]);
    for (const c of cells) {
      if (isPrimary(c, k)) expect(decisions.find((d) => d.id === c.id)?.reason).toBe("primary");
    }
    // Every constraint has 0 or ≥ 2 hidden members.
    for (const c of cs) {
      const n = new Set([c.total, ...c.parts].filter((id) => !published.includes(id))).size;
      expect(n).not.toBe(1);
    }
  };
  it("random nested count and rate hierarchies, random k", () => {
    const r = rng(1234);
    for (let t = 0; t < 300; t++) {
      const k = randInt(r, 2, 11);
      const { cells, cs } = randomHierarchy(r, r() < 0.5 ? "count" : "rate");
      check(cells, cs, k);
    }
  });
  it("random two-way tables with row and column totals", () => {
    const r = rng(99);
    for (let t = 0; t < 150; t++) check(...Object.values(randomCrossTable(r)) as [Cell[], Constraint[]], randInt(r, 2, 11));
  });
});
