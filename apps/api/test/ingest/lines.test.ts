// csvLineMap against real DuckDB: every data row carries, in its `line` column, the physical line
// it was written on; DuckDB reads the file with the ingester's options and the map must give
// that line for each row's position in DuckDB's output.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvLineMap, firstRaggedLine } from "../../src/ingest/lines";
import { tempDir } from "./helpers";

const t = tempDir("lines");
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  db = await instance.connect();
});
afterAll(() => {
  try {
    db?.closeSync();
    instance?.closeSync();
  } finally {
    t.cleanup();
  }
});

// The ingester's read_csv options, plus parallel=false: with null_padding=true the parallel
// scanner refuses any quoted line break in a data record (see the last-but-one test).
const OPTIONS = `all_varchar=true, header=true, delim=$delim, quote='"', escape='"', comment='', null_padding=true`;
const READ = `SELECT * FROM read_csv($path, ${OPTIONS}, parallel=false)`;

let fileNo = 0;
function writeCsv(content: string | Uint8Array): { path: string; bytes: Uint8Array } {
  fileNo += 1;
  const path = join(t.dir, `f${fileNo}.csv`);
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  writeFileSync(path, bytes);
  return { path, bytes };
}

async function duckRows(path: string, delimiter: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(READ, { path, delim: delimiter })).getRowObjects();
}

const BLANK = null;
const breaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * A CSV text: `header` as written, then one line per row (null: an empty line). Row fields are
 * written as given (quotes included); "@" in a field becomes the line the record starts on.
 */
function build(header: string, rows: (string[] | null)[], opts: { eol?: string; delimiter?: string; finalEol?: boolean } = {}) {
  const eol = opts.eol ?? "\n";
  const delimiter = opts.delimiter ?? ",";
  let text = header + eol;
  const lines: number[] = [];
  rows.forEach((row, i) => {
    const last = i === rows.length - 1 && opts.finalEol === false;
    if (row === BLANK) {
      text += last ? "" : eol;
      return;
    }
    const line = breaks(text) + 1;
    lines.push(line);
    text += row.map((f) => f.replaceAll("@", String(line))).join(delimiter) + (last ? "" : eol);
  });
  return { text, lines };
}

/** Writes the file, reads it with DuckDB, and checks the map against each row's own line. */
async function agree(header: string, rows: (string[] | null)[], opts: { eol?: string; delimiter?: string; finalEol?: boolean } = {}) {
  const delimiter = opts.delimiter ?? ",";
  const { text, lines } = build(header, rows, opts);
  const { path, bytes } = writeCsv(text);
  const out = await duckRows(path, delimiter);
  expect(out.map((r) => Number(r.line))).toEqual(lines);
  const map = csvLineMap(bytes, delimiter);
  expect(out.map((_, i) => map.line(i))).toEqual(lines);
  return { lines, map, out };
}

