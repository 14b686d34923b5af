import { describe, expect, it } from "vitest";
import { KEY_RANGE, cellKey, perturbCount, perturbationTable } from "./cell-key";
import { randInt, rng } from "../stats/test-random";
import { exactAccuracy, md5RecordKey, simulatedAccuracy } from "./ptable-report";

describe("record keys (recordKeySql's definition, computed with node:crypto)", () => {
  it("are deterministic, in 0–255, depend on the secret, and spread evenly", () => {
    expect(md5RecordKey("s3cret", "h1", "stay-001")).toBe(md5RecordKey("s3cret", "h1", "stay-001"));
    const counts = new Array<number>(KEY_RANGE).fill(0);
    let differ = 0;
    for (let i = 0; i < 25600; i++) {
      const k = md5RecordKey("s3cret", "h1", `stay-${i}`);
      counts[k] = (counts[k] ?? 0) + 1;
      if (k !== md5RecordKey("other", "h1", `stay-${i}`)) differ++;
    }
    // Expected 100 per key; a chi-square with 255 df above ~330 would be p < 0.001.
    const chi2 = counts.reduce((s, c) => s + (c - 100) ** 2 / 100, 0);
    expect(chi2).toBeLessThan(330);
    expect(differ).toBeGreaterThan(25000);
  }, 30_000);
});

describe("cellKey", () => {
  it("cellKey is the sum mod 256", () => {
    expect(cellKey([200, 100, 3])).toBe(47);
    expect(cellKey([])).toBe(0);
  });
});

describe("perturbation table", () => {
  const moments = (row: readonly number[]) => {
    const m = row.reduce((a, b) => a + b, 0) / row.length;
    const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / row.length;
    return { m, v };
  };
  it("has unbiased rows with variance 1 away from the floor, and no noise at 0 or at the floor", () => {
    for (const floor of [0, 5, 11, 30]) {
      const t = perturbationTable(floor);
      expect(t.length).toBeGreaterThan(Math.max(20, floor + 1));
      t.forEach((row, c) => {
        expect(row).toHaveLength(KEY_RANGE);
        const { m, v } = moments(row);
        expect(m).toBe(0);
        const d = c >= floor ? c - floor : c;
        expect(v).toBe(d === 0 ? 0 : 1);
        expect(Math.min(...row)).toBeGreaterThanOrEqual(-2);
        expect(Math.max(...row)).toBeLessThanOrEqual(2);
      });
    }
  });
  it("never gives a negative count, keeps zeros, never shows a publishable count as 1…k−1", () => {
    const r = rng(5);
    const tables = new Map<number, number[][]>();
    const failures: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const k = randInt(r, 2, 15);
      const t = tables.get(k) ?? perturbationTable(k);
      tables.set(k, t);
      const c = randInt(r, 0, 300);
      const key = randInt(r, 0, 255);
      const out = perturbCount(c, key, t);
      const ok = out >= 0 && Math.abs(out - c) <= 2 && (c !== 0 || out === 0) && (c < k || out >= k) && perturbCount(c, key, t) === out;
      if (!ok) failures.push(`k=${k} c=${c} key=${key} → ${out}`);
    }
    expect(failures).toEqual([]);
  });
  it("rejects bad input", () => {
    const t = perturbationTable(5);
    expect(() => perturbCount(-1, 0, t)).toThrow(RangeError);
    expect(() => perturbCount(2.5, 0, t)).toThrow(RangeError);
    expect(() => perturbCount(3, 256, t)).toThrow(RangeError);
  });
  it("accuracy over counts 0–100: the figures quoted in docs/privacy.md (ptable-report.ts)", () => {
    const r = exactAccuracy(5);
    expect(r.bias).toBe(0);
    expect(r.mae).toBeCloseTo(0.7358, 4);
    expect(r.rmse).toBeCloseTo(0.9896, 4);
    expect(r.within1).toBeCloseTo(0.8782, 4);
    const sim = simulatedAccuracy(5, 5000);
    expect(Math.abs(sim.bias)).toBeLessThan(0.05);
    expect(Math.abs(sim.mae - r.mae)).toBeLessThan(0.05);
    // ~250k MD5 record keys through node:crypto: about a second alone, several on a busy CI machine.
  }, 60_000);
});
