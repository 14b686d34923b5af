// The trend test checked against R's prop.trend.test (base R, stats). The expected values were
// copied from R's output so the test runs everywhere; when Rscript is on the machine each quoted
// command is run again and compared, so a change on either side shows up. Command, e.g.:
//   Rscript -e 'options(digits = 15); r <- prop.trend.test(c(15,10,12,6,3), c(40,38,44,42,41)); cat(format(c(r$statistic, r$p.value), digits = 15), sep = " ")'
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { proportionTrendTest } from "./trend";

const RSCRIPT = ["/usr/bin/Rscript", "/usr/local/bin/Rscript"].find((p) => existsSync(p)) ?? null;

/** [statistic, p-value] of an R prop.trend.test call, or null without R. */
function rTrend(call: string): number[] | null {
  if (!RSCRIPT) return null;
  const out = execFileSync(
    RSCRIPT,
    ["-e", `options(digits = 15); r <- ${call}; cat(format(c(r$statistic, r$p.value), digits = 15), sep = " ")`],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  return out.trim().split(/\s+/).map(Number);
}

const cases: { call: string; x: number[]; n: number[]; score?: number[]; want: [number, number]; direction: string; significant: boolean }[] = [
  { call: "prop.trend.test(c(15,10,12,6,3), c(40,38,44,42,41))", x: [15, 10, 12, 6, 3], n: [40, 38, 44, 42, 41], want: [12.2537256654108, 4.64330143668694e-4], direction: "decreasing", significant: true },
  { call: "prop.trend.test(c(3,5,9,14), c(50,52,48,51))", x: [3, 5, 9, 14], n: [50, 52, 48, 51], want: [10.4883936401986, 0.00120126767039139], direction: "increasing", significant: true },
  { call: "prop.trend.test(c(20,22,19,21,20,23), rep(100, 6))", x: [20, 22, 19, 21, 20, 23], n: [100, 100, 100, 100, 100, 100], want: [0.104806015037594, 0.746136723625387], direction: "increasing", significant: false },
  { call: "prop.trend.test(c(5,9,4,11), c(30,31,29,33), score = c(1,2,4,8))", x: [5, 9, 4, 11], n: [30, 31, 29, 33], score: [1, 2, 4, 8], want: [1.491906016092823, 0.221920966039571], direction: "increasing", significant: false },
  {
    call: "prop.trend.test(c(1,0,2,0,1,3,2,4,5,3,6,7), c(20,18,22,21,19,25,23,20,22,24,21,26))",
    x: [1, 0, 2, 0, 1, 3, 2, 4, 5, 3, 6, 7],
    n: [20, 18, 22, 21, 19, 25, 23, 20, 22, 24, 21, 26],
    want: [15.0183295441065, 1.06472006994234e-4],
    direction: "increasing",
    significant: true,
  },
];

describe("proportionTrendTest (R: prop.trend.test)", () => {
  for (const c of cases) {
    it(`R: ${c.call}`, () => {
      const t = proportionTrendTest(c.x, c.n, c.score ? { score: c.score } : {});
      expect(t).not.toBeNull();
      expect(t?.statistic).toBeCloseTo(c.want[0], 10);
      expect(t?.pValue).toBeCloseTo(c.want[1], 12);
      expect(t?.direction).toBe(c.direction);
      expect(t?.significant).toBe(c.significant);
      const live = rTrend(c.call);
      if (live) {
        expect(t?.statistic).toBeCloseTo(live[0] as number, 10);
        expect(t?.pValue).toBeCloseTo(live[1] as number, 12);
      }
    });
  }

  it("drops empty periods, returns null when no trend can be tested, rejects impossible counts", () => {
    const withEmpty = proportionTrendTest([15, 0, 10], [40, 0, 38], { score: [1, 2, 3] });
    const without = proportionTrendTest([15, 10], [40, 38], { score: [1, 3] });
    expect(withEmpty?.statistic).toBeCloseTo(without?.statistic ?? Number.NaN, 12);
    expect(proportionTrendTest([3], [10])).toBeNull();
    expect(proportionTrendTest([0, 0, 0], [10, 12, 9])).toBeNull();
    expect(proportionTrendTest([10, 12], [10, 12])).toBeNull();
    expect(() => proportionTrendTest([11, 2], [10, 12])).toThrow(RangeError);
    expect(() => proportionTrendTest([1, 2], [10])).toThrow(RangeError);
  });
});
