import { describe, expect, it } from "vitest";
import { parseReportPeriod } from "./period";

describe("parseReportPeriod", () => {
  it("reads one year or a range of whole years", () => {
    expect(parseReportPeriod("2024")).toEqual({ from: "2024-01-01", to: "2024-12-31", label: "2024" });
    expect(parseReportPeriod("2023-2024")).toEqual({ from: "2023-01-01", to: "2024-12-31", label: "2023–2024" });
    expect(parseReportPeriod(null)).toEqual({ label: null });
  });
  it("refuses reversed ranges, years not yet started, before 2000, and anything else", () => {
    for (const bad of ["2024-2023", "2030", `${new Date().getUTCFullYear() + 1}`, "1999", "2024-01", "x"]) expect(parseReportPeriod(bad), bad).toBe("invalid");
  });
});
