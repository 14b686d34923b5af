import { describe, expect, it } from "vitest";
import { wilson } from "./wilson";
import { rng, randInt } from "./test-random";

describe("wilson", () => {
  it("reproduces the published worked example (Newcombe 1998, Altman et al. 'Statistics with confidence'): 81/263 → 0.2553–0.3662", () => {
    const { low, high } = wilson(81, 263);
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
  });

  // Reference values from R 4.2.2: prop.test(x, n, correct = FALSE)$conf.int
  const cases: [number, number, number, number][] = [
    [81, 263, 0.255288519878274, 0.3662095769828], // prop.test(81, 263, correct=FALSE)$conf.int
    [0, 10, 0, 0.277532799862889], // prop.test(0, 10, correct=FALSE)$conf.int
    [10, 10, 0.722467200137111, 1], // prop.test(10, 10, correct=FALSE)$conf.int
    [1, 22, 0.00806942762126382, 0.21798045838657326], // prop.test(1, 22, correct=FALSE)$conf.int
    [21, 22, 0.782019541613427, 0.991930572378736], // prop.test(21, 22, correct=FALSE)$conf.int
    [15, 148, 0.0623863995307363, 0.160487241723308], // prop.test(15, 148, correct=FALSE)$conf.int
    [3, 5, 0.230724281276013, 0.882379225767352], // prop.test(3, 5, correct=FALSE)$conf.int
    [50, 100, 0.403831530365996, 0.596168469634004], // prop.test(50, 100, correct=FALSE)$conf.int
  ];
  it.each(cases)("%i/%i matches R's prop.test", (x, n, lo, hi) => {
    const ci = wilson(x, n);
    expect(ci.low).toBeCloseTo(lo, 12);
    expect(ci.high).toBeCloseTo(hi, 12);
  });

  it("honours the level (R: prop.test(81, 263, correct=FALSE, conf.level=0.998)$conf.int)", () => {
    const ci = wilson(81, 263, 0.998);
    expect(ci.low).toBeCloseTo(0.228035740242005, 12);
    expect(ci.high).toBeCloseTo(0.40138942190937, 12);
  });

  it("returns nulls for n = 0 and rejects impossible counts", () => {
    expect(wilson(0, 0)).toEqual({ low: null, high: null });
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wilson(1, 2, 1)).toThrow(RangeError);
  });

  it("properties: inside [0, 1], contains p̂, narrows as n grows at fixed p̂", () => {
    const r = rng(20261123);
    for (let i = 0; i < 2000; i++) {
      const n = randInt(r, 1, 5000);
      const x = randInt(r, 0, n);
      const { low, high } = wilson(x, n);
      if (low === null || high === null) throw new Error("unexpected null");
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(1);
      expect(low).toBeLessThanOrEqual(x / n + 1e-12);
      expect(high).toBeGreaterThanOrEqual(x / n - 1e-12);
      const bigger = wilson(x * 2, n * 2);
      expect((bigger.high ?? 0) - (bigger.low ?? 0)).toBeLessThan(high - low);
    }
  });
});
