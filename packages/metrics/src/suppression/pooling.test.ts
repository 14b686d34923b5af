import { describe, expect, it } from "vitest";
import { rollingPool } from "./pooling";
import { treatmentFor } from "./audience";
import { recoverableCells } from "./audit";
import type { Cell, Constraint } from "./types";
import { randInt, rng } from "../stats/test-random";

describe("rollingPool", () => {
  it("finds the smallest common width that lifts every window to k", () => {
    const s = [3, 1, 4, 2, 6, 0, 5].map((d) => ({ numerator: Math.floor(d / 2), denominator: d }));
    const p = rollingPool(s, 5);
    expect(p?.width).toBe(3); // width 2 fails: 3 + 1 = 4 < 5
    expect(p?.windows.map((w) => w.denominator)).toEqual([8, 7, 12, 8, 11]);
    expect(p?.windows[0]).toEqual({ start: 0, numerator: 1 + 0 + 2, denominator: 8 });
    expect(rollingPool([{ numerator: 0, denominator: 2 }], 5)).toBeNull();
    expect(rollingPool([], 5)).toBeNull();
  });

  it("published windows never pin down a single period (checked with the auditor)", () => {
    const r = rng(3);
    for (let t = 0; t < 100; t++) {
      const n = randInt(r, 2, 12);
      const series = Array.from({ length: n }, () => ({ numerator: 0, denominator: randInt(r, 0, 6) }));
      const pooled = rollingPool(series, 5);
      if (!pooled || pooled.width === 1) continue;
      const cells: Cell[] = series.map((p, i) => ({ id: `m${i}`, kind: "count", numerator: p.denominator, denominator: null }));
      const cs: Constraint[] = pooled.windows.map((w) => {
        cells.push({ id: `w${w.start}`, kind: "count", numerator: w.denominator, denominator: null });
        return { total: `w${w.start}`, parts: Array.from({ length: pooled.width }, (_, j) => `m${w.start + j}`) };
      });
      const published = pooled.windows.map((w) => `w${w.start}`);
      expect(recoverableCells(cells, cs, published)).toEqual([]);
    }
  });
});

describe("treatmentFor", () => {
  it("maps audiences to suppression and perturbation", () => {
    expect(treatmentFor("owner")).toEqual({ suppress: false, perturb: false });
    expect(treatmentFor("internal")).toEqual({ suppress: true, perturb: false });
    expect(treatmentFor("external")).toEqual({ suppress: true, perturb: true });
  });
});
