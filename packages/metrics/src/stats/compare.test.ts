import { describe, expect, it } from "vitest";
import { compareToBenchmark } from "./compare";

describe("compareToBenchmark", () => {
  const ci = { low: 0.6, high: 0.8 };
  it("judges by whether the interval excludes the benchmark, with the polarity", () => {
    expect(compareToBenchmark(ci, 0.5, "higher_is_better")).toBe("better");
    expect(compareToBenchmark(ci, 0.5, "lower_is_better")).toBe("worse");
    expect(compareToBenchmark(ci, 0.9, "higher_is_better")).toBe("worse");
    expect(compareToBenchmark(ci, 0.9, "lower_is_better")).toBe("better");
    expect(compareToBenchmark(ci, 0.7, "higher_is_better")).toBe("similar");
    expect(compareToBenchmark(ci, 0.8, "higher_is_better")).toBe("similar");
  });
  it("does not judge suppressed or missing values, nor differences without a polarity", () => {
    expect(compareToBenchmark({ ...ci, suppressed: true }, 0.5, "higher_is_better")).toBe("not_compared");
    expect(compareToBenchmark({ low: null, high: null }, 0.5, "higher_is_better")).toBe("not_compared");
    expect(compareToBenchmark(ci, null, "higher_is_better")).toBe("not_compared");
    expect(compareToBenchmark(ci, 0.5, "no_judgement")).toBe("not_compared");
    expect(compareToBenchmark(ci, 0.7, "no_judgement")).toBe("similar");
  });
  it("recomputes the interval at the requested level from x and n (95 % vs 99.8 %)", () => {
    // 81/263: Wilson 95 % = 0.2553–0.3662, 99.8 % = 0.2280–0.4014 (R prop.test, see wilson.test.ts).
    const v = { low: null, high: null, x: 81, n: 263 };
    expect(compareToBenchmark(v, 0.24, "higher_is_better", 0.95)).toBe("better");
    expect(compareToBenchmark(v, 0.24, "higher_is_better", 0.998)).toBe("similar");
  });
});
