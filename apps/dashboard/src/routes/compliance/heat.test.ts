import { describe, expect, it } from "vitest";
import { contrast, heatBin, heatBins, luminance } from "./heat";

describe("compliance heat scale", () => {
  it("bins shares from light to dark, the top bin including 100 %", () => {
    expect(heatBin(0)).toBe(0);
    expect(heatBin(0.49)).toBe(0);
    expect(heatBin(0.5)).toBe(1);
    expect(heatBin(0.9)).toBe(3);
    expect(heatBin(1)).toBe(4);
    expect(heatBin(null)).toBeNull();
  });

  it("is sequential (each bin darker than the last) and its figures keep 4.5:1 contrast", () => {
    const l = heatBins.map((b) => luminance(b.background));
    for (let i = 1; i < l.length; i++) expect(l[i]).toBeLessThan(l[i - 1] as number);
    for (const b of heatBins) expect(contrast(b.background, b.text)).toBeGreaterThanOrEqual(4.5);
  });
});
