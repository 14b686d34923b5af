import { describe, expect, it } from "vitest";
import { mean, median, p90, quantile } from "./quantile";

describe("quantile (type 7)", () => {
  const x = [12, 45, 3, 88, 30, 30, 7, 120, 61, 19, 44];
  it("matches R: quantile(x, c(0, .1, .25, .5, .9, 1), type = 7) for x <- c(12,45,3,88,30,30,7,120,61,19,44)", () => {
    const ref = [3, 7, 15.5, 30, 88, 120];
    [0, 0.1, 0.25, 0.5, 0.9, 1].forEach((p, i) => expect(quantile(x, p)).toBeCloseTo(ref[i] ?? NaN, 12));
    expect(median(x)).toBe(30);
    expect(p90(x)).toBeCloseTo(88, 12);
  });
  it("interpolates (R: quantile(c(5, 1), c(.5, .9), type = 7) → 3, 4.6)", () => {
    expect(median([5, 1])).toBeCloseTo(3, 12);
    expect(p90([5, 1])).toBeCloseTo(4.6, 12);
  });
  it("handles empty input and does not reorder its argument", () => {
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
    const v = [3, 1, 2];
    quantile(v, 0.5);
    expect(v).toEqual([3, 1, 2]);
    expect(mean(v)).toBe(2);
    expect(() => quantile(v, 1.5)).toThrow(RangeError);
  });
});
