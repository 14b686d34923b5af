import { describe, expect, it } from "vitest";
import { axisColumns, fitLabel, narrowChartWidth } from "./useChartWidth";

describe("axis columns on a narrow chart", () => {
  it("keeps the wide columns when they fit, and leaves at least 40 % for the plot at 351 px", () => {
    expect(axisColumns(1200, { names: 190, values: 150 })).toEqual({ names: 190, values: 150, narrow: false });
    const phone = axisColumns(351, { names: 190, values: 150 });
    expect(phone.narrow).toBe(true);
    expect(351 - phone.names - phone.values).toBeGreaterThanOrEqual(351 * 0.4);
    expect(axisColumns(narrowChartWidth - 1, { names: 190, values: 150 }).narrow).toBe(true);
  });

  it("cuts long names with an ellipsis and leaves short ones whole", () => {
    expect(fitLabel("hrt-01", 100)).toBe("hrt-01");
    const cut = fitLabel("Casa de Refugio Bogotá Norte número 3", 80);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(Math.floor(80 / 6.5));
  });
});
