import { describe, expect, it } from "vitest";
import { toFunnelLimitPoints, toRatioFunnelPoints } from "./funnel";

describe("toFunnelLimitPoints", () => {
  it("maps levels 95 % and 99.8 % to the plot's four curves, sorted by denominator", () => {
    const points = toFunnelLimitPoints([
      { n: 40, limits: [{ level: 0.998, low: 0.2, high: 0.8 }, { level: 0.95, low: 0.3, high: 0.7 }] },
      { n: 10, limits: [{ level: 0.95, low: 0.1, high: 0.9 }, { level: 0.998, low: 0.05, high: 0.95 }] },
    ]);
    expect(points).toEqual([
      { denominator: 10, lower95: 0.1, upper95: 0.9, lower998: 0.05, upper998: 0.95 },
      { denominator: 40, lower95: 0.3, upper95: 0.7, lower998: 0.2, upper998: 0.8 },
    ]);
  });

  it("trims the curve just past the largest compared denominator", () => {
    const curve = [1, 10, 100, 1000].map((n) => ({ n, limits: [{ level: 0.95, low: 0.4, high: 0.6 }, { level: 0.998, low: 0.3, high: 0.7 }] }));
    expect(toFunnelLimitPoints(curve, 50).map((p) => p.denominator)).toEqual([1, 10, 100]);
    expect(toFunnelLimitPoints(curve, 5000).map((p) => p.denominator)).toEqual([1, 10, 100, 1000]);
  });

  it("drops points that lack one of the levels", () => {
    expect(toFunnelLimitPoints([{ n: 5, limits: [{ level: 0.95, low: 0, high: 1 }] }])).toEqual([]);
  });
});

describe("toRatioFunnelPoints", () => {
  it("puts the expected count on x and trims past the largest unit", () => {
    const points = toRatioFunnelPoints(
      [
        { expected: 30, limits: [{ level: 0.95, low: 0.7, high: 1.4 }, { level: 0.998, low: 0.55, high: 1.6 }] },
        { expected: 5, limits: [{ level: 0.95, low: 0.3, high: 2.3 }, { level: 0.998, low: 0.1, high: 3 }] },
        { expected: 60, limits: [{ level: 0.95, low: 0.75, high: 1.3 }, { level: 0.998, low: 0.6, high: 1.4 }] },
      ],
      20,
    );
    expect(points).toEqual([
      { denominator: 5, lower95: 0.3, upper95: 2.3, lower998: 0.1, upper998: 3 },
      { denominator: 30, lower95: 0.7, upper95: 1.4, lower998: 0.55, upper998: 1.6 },
    ]);
  });
});
