import { describe, expect, it } from "vitest";
import { decodeWindows1252 } from "./windows-1252";

describe("decodeWindows1252", () => {
  it("reads Windows-1252 (ñ = F1, í = ED)", () => {
    expect(decodeWindows1252(new Uint8Array([0x61, 0xf1, 0x6f, 0x3b, 0x73, 0xed]))).toBe("año;sí");
  });

  it("maps Windows-1252's bytes 0x80–0x9F to their characters (€ ‚ “ ” – — …), not to control characters", () => {
    // Node's TextDecoder reads these as Latin-1; the expected code points are Windows-1252's own table.
    const bytes = new Uint8Array([0x80, 0x82, 0x85, 0x93, 0x94, 0x96, 0x97, 0x9f, 0xe9, 0x81]);
    expect([...decodeWindows1252(bytes)].map((c) => c.codePointAt(0))).toEqual([0x20ac, 0x201a, 0x2026, 0x201c, 0x201d, 0x2013, 0x2014, 0x178, 0xe9, 0x81]);
  });
});
