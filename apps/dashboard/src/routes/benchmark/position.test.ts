import { describe, expect, it } from "vitest";
import { comparableOwnValue, judgePosition, positionAmongPeers, stripScale } from "./position";

describe("positionAmongPeers", () => {
  const q = { p25: 0.4, p75: 0.6 };
  it("places values against the quartiles, inclusive in the middle", () => {
    expect(positionAmongPeers(0.3, q)).toBe("below_p25");
    expect(positionAmongPeers(0.4, q)).toBe("p25_p75");
    expect(positionAmongPeers(0.6, q)).toBe("p25_p75");
    expect(positionAmongPeers(0.61, q)).toBe("above_p75");
  });
  it("says nothing without a value or a distribution", () => {
    expect(positionAmongPeers(null, q)).toBeNull();
    expect(positionAmongPeers(0.5, null)).toBeNull();
  });
});

describe("stripScale", () => {
  it("maps the range to 0..1 and centres a single value", () => {
    const s = stripScale([10, 20, 30]);
    expect(s(10)).toBe(0);
    expect(s(25)).toBe(0.75);
    expect(stripScale([5, 5])(5)).toBe(0.5);
  });
});

describe("comparableOwnValue", () => {
  it("compares a length of stay as a mean, as the peers' are, and leaves other values alone", () => {
    expect(comparableOwnValue({ suppressed: false, value: 74, statistic: "median", stats: { median: 74, mean: 79.4, p90: 131 } })).toEqual({ value: 79.4, asMean: true });
    expect(comparableOwnValue({ suppressed: false, value: 0.6 })).toEqual({ value: 0.6, asMean: false });
    expect(comparableOwnValue({ suppressed: false, value: 81, statistic: "mean", stats: { mean: 81 } })).toEqual({ value: 81, asMean: false });
    expect(comparableOwnValue({ suppressed: true, value: null })).toEqual({ value: null, asMean: false });
  });
});

describe("judgePosition", () => {
  it("reads the position through the catalogue's polarity, and never judges a no-judgement indicator", () => {
    expect(judgePosition("above_p75", "higher_is_better")).toBe("better");
    expect(judgePosition("below_p25", "higher_is_better")).toBe("worse");
    expect(judgePosition("above_p75", "lower_is_better")).toBe("worse");
    expect(judgePosition("below_p25", "lower_is_better")).toBe("better");
    expect(judgePosition("p25_p75", "lower_is_better")).toBe("similar");
    expect(judgePosition("above_p75", "no_judgement")).toBe("not_compared");
    expect(judgePosition(null, "higher_is_better")).toBe("not_compared");
  });
});
