import { describe, expect, it } from "vitest";
import { releasePeriod } from "../release/period";
import { judgementBasis, poolingWindow } from "./pooling-rule";

describe("the small-unit pooling rule", () => {
  it("pools a month or a quarter into the last four calendar quarters ending with it", () => {
    expect(poolingWindow({ from: "2024-04-01", to: "2024-06-30" })).toEqual({ from: "2023-07-01", to: "2024-06-30", quarters: 4 });
    expect(poolingWindow({ from: "2024-02-01", to: "2024-02-29" })).toEqual({ from: "2023-04-01", to: "2024-03-31", quarters: 4 });
    expect(poolingWindow({ from: "2024-01-01", to: "2024-12-31" })).toBeNull();
    expect(poolingWindow({ from: "2023-10-01", to: "2024-09-30" })).toBeNull();
    expect(poolingWindow({ from: "x", to: "2024-01-01" })).toBeNull();
  });
  it("the pooled window is itself a period external readers may ask for", () => {
    const data = { from: "2019-01-01", to: "2025-12-31" };
    for (const to of ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]) {
      const w = poolingWindow({ from: `${to.slice(0, 7)}-01`, to });
      expect(w).not.toBeNull();
      expect(releasePeriod(w?.from, w?.to, data).months).toBe(12);
    }
  });
  it("judges on the period, else the pooled window, else says why not", () => {
    const shown = { suppressed: false, suppression_reason: null };
    const small = { suppressed: true, suppression_reason: "primary" as const };
    const w = poolingWindow({ from: "2024-01-01", to: "2024-03-31" });
    expect(judgementBasis(5, shown, w, null)).toEqual({ basis: "period" });
    expect(judgementBasis(5, small, w, shown)).toEqual({ basis: "pooled", window: w });
    const no = judgementBasis(5, small, w, small);
    expect(no.basis).toBe("not_compared");
    expect(no.basis === "not_compared" && no.reason.en).toMatch(/fewer than 5 records in the period and in the pooled window of 4 quarters \(2023-04-01 to 2024-03-31\)/);
    const year = judgementBasis(5, small, null, null);
    expect(year.basis === "not_compared" && year.reason.es).toMatch(/un año o más/);
    const hidden = judgementBasis(5, { suppressed: true, suppression_reason: "secondary" }, w, shown);
    expect(hidden.basis === "not_compared" && hidden.reason.en).toMatch(/complementary suppression/);
  });
});
