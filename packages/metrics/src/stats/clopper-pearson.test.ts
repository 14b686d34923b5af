import { describe, expect, it } from "vitest";
import { clopperPearson } from "./clopper-pearson";
import { binomialCdf } from "./binomial";
import { rng, randInt } from "./test-random";

describe("clopperPearson", () => {
  // Reference values from R 4.2.2: binom.test(x, n)$conf.int
  const cases: [number, number, number, number][] = [
    [81, 263, 0.252736745585271, 0.367621922601351], // binom.test(81, 263)$conf.int
    [0, 10, 0, 0.308497107818761], // binom.test(0, 10)$conf.int
    [10, 10, 0.691502892181239, 1], // binom.test(10, 10)$conf.int
    [1, 22, 0.00115014752657358, 0.22844439766763347], // binom.test(1, 22)$conf.int
    [21, 22, 0.771555602332367, 0.998849852473426], // binom.test(21, 22)$conf.int
    [15, 148, 0.0578440100834486, 0.161650490349479], // binom.test(15, 148)$conf.int
    [3, 5, 0.146632799634673, 0.947255049473683], // binom.test(3, 5)$conf.int
    [0, 1, 0, 0.975], // binom.test(0, 1)$conf.int
    [5000, 10000, 0.49015138058998, 0.50984861941002], // binom.test(5000, 10000)$conf.int
  ];
  it.each(cases)("%i/%i matches R's binom.test", (x, n, lo, hi) => {
    const ci = clopperPearson(x, n);
    expect(ci.low).toBeCloseTo(lo, 10);
    expect(ci.high).toBeCloseTo(hi, 10);
  });

  it("honours the level (R: binom.test(81, 263, conf.level=0.998)$conf.int)", () => {
    const ci = clopperPearson(81, 263, 0.998);
    expect(ci.low).toBeCloseTo(0.223937607889862, 10);
    expect(ci.high).toBeCloseTo(0.401982319626624, 10);
  });

  it("published closed forms: x = 0 → upper = 1 − (α/2)^(1/n); x = n → lower = (α/2)^(1/n)", () => {
    // Clopper & Pearson (1934) boundary case, also the 'rule of three' neighbourhood: 0/10 → 0.3085.
    expect(clopperPearson(0, 10).high).toBeCloseTo(1 - 0.025 ** (1 / 10), 12);
    expect(clopperPearson(30, 30).low).toBeCloseTo(0.025 ** (1 / 30), 12);
  });

  it("properties: inside [0, 1], contains p̂, and each limit puts exactly α/2 in the binomial tail", () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const n = randInt(r, 1, 400);
      const x = randInt(r, 0, n);
      const cp = clopperPearson(x, n);
      if (cp.low === null || cp.high === null) throw new Error("null");
      expect(cp.low).toBeGreaterThanOrEqual(0);
      expect(cp.high).toBeLessThanOrEqual(1);
      expect(cp.low).toBeLessThanOrEqual(x / n);
      expect(cp.high).toBeGreaterThanOrEqual(x / n);
      // Definition of the exact interval: P(X ≥ x | p = low) = α/2 and P(X ≤ x | p = high) = α/2.
      if (x > 0) expect(1 - binomialCdf(x - 1, n, cp.low)).toBeCloseTo(0.025, 9);
      if (x < n) expect(binomialCdf(x, n, cp.high)).toBeCloseTo(0.025, 9);
    }
  });

  it("rejects non-integer counts and returns nulls for n = 0", () => {
    expect(() => clopperPearson(1.5, 4)).toThrow(RangeError);
    expect(clopperPearson(0, 0)).toEqual({ low: null, high: null });
  });
});
