import { describe, expect, it } from "vitest";
import { decodeText, detectDelimiter, parseDelimited } from "./csv";
import { validateRows } from "./validate";

describe("decodeText", () => {
  it("reads UTF-8 (dropping the BOM) and falls back to Windows-1252", () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("año;sí")]);
    expect(decodeText(utf8)).toEqual({ text: "año;sí", encoding: "utf-8" });
    // "año;sí" in Windows-1252: ñ = F1, í = ED (invalid as UTF-8)
    const cp1252 = new Uint8Array([0x61, 0xf1, 0x6f, 0x3b, 0x73, 0xed]);
    expect(decodeText(cp1252)).toEqual({ text: "año;sí", encoding: "windows-1252" });
  });

  it("maps Windows-1252's bytes 0x80–0x9F to their characters (€ ‚ “ ” – — …), not to control characters", () => {
    // Node's TextDecoder reads these as Latin-1; the expected code points are Windows-1252's own table.
    const bytes = new Uint8Array([0x80, 0x82, 0x85, 0x93, 0x94, 0x96, 0x97, 0x9f, 0xe9, 0x81]);
    expect([...decodeText(bytes).text].map((c) => c.codePointAt(0))).toEqual([0x20ac, 0x201a, 0x2026, 0x201c, 0x201d, 0x2013, 0x2014, 0x178, 0xe9, 0x81]);
  });
});

describe("detectDelimiter", () => {
  it("picks the separator of the header line, ignoring quoted text", () => {
    expect(detectDelimiter("a;b;c\n1,5;2;3")).toBe(";");
    expect(detectDelimiter("a,b\n1;2;3;4")).toBe(",");
    expect(detectDelimiter('"x;y;z",b\n')).toBe(",");
    expect(detectDelimiter("a\tb")).toBe("\t");
    expect(detectDelimiter("solo")).toBe(",");
  });
});

describe("parseDelimited", () => {
  it("reads a semicolon file with decimal commas, quotes, CRLF and a quoted line break", () => {
    const text = '\uFEFFstay_id;note;score\r\nS1;"dice ""hola""";3,5\r\n\r\nS2;"dos\r\nlíneas";4\r\nS3;;\r\n';
    const r = parseDelimited(text);
    expect(r.delimiter).toBe(";");
    expect(r.header).toEqual(["stay_id", "note", "score"]);
    expect(r.rows).toEqual([
      { stay_id: "S1", note: 'dice "hola"', score: "3,5" },
      { stay_id: "S2", note: "dos\r\nlíneas", score: "4" },
      { stay_id: "S3", note: "", score: "" },
    ]);
    expect(r.lineNumbers).toEqual([2, 4, 6]);
    expect(r.problems).toEqual([]);
  });

  it("drops empty trailing columns and reports rows of the wrong width and open quotes", () => {
    const r = parseDelimited("a,b,,\n1,2,,\n1,2,3\n1\n4,\"5");
    expect(r.header).toEqual(["a", "b"]);
    expect(r.rows).toEqual([{ a: "1", b: "2" }]);
    expect(r.problems.map((p) => [p.line, p.reason.en.slice(0, 20)])).toEqual([
      [3, "the row has 3 fields"],
      [4, "the row has 1 fields"],
      [5, "a quoted field is ne"],
    ]);
  });

  it("reports an empty file and a repeated header", () => {
    expect(parseDelimited(" \n").problems[0]?.reason.en).toBe("the file is empty");
    expect(parseDelimited("a,a\n1,2").problems[0]?.reason.en).toMatch(/more than once/);
  });

  it("feeds validateRows with the real file lines", () => {
    const text = 'child_key;stay_id;age_band;psychological_care\nC1;S1;6-11;sí\nC2;"S\n1";3-5;quizás\n';
    const r = parseDelimited(text);
    const problems = validateRows("children", r.rows, { lineNumbers: r.lineNumbers });
    // A key with a line break is not a pseudonymous key; both problems are on the record's first line.
    expect(problems.map((p) => [p.line, p.column])).toEqual([[3, "stay_id"], [3, "psychological_care"]]);
  });
});
