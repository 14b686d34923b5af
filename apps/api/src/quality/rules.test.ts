// The completed-stay rate's binomial test, checked against SciPy. The expected values were
// copied from SciPy's output so the test runs everywhere; when python3 with SciPy is on the
// machine (Debian: python3-scipy) each quoted command is run again and compared. Command, e.g.:
//   python3 -c "from scipy.stats import binom; k,n,p=1,10,0.71; print(min(1.0, 2*min(binom.cdf(k,n,p), binom.sf(k-1,n,p))))"
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { binomialTwoSided, outlierFindings, type MonthValues } from "./rules";

function scipy(k: number, n: number, p: number): number | null {
  try {
    const out = execFileSync(
      "python3",
      ["-c", `from scipy.stats import binom; k,n,p=${k},${n},${p}; print(repr(float(min(1.0, 2*min(binom.cdf(k,n,p), binom.sf(k-1,n,p))))))`],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    return Number(out.trim());
  } catch {
    return null; // no python3 or no SciPy here: the copied values still hold the line
  }
}

const cases: [k: number, n: number, p: number, want: number][] = [
  [1, 10, 0.71, 0.00021441561752334404],
  [9, 10, 0.2, 8.396800000000004e-6],
  [5, 12, 0.45, 1],
  [0, 10, 0.5, 0.001953125],
  [20, 20, 0.7, 0.0015958453259522379],
  [3, 40, 0.5, 1.946500560734421e-8],
];

describe("binomialTwoSided (SciPy: 2 × the smaller tail of binom)", () => {
  for (const [k, n, p, want] of cases) {
    it(`k=${k} n=${n} p=${p}`, () => {
      expect(binomialTwoSided(k, n, p)).toBeCloseTo(want, 12);
      const again = scipy(k, n, p);
      if (again !== null) expect(binomialTwoSided(k, n, p)).toBeCloseTo(again, 12);
    });
  }
});

/** A shelter's year of months with one rate, and a last month to judge. */
function series(rates: number[], last: { rate: number; exits: number }): MonthValues[] {
  const month = (i: number) => `2025-${String(i + 1).padStart(2, "0")}-01`;
  return [...rates, last.rate].map((rate, i) => ({
    shelter_code: "s1",
    network_code: null,
    month: month(i),
    month_end: month(i).replace(/01$/, "28"),
    evaluated: i === rates.length,
    values: { admissions: 10, occupancy_rate: 0.7, completed_rate: rate },
    exits: i === rates.length ? last.exits : 20,
  }));
}

describe("completed-stay rate outliers need a binomial tail below THRESHOLDS.rateP", () => {
  const history = [0.7, 0.72, 0.68, 0.71, 0.7, 0.69, 0.73, 0.7, 0.71, 0.7, 0.69];
  it("fires on 2 of 40 exits completed against a usual 0.7", () => {
    const found = outlierFindings(series(history, { rate: 2 / 40, exits: 40 }));
    expect(found.map((f) => `${f.rule} ${f.metric}`)).toEqual(["outlier_own_history completed_rate"]);
  });
  it("not on 2 of 10: as far in rate, but ten exits explain it (p ≥ 0.001)", () => {
    // 0.2 against 0.7 has a robust z far above 3.5; binom(10, 0.7) gives 2 or fewer with p ≈ 0.0016.
    expect(binomialTwoSided(2, 10, 0.7)).toBeGreaterThan(0.001);
    expect(outlierFindings(series(history, { rate: 0.2, exits: 10 }))).toEqual([]);
  });
});
