import { describe, expect, it } from "vitest";
import { groupText } from "./i18n";

describe("groupText", () => {
  it("names regions and periods in words, keeps other codes, and says Total for no group", () => {
    expect(groupText({ region: "PE-CUS", quarter: "2024-Q3" }, "es")).toBe("Cusco · T3 2024");
    expect(groupText({ region: "CO-DC", month: "2024-02" }, "en")).toBe("Bogotá D.C. · Feb 2024");
    expect(groupText({ shelter: "hrt-01", age_band: null }, "es")).toBe("hrt-01 · sin dato");
    expect(groupText({}, "en")).toBe("Total");
  });
});
