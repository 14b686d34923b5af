import { setFormatCountry } from "@refugio/ui";
import { describe, expect, it } from "vitest";
import { formatBytes, formatDate, localizedMessage, toBase64, yearBounds } from "./format";

describe("localizedMessage", () => {
  it("picks the half in the reader's language", () => {
    const m = "Usuario o contraseña incorrectos / Wrong username or password";
    expect(localizedMessage(m, "es")).toBe("Usuario o contraseña incorrectos");
    expect(localizedMessage(m, "en")).toBe("Wrong username or password");
  });

  it("keeps field prefixes and handles several messages", () => {
    const m = "to: 'to' es anterior a 'from' / 'to' is before 'from'; files: al menos un archivo / at least one file";
    expect(localizedMessage(m, "en")).toBe("to: 'to' is before 'from'; files: at least one file");
    expect(localizedMessage(m, "es")).toBe("to: 'to' es anterior a 'from'; files: al menos un archivo");
  });

  it("splits a single pair whose halves contain semicolons", () => {
    const note = "elegibles = egresos del periodo; faltantes = egresos sin el dato / eligible = exits in the period; missing = exits without the data";
    expect(localizedMessage(note, "en")).toBe("eligible = exits in the period; missing = exits without the data");
    expect(localizedMessage(note, "es")).toBe("elegibles = egresos del periodo; faltantes = egresos sin el dato");
  });

  it("leaves one-language messages alone", () => {
    expect(localizedMessage("Failed to fetch", "es")).toBe("Failed to fetch");
  });
});

describe("formatting", () => {
  it("formats dates in both languages without shifting the day", () => {
    expect(formatDate("2024-03-01", "en")).toBe("Mar 1, 2024");
    expect(formatDate("2024-03-01", "es")).toMatch(/^1 mar\.? 2024$/);
    expect(formatDate(null, "es")).toBe("");
  });

  it("writes dates and sizes in the country's convention (one locale for the screen)", () => {
    try {
      setFormatCountry("CO");
      expect(formatDate("2024-03-01", "es")).toBe("1/03/2024");
      expect(formatBytes(1536 * 1024 * 1024, "es")).toBe("1,5 GB");
      setFormatCountry("MX");
      expect(formatBytes(1536 * 1024 * 1024, "es")).toBe("1.5 GB");
      // English is English whatever the country.
      expect(formatDate("2024-03-01", "en")).toBe("Mar 1, 2024");
    } finally {
      setFormatCountry(null);
    }
  });

  it("formats sizes in binary units", () => {
    expect(formatBytes(512, "en")).toBe("512 B");
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatBytes(1536, "es")).toMatch(/^1[.,]5 KB$/);
    expect(formatBytes(3 * 1024 * 1024, "en")).toBe("3 MB");
  });

  it("encodes base64 like Node does, across chunk boundaries", () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });

  it("turns years into date bounds and ignores junk", () => {
    expect(yearBounds("2019", "2024")).toEqual({ from: "2019-01-01", to: "2024-12-31" });
    expect(yearBounds("x", null)).toEqual({});
  });
});
