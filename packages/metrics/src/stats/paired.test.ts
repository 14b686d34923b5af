import { describe, expect, it } from "vitest";
import { pairedChange } from "./paired";

describe("pairedChange", () => {
  it("matches R's t.test on d <- c(3, 5, -1, 7, 2, 0, 4, 6, 1, 8)", () => {
    const d = [3, 5, -1, 7, 2, 0, 4, 6, 1, 8];
    const res = pairedChange(d);
    expect(res.n).toBe(10);
    expect(res.mean).toBeCloseTo(3.5, 12); // mean(d)
    expect(res.sd).toBeCloseTo(3.02765035409749, 12); // sd(d)
    expect(res.ci_low).toBeCloseTo(1.33414941033183, 11); // t.test(d)$conf.int
    expect(res.ci_high).toBeCloseTo(5.66585058966817, 11);
    expect(res.dz).toBeCloseTo(1.15601195338268, 12); // mean(d) / sd(d)
    const p90 = pairedChange(d, 0.9); // t.test(d, conf.level = 0.9)$conf.int
    expect(p90.ci_low).toBeCloseTo(1.7449279866962, 11);
    expect(p90.ci_high).toBeCloseTo(5.2550720133038, 11);
  });

  it("n = 2 uses t with 1 df (R: t.test(c(-2.5, 1.25))$conf.int)", () => {
    const res = pairedChange([-2.5, 1.25]);
    expect(res.ci_low).toBeCloseTo(-24.4491338803276, 9);
    expect(res.ci_high).toBeCloseTo(23.1991338803276, 9);
  });

  it("n < 2 gives nulls (the mean alone for a single pair); zero spread gives d_z null", () => {
    expect(pairedChange([])).toEqual({ n: 0, mean: null, sd: null, ci_low: null, ci_high: null, dz: null });
    expect(pairedChange([4])).toEqual({ n: 1, mean: 4, sd: null, ci_low: null, ci_high: null, dz: null });
    const flat = pairedChange([2, 2, 2]);
    expect(flat.sd).toBe(0);
    expect(flat.dz).toBeNull();
    expect(flat.ci_low).toBe(2);
  });
});
