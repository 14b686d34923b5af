import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "./normal";
import { tQuantile } from "./t";
import { betaQuantile, incompleteBeta } from "./beta";
import { binomialCdf, binomialQuantile } from "./binomial";

// All reference values from R 4.2.2 with options(digits = 15).
describe("distribution functions against R", () => {
  it("normalQuantile = qnorm(c(0.975, 0.999, 1e-10, 0.5, 0.3, 1-1e-12))", () => {
    const ref = [1.959963984540054, 3.090232306167813, -6.361340902404056, 0, -0.524400512708041, 7.034486910047836];
    const ps = [0.975, 0.999, 1e-10, 0.5, 0.3, 1 - 1e-12];
    ps.forEach((p, i) => expect(normalQuantile(p)).toBeCloseTo(ref[i] ?? NaN, 12));
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalQuantile(1.1)).toThrow(RangeError);
  });

  it("normalCdf inverts normalQuantile", () => {
    for (const p of [1e-8, 0.01, 0.3, 0.5, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
  });

  it("tQuantile = c(qt(0.975, 1), qt(0.975, 4), qt(0.975, 29), qt(0.999, 10), qt(0.6, 3), qt(0.025, 2.5))", () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.70620473617469, 9);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.77644510519779, 11);
    expect(tQuantile(0.975, 29)).toBeCloseTo(2.0452296421327, 11);
    expect(tQuantile(0.999, 10)).toBeCloseTo(4.14370049404659, 10);
    expect(tQuantile(0.6, 3)).toBeCloseTo(0.27667066233269, 11);
    expect(tQuantile(0.025, 2.5)).toBeCloseTo(-3.57465484200369, 10);
  });

  it("incompleteBeta = c(pbeta(0.3, 2, 5), pbeta(0.999, 0.5, 0.5)); betaQuantile = c(qbeta(0.025, 81, 183), qbeta(1e-6, 3, 400))", () => {
    expect(incompleteBeta(0.3, 2, 5)).toBeCloseTo(0.579825, 13);
    expect(incompleteBeta(0.999, 0.5, 0.5)).toBeCloseTo(0.979864958366623, 12);
    expect(betaQuantile(0.025, 81, 183)).toBeCloseTo(0.252736745585271, 11);
    expect(betaQuantile(1e-6, 3, 400) / 4.55209613370832e-5).toBeCloseTo(1, 9);
  });

  it("binomialCdf = c(pbinom(3, 10, 0.3), pbinom(80, 263, 0.3)); binomialQuantile = c(qbinom(0.025, 50, 0.3), qbinom(0.999, 50, 0.3), qbinom(0.001, 1000, 0.7))", () => {
    expect(binomialCdf(3, 10, 0.3)).toBeCloseTo(0.6496107184, 13);
    expect(binomialCdf(80, 263, 0.3)).toBeCloseTo(0.588538401904521, 12);
    expect(binomialQuantile(0.025, 50, 0.3)).toBe(9);
    expect(binomialQuantile(0.999, 50, 0.3)).toBe(25);
    expect(binomialQuantile(0.001, 1000, 0.7)).toBe(655);
  });

  // The quantile search starts near the answer (normal approximation) and brackets it; it must
  // give what a plain bisection over 0…n gives, and what R gives, on a grid that includes the
  // tails, tiny and large n, and θ near 0 and 1.
  const ns = [1, 2, 5, 10, 37, 100, 263, 1000, 5000, 30000];
  const thetas = [0.001, 0.05, 0.3, 0.5, 0.7, 0.97, 0.999];
  const ps = [0.0001, 0.001, 0.025, 0.5, 0.975, 0.999, 0.9999];
  const grid = ns.flatMap((n) => thetas.flatMap((th) => ps.map((p) => ({ n, th, p }))));
  const bisection = (p: number, n: number, th: number) => {
    const target = p * (1 - 64 * Number.EPSILON);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (binomialCdf(mid, n, th) >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  it(`binomialQuantile equals a plain bisection over 0…n on ${grid.length} (p, n, θ)`, () => {
    expect(grid.map(({ p, n, th }) => binomialQuantile(p, n, th))).toEqual(grid.map(({ p, n, th }) => bisection(p, n, th)));
  });

  // Run when R is on the machine (CI installs r-base-core):
  //   Rscript -e 'g <- expand.grid(p = c(...), th = c(...), n = c(...)); cat(qbinom(g$p, g$n, g$th))'
  const rscript = ["/usr/bin/Rscript", "/usr/local/bin/Rscript"].find((f) => existsSync(f));
  it.runIf(rscript)("binomialQuantile = R's qbinom on the same grid", () => {
    const call = `g <- expand.grid(p = c(${ps.join(",")}), th = c(${thetas.join(",")}), n = c(${ns.join(",")})); cat(qbinom(g$p, g$n, g$th))`;
    const r = execFileSync(rscript ?? "", ["-e", call], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split(/\s+/).map(Number);
    // expand.grid varies p fastest, then θ, then n: the order of `grid`.
    expect(r).toHaveLength(grid.length);
    expect(grid.map(({ p, n, th }) => binomialQuantile(p, n, th))).toEqual(r);
  });
});

