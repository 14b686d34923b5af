import { describe, expect, it } from "vitest";
import { getInstrument, rosenbergSes } from "./registry";
import { scoreInstrument } from "./score";
import { instrumentSqlConstants, rciThreshold, reliableChange, sDiff, standardError } from "./rci";

describe("scoreInstrument (Rosenberg)", () => {
  it("reverse-scores items 2, 5, 6, 8, 9 and sums to 0–30", () => {
    // All answers "strongly agree" (3): positive items 1,3,4,7,10 give 15, reversed give 0.
    expect(scoreInstrument(rosenbergSes, Array<number>(10).fill(3))).toEqual({ total: 15, missing: 0 });
    // Highest self-esteem: agree with positives, disagree with negatives.
    const best = [3, 0, 3, 3, 0, 0, 3, 0, 0, 3];
    expect(scoreInstrument(rosenbergSes, best).total).toBe(30);
    expect(scoreInstrument(rosenbergSes, best.map((v) => 3 - v)).total).toBe(0);
    // Hand-scored: positives 2+1+2+2+3 = 10; reversed (3−x) for 1,2,0,1,3 → 2+1+3+2+0 = 8.
    expect(scoreInstrument(rosenbergSes, [2, 1, 1, 2, 2, 0, 2, 1, 3, 3]).total).toBe(18);
  });

  it("prorates up to two missing items and refuses more", () => {
    const items: (number | null)[] = [2, 1, 1, 2, 2, 0, 2, 1, null, null];
    // Item scores: 2, 2, 1, 2, 1, 3, 2, 2 → 15; 15/8 × 10 = 18.75 → 19.
    expect(scoreInstrument(rosenbergSes, items)).toEqual({ total: 19, missing: 2, reason: "prorated" });
    expect(scoreInstrument(rosenbergSes, [null, null, null, 2, 2, 0, 2, 1, 3, 3])).toEqual({ total: null, missing: 3, reason: "too_many_missing" });
  });

  it("validates answers and length", () => {
    expect(scoreInstrument(rosenbergSes, [4, 1, 1, 2, 2, 0, 2, 1, 3, 3]).reason).toBe("item_out_of_range");
    expect(scoreInstrument(rosenbergSes, [1.5, 1, 1, 2, 2, 0, 2, 1, 3, 3]).reason).toBe("item_out_of_range");
    expect(scoreInstrument(rosenbergSes, [1, 1]).reason).toBe("wrong_item_count");
    expect(getInstrument("rosenberg_ses")).toBe(rosenbergSes);
    expect(getInstrument("nope")).toBeUndefined();
  });
});

describe("reliableChange (Jacobson & Truax 1991)", () => {
  // Hand check with SD = 5.8, r = 0.85 (R 4.2.2: se <- 5.8*sqrt(1-0.85); sdiff <- sqrt(2)*se;
  // c(se, sdiff, 1.96*sdiff, (21-12)/sdiff, (18-12)/sdiff, (19-12)/sdiff)):
  // SE = 5.8 × √0.15 = 2.24633; S_diff = √2 × SE = 3.17679; threshold = 6.22651 points.
  it("computes SE, S_diff and the threshold", () => {
    expect(standardError(rosenbergSes)).toBeCloseTo(2.2463303408003, 12);
    expect(sDiff(rosenbergSes)).toBeCloseTo(3.17679083352996, 12);
    expect(rciThreshold(rosenbergSes)).toBeCloseTo(6.22651003371873, 12);
  });
  it("classifies changes: +9 reliable, +6 not, +7 reliable, −9 deterioration", () => {
    const a = reliableChange(12, 21, rosenbergSes);
    expect(a.rci).toBeCloseTo(2.83304771123362, 12);
    expect(a.reliablyImproved).toBe(true);
    const b = reliableChange(12, 18, rosenbergSes);
    expect(b.rci).toBeCloseTo(1.88869847415575, 12);
    expect(b.reliablyImproved).toBe(false);
    expect(reliableChange(12, 19, rosenbergSes).rci).toBeCloseTo(2.2034815531817, 12);
    expect(reliableChange(12, 19, rosenbergSes).reliablyImproved).toBe(true);
    const d = reliableChange(21, 12, rosenbergSes);
    expect(d.reliablyImproved).toBe(false);
    expect(d.reliablyDeteriorated).toBe(true);
  });
  it("the SQL threshold agrees with the RCI for every whole-number change", () => {
    const t = instrumentSqlConstants(rosenbergSes).rciThreshold;
    for (let diff = -30; diff <= 30; diff++) {
      expect(diff > t).toBe(reliableChange(0, diff, rosenbergSes).reliablyImproved);
    }
  });
});