describe("csvLineMap agrees with DuckDB's record numbering", () => {
  it("no quotes: identity (record + 2)", async () => {
    const { lines } = await agree("line,note", [["@", "a"], ["@", "b c"], ["@", ""], ["@", "d"]]);
    expect(lines).toEqual([2, 3, 4, 5]);
    const map = csvLineMap(new TextEncoder().encode("line,note\n1,a\n"), ",");
    expect([map.line(-1), map.line(0), map.line(10)]).toEqual([1, 2, 12]);
  });

  it("quoted fields with embedded LF in an LF file", async () => {
    const { lines } = await agree("line,note,other", [
      ["@", "a", "b"],
      ["@", '"two\nlines"', "x"],
      ["@", "c", "d"],
      ["@", '"three\nlines\nhere"', '"and\ntwo"'],
      ["@", '"empty line inside\n\nquotes"', "e"],
      ["@", '"\n"', "f"],
      ["@", "g", "h"],
    ]);
    expect(lines).toEqual([2, 3, 5, 6, 10, 13, 15]);
  });

  it("quoted CRLF, LF and lone CR in a CRLF file, and quoted CRLF in an LF file", async () => {
    await agree(
      "line,note",
      [["@", "a"], ["@", '"crlf\r\ninside"'], ["@", '"lf\ninside"'], ["@", '"cr\rinside"'], ["@", "b"]],
      { eol: "\r\n" },
    );
    await agree("line,note", [["@", '"crlf\r\ninside"'], ["@", "b"], ["@", '"x\r\n\r\ny"'], ["@", "c"]]);
  });

  it('escaped quotes ("") inside and at the edges of quoted fields', async () => {
    await agree("line,note,other", [
      ["@", '"say ""hi"""', "a"],
      ["@", '""""', '""'],
      ["@", '"x""\ny"""', "b"],
      ["@", '"""\n"""', '"""a,b"""'],
      ["@", '"a""b""\n""c"', '"\n"""'],
      ["@", "c", "d"],
    ]);
  });

  it("a header with a quoted newline (LF and CRLF)", async () => {
    const { lines } = await agree('line,"com\nment",other', [["@", "a", "b"], ["@", '"c\nd"', "e"], ["@", "f", "g"]]);
    expect(lines).toEqual([3, 4, 6]);
    await agree('line,"com\r\nment"', [["@", "a"], ["@", "b"]], { eol: "\r\n" });
  });

  it("semicolon delimiter", async () => {
    await agree(
      "line;note;other",
      [["@", '"a;b\nc"', "1,5"], ["@", "x,y", '"p;\r\nq"'], ["@", "z", "w"]],
      { delimiter: ";" },
    );
  });

  it("a last line without newline (LF and CRLF, single- and multi-line)", async () => {
    await agree("line,note", [["@", "a"], ["@", '"b\nc"'], ["@", "d"]], { finalEol: false });
    await agree("line,note", [["@", "a"], ["@", "b"], ["@", '"c\r\nd"']], { eol: "\r\n", finalEol: false });
  });

  it("DuckDB skips empty lines: after the header, between rows, in runs and at the end", async () => {
    await agree("line,note", [BLANK, ["@", "a"], BLANK, BLANK, ["@", '"b\nc"'], BLANK, ["@", "d"], ["@", "e"], BLANK, BLANK]);
    await agree("line,note", [["@", "a"], BLANK, ["@", '"b\r\nc"'], BLANK, BLANK, ["@", "d"]], { eol: "\r\n" });
    // No quote at all, but empty lines: the map must not take the identity shortcut.
    const { lines } = await agree("line,note", [["@", "a"], BLANK, ["@", "b"], BLANK, BLANK, ["@", "c"]]);
    expect(lines).toEqual([2, 4, 7]);
    await agree("line,note", [["@", "a"], BLANK, ["@", "b"]], { eol: "\r\n" });
    // Lines holding only spaces or only delimiters are rows, not empty lines.
    await agree("line,note,other", [["@", "a", "b"], [" @", " ", ""], ["@", "", ""], ["@", "c", "d"]]);
  });

  it("an empty first line is taken as the header, and the real header line becomes row 0", async () => {
    const text = "\n\nline,note\n4,\"a\nb\"\n\n7,c\n";
    const { path, bytes } = writeCsv(text);
    const out = await duckRows(path, ",");
    expect(out.map((r) => r.line)).toEqual(["line", "4", "7"]);
    const map = csvLineMap(bytes, ",");
    expect(out.map((_, i) => map.line(i))).toEqual([3, 4, 7]);

    // …and with one column of data, empty lines after it are NULL rows.
    const one = writeCsv("\nline\n3\n\n5\n");
    const oneOut = (await duckRows(one.path, ",")).map((r) => Object.values(r)[0]);
    expect(oneOut).toEqual(["line", "3", null, "5"]);
    const oneMap = csvLineMap(one.bytes, ",");
    expect(oneOut.map((_, i) => oneMap.line(i))).toEqual([2, 3, 4, 5]);
  });

  it("a one-column file: DuckDB reads each empty line as a NULL row", async () => {
    const text = 'line\n2\n\n"4\n"\n\n7\n\n';
    const { path, bytes } = writeCsv(text);
    const out = await duckRows(path, ",");
    expect(out.map((r) => r.line)).toEqual(["2", null, "4\n", null, "7", null]);
    const map = csvLineMap(bytes, ",");
    expect(out.map((_, i) => map.line(i))).toEqual([2, 3, 4, 6, 7, 8]);
  });

  it("a quote opens a field after one space, and is literal inside an unquoted field", async () => {
    await agree("line,note,other", [
      ["@", ' "one space\nthen quote"', "a"],
      ["@", 'mid"quote', "b"],
      ["@", '"trailing space\nafter quote" ', "c"],
      ["@", "d", "e"],
    ]);
  });

  it("Windows-1252 and UTF-8 bytes of the same text give the same lines", async () => {
    const { text, lines } = build("line;nota", [["@", '"Señora\nGonzález"'], ["@", "niño"], ["@", '"acción\r\nsí"'], ["@", "ñ"]], { delimiter: ";" });
    const utf8 = writeCsv(text);
    const out = await duckRows(utf8.path, ";");
    expect(out.map((r) => Number(r.line))).toEqual(lines);
    const cp1252 = Buffer.from(text, "latin1");
    const a = csvLineMap(utf8.bytes, ";");
    const b = csvLineMap(cp1252, ";");
    expect(lines.map((_, i) => a.line(i))).toEqual(lines);
    expect(lines.map((_, i) => b.line(i))).toEqual(lines);
  });

  it("without parallel=false, DuckDB refuses quoted line breaks in data rows (null_padding)", async () => {
    const { path } = writeCsv('line,note\n2,"a\nb"\n4,c\n');
    await expect(db.runAndReadAll(`SELECT * FROM read_csv($path, ${OPTIONS})`, { path, delim: "," })).rejects.toThrow(/parallel/);
  });

  it("a ~200k-line file: identity without quotes, and the scan agrees with DuckDB", async () => {
    const n = 200_000;
    const plain: string[] = ["line,note,other"];
    for (let i = 0; i < n; i += 1) plain.push(`${i + 2},value ${i},${i % 7}`);
    const noQuotes = writeCsv(`${plain.join("\n")}\n`);
    const identity = csvLineMap(noQuotes.bytes, ",");
    for (const i of [0, 1, 99_999, n - 1]) expect(identity.line(i)).toBe(i + 2);

    // Every 1000th record has a two-line quoted field, every 5000th is followed by an empty line.
    const parts: string[] = ["line,note,other\n"];
    let line = 2;
    for (let i = 0; i < n; i += 1) {
      if (i % 1000 === 0) {
        parts.push(`${line},"first\r\nsecond",${i}\n`);
        line += 2;
      } else {
        parts.push(`${line},"value ""${i}""",${i}\n`);
        line += 1;
      }
      if (i % 5000 === 4999) {
        parts.push("\n");
        line += 1;
      }
    }
    const quoted = writeCsv(parts.join(""));
    const map = csvLineMap(quoted.bytes, ",");
    const out = (await db.runAndReadAll(`SELECT line FROM read_csv($path, ${OPTIONS}, parallel=false)`, { path: quoted.path, delim: "," })).getColumns()[0] ?? [];
    expect(out.length).toBe(n);
    let mismatches = 0;
    out.forEach((value, i) => {
      if (map.line(i) !== Number(value)) mismatches += 1;
    });
    expect(mismatches).toBe(0);
  });
});

describe("firstRaggedLine (the line of a refused file's first bad record, by the same record reader)", () => {
  const ragged = (text: string, delimiter = ",") => firstRaggedLine(new TextEncoder().encode(text), delimiter);

  it("finds a longer or shorter record by its physical line, past quoted line breaks and empty lines", () => {
    expect(ragged("a,b\n1,2\n3,4\n")).toBeNull();
    expect(ragged("a,b\n1,2\n3,4,5\n")).toBe(3);
    expect(ragged("a,b\n\n1,2\n\n3\n")).toBe(5);
    expect(ragged('a,b\n"x\ny",2\n3,4,5\n')).toBe(4);
    expect(ragged("a;b\r\n1;2\r\n3;4;5\r\n", ";")).toBe(3);
  });

  it("follows DuckDB's quoting: a quote inside an unquoted field is a character, and a quote never closed is found where it opens", () => {
    // A toggle on every quote would take the rest of this file for one quoted field.
    expect(ragged('a,b\n1,2"x\n3,4\n5,6,7\n')).toBe(4);
    expect(ragged('a,b\n1,2\n"3,4\n5,6\n')).toBe(3);
    expect(ragged('"a,b\n1,2\n')).toBe(1);
  });
});
