import { afterEach, describe, expect, it } from "vitest";
import { formatCount, formatDate, formatNumber, formatPeriod, formatValue, locale, setFormatCountry } from "./i18n";

afterEach(() => {
  setFormatCountry(null);
});

describe("one locale per country", () => {
  it("is es-PE by default, es-CO / es-MX when set, en in English, and Peru for an unknown country", () => {
    expect(locale("es")).toBe("es-PE");
    expect(setFormatCountry("co")).toBe("CO");
    expect(locale("es")).toBe("es-CO");
    expect(locale("en")).toBe("en");
    setFormatCountry("MX");
    expect(locale("es")).toBe("es-MX");
    expect(setFormatCountry("AR")).toBe("PE");
    expect(locale("es")).toBe("es-PE");
  });

  it("writes counts, decimals and percentages in each country's convention", () => {
    const seen: Record<string, string[]> = {};
    for (const country of ["PE", "CO", "MX"]) {
      setFormatCountry(country);
      seen[country] = [formatCount(12345, "es"), formatNumber(1234.56, "es", 1), formatValue(0.1234, "proportion", "es")];
    }
    expect(seen.PE).toEqual(["12,345", "1,234.6", "12.3%"]);
    expect(seen.CO).toEqual(["12.345", "1.234,6", "12,3%"]);
    expect(seen.MX).toEqual(["12,345", "1,234.6", "12.3%"]);
    setFormatCountry("CO");
    expect(formatCount(12345, "en")).toBe("12,345");
  });

  it("writes dates and month periods in the same locale", () => {
    setFormatCountry("CO");
    expect(formatDate("2024-03-05", "es")).toBe("5/03/2024");
    expect(formatPeriod("2024-09", "es")).toBe("sept 2024");
    setFormatCountry("PE");
    expect(formatDate("2024-03-05", "es")).toBe("5 mar. 2024");
    expect(formatPeriod("2024-09", "es")).toBe("set 2024");
    expect(formatDate("2024-03-05T14:30:00Z", "en", true)).toBe("Mar 5, 2024, 2:30 PM");
    expect(formatDate("not a date", "en")).toBe("not a date");
  });
});
