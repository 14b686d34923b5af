import { describe, expect, it } from "vitest";
import { funnelCurve, funnelLimits } from "./funnel";
import { rng, randInt } from "./test-random";

describe("funnelLimits", () => {
  // Reference: Spiegelhalter (2005) interpolated exact limits computed in R 4.2.2 with
  //   fl <- function(p, n, th) { r <- qbinom(p, n, th)
  //     a <- (pbinom(r, n, th) - p) / (pbinom(r, n, th) - pbinom(r - 1, n, th)); (r - a) / n }
  //   c(fl(0.025, n, 0.3), fl(0.975, n, 0.3), fl(0.001, n, 0.3), fl(0.999, n, 0.3))
  const ref: [number, number, number, number, number][] = [
    [10, -0.0114966706339641, 0.5608021403540759, -0.0964598668253586, 0.7408091654077672],
    [50, 0.166139380311935, 0.42013588671688, 0.103129984547538, 0.499069588548036],
    [200, 0.235030537068657, 0.362040775349205, 0.200523260210929, 0.400105406228201],
    [1000, 0.271281417014966, 0.328088928334208, 0.255302819716497, 0.344830374609732],
  ];
  it.each(ref)("n = %i matches the R computation (negative limits clipped to 0)", (n, l95, h95, l998, h998) => {
    const [a, b] = funnelLimits(0.3, n);
    expect(a?.level).toBe(0.95);
    expect(a?.low).toBeCloseTo(Math.max(0, l95), 10);
    expect(a?.high).toBeCloseTo(h95, 10);
    expect(b?.low).toBeCloseTo(Math.max(0, l998), 10);
    expect(b?.high).toBeCloseTo(h998, 10);
  });

  it("normal approximation is θ ± z·√(θ(1−θ)/n)", () => {
    const [a] = funnelLimits(0.3, 100, [0.95], "normal");
    const half = 1.959963984540054 * Math.sqrt(0.21 / 100);
    expect(a?.low).toBeCloseTo(0.3 - half, 12);
    expect(a?.high).toBeCloseTo(0.3 + half, 12);
  });

  it("properties: 99.8 % limits contain the 95 % ones, which contain θ, all within [0, 1]", () => {
    const r = rng(42);
    for (let i = 0; i < 300; i++) {
      const theta = r();
      const n = randInt(r, 1, 3000);
      for (const method of ["exact", "normal"] as const) {
        const [a, b] = funnelLimits(theta, n, [0.95, 0.998], method);
        if (!a || !b) throw new Error("missing limits");
        expect(b.low).toBeLessThanOrEqual(a.low + 1e-12);
        expect(b.high).toBeGreaterThanOrEqual(a.high - 1e-12);
        expect(a.low).toBeLessThanOrEqual(theta + 1e-12);
        expect(a.high).toBeGreaterThanOrEqual(theta - 1e-12);
        expect(b.low).toBeGreaterThanOrEqual(0);
        expect(b.high).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("funnelCurve", () => {
  it("gives distinct increasing denominators from 1 to nMax with narrowing limits", () => {
    const curve = funnelCurve(0.3, 500, 30);
    expect(curve[0]?.n).toBe(1);
    expect(curve.at(-1)?.n).toBe(500);
    for (let i = 1; i < curve.length; i++) expect(curve[i]?.n).toBeGreaterThan(curve[i - 1]?.n ?? Infinity);
    const first = curve.find((p) => p.n >= 20)?.limits[0];
    const last = curve.at(-1)?.limits[0];
    expect((last?.high ?? 1) - (last?.low ?? 0)).toBeLessThan((first?.high ?? 0) - (first?.low ?? 0));
  });
});
