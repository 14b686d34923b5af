// CSV files read without DuckDB's sniffer: the header is parsed in JS (csvHeader) and DuckDB reads
// the file with auto_detect=false and fixed columns. Through the public ingest path, the result
// must be what the sniffing read gave: same names, rows, padding and refusals (with their line).
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csvHeader, openFile, Scratch } from "../../src/ingest/files";
import { freshDatabases, staysRows, writeBatchDir } from "./helpers";

const { dir: tmp, fresh, load, stay } = freshDatabases("sniff");
const scratch = new Scratch();
afterAll(() => scratch.dispose());
/** The header csvHeader found for a batch's file (undefined: the file is read with the sniffer). */
const headerOf = (dir: string, name: string) => openFile(join(dir, name), scratch)?.header;

const header = staysRows[0] ?? [];
const row = (id: string) => (staysRows[1] ?? []).map((c, i) => (i === 0 ? id : i === 1 ? `P-${id}` : c));
/** A stays.csv of `count` good rows (S1…), as lines without line ends. */
const manyRows = (count: number) => [header.join(","), ...Array.from({ length: count }, (_, i) => row(`S${i + 1}`).join(","))];

describe("CSV read without the sniffer", () => {
  it("quoted header names, one holding the delimiter and a doubled quote, keep their text", async () => {
    await fresh();
    const quoted = [...header.map((h) => `"${h}"`), '"notes, ""staff"""'].join(";");
    const rows = [row("S1"), row("S2")].map((r) => [...r, "x"].join(";"));
    const dir = writeBatchDir(join(tmp, "quoted"), { files: { "stays.csv": `${[quoted, ...rows].join("\r\n")}\r\n` } });
    expect(headerOf(dir, "stays.csv")).toEqual([...header, 'notes, "staff"']);
    const r = await load(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 1, column: 'notes, "staff"', value: null })]);

    // Without the stray column the same quoted header loads.
    const good = writeBatchDir(join(tmp, "quoted-good"), {
      files: { "stays.csv": `${[header.map((h) => `"${h}"`).join(";"), ...[row("S1"), row("S2")].map((r) => r.join(";"))].join("\r\n")}\r\n` },
    });
    const rg = await load(good);
    expect(rg.problems).toEqual([]);
    expect(await stay("S2")).toMatchObject({ person_key: "P-S2", admission_date: "2024-01-10" });
  });

  it("a header name with a quoted line break", async () => {
    const bytes = new TextEncoder().encode('a,"line\nbreak",c\n1,2,3\n');
    expect(csvHeader(bytes, ",", new TextDecoder("utf-8", { ignoreBOM: true }))).toEqual(["a", "line\nbreak", "c"]);
  });

  it("UTF-8 with BOM before a quoted first name", async () => {
    await fresh();
    const text = `\uFEFF"stay_id",${header.slice(1).join(",")}\n${row("S1").join(",")}\n${row("S2").join(",")}\n`;
    const dir = writeBatchDir(join(tmp, "bom"), { files: { "stays.csv": text } });
    expect(headerOf(dir, "stays.csv")).toEqual(header);
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    expect(r.tables.stays?.inserted).toBe(2);
    expect(await stay("S1")).toMatchObject({ person_key: "P-S1" });
  });

  it("a row with fewer fields is padded with empty cells", async () => {
    await fresh();
    const short = row("S2").slice(0, 9); // stops after age_band: no children_in_stay, exit_reason, consent_followup
    const dir = writeBatchDir(join(tmp, "short"), { files: { "stays.csv": `${[header.join(","), row("S1").join(","), short.join(","), row("S3").join(",")].join("\n")}\n` } });
    expect(headerOf(dir, "stays.csv")).toEqual(header);
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    expect(r.tables.stays?.inserted).toBe(3);
    expect(await stay("S2")).toMatchObject({ age_band: "25-34", children_in_stay: null, exit_reason: null, consent_followup: null });
    expect(await stay("S3")).toMatchObject({ exit_reason: "plan_completed", consent_followup: true });
  });

  it("a trailing separator on every line: an unnamed empty column, not a problem", async () => {
    await fresh();
    const dir = writeBatchDir(join(tmp, "trailing"), { files: { "stays.csv": `${[header, row("S1"), row("S2")].map((r) => `${r.join(";")};`).join("\n")}\n` } });
    // DuckDB's name for it: "column" + its index, as the sniffer named it.
    expect(headerOf(dir, "stays.csv")).toEqual([...header, "column12"]);
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    expect(r.tables.stays?.inserted).toBe(2);
  });

  it("a row with more fields than the header is refused with its line", async () => {
    await fresh();
    // Past the first rows DuckDB's sniffer looks at, so the file is read without it.
    const lines = manyRows(5000);
    lines[4499] = `${lines[4499]},extra`; // line 4500
    const dir = writeBatchDir(join(tmp, "ragged"), { files: { "stays.csv": `${lines.join("\n")}\n` } });
    expect(headerOf(dir, "stays.csv")).toEqual(header);
    const r = await load(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 4500, column: null, reason: { es: expect.stringMatching(/más campos que las 12 columnas del encabezado/), en: expect.stringMatching(/more fields than the header's 12 columns/) } })]);
    expect(await stay("S1")).toBeUndefined();
  });

  it("…and also on a quoted, multi-line file (read with parallel=false)", async () => {
    await fresh();
    const lines = manyRows(5000);
    lines[1] = lines[1]?.replace("juzgado", '"juz\ngado"') ?? ""; // lines 2–3
    lines[4499] = `${lines[4499]},extra`; // record 4499, on line 4501
    const dir = writeBatchDir(join(tmp, "ragged-multi"), { files: { "stays.csv": `${lines.join("\n")}\n` } });
    expect(headerOf(dir, "stays.csv")).toEqual(header);
    const r = await load(dir);
    // DuckDB's error names the record (+ 2); the line map turns it into the physical line.
    expect(r.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 4501, reason: expect.objectContaining({ en: expect.stringMatching(/more fields than the header/) }) })]);
  });

  it("a longer row among the first rows: the sniffing read as before, and the problem names that row, not a made-up column", async () => {
    await fresh();
    const lines = manyRows(3);
    lines[2] = `${lines[2]},extra`; // line 3
    const dir = writeBatchDir(join(tmp, "ragged-early"), { files: { "stays.csv": `${lines.join("\n")}\n` } });
    expect(headerOf(dir, "stays.csv")).toBeUndefined();
    const r = await load(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 3, column: null, value: null, reason: expect.objectContaining({ en: expect.stringMatching(/more fields than the header's 12 columns/) }) })]);
    // …and a longer row whose extra cell is empty is still taken as a trailing separator.
    const empty = manyRows(3);
    empty[2] = `${empty[2]},`;
    const ok = writeBatchDir(join(tmp, "ragged-early-empty"), { files: { "stays.csv": `${empty.join("\n")}\n` } });
    expect(headerOf(ok, "stays.csv")).toBeUndefined();
    expect((await load(ok)).problems).toEqual([]);
  });

  it("an unterminated quote among the first rows: refused as before, with the line firstRaggedLine finds", async () => {
    await fresh();
    const lines = manyRows(3);
    lines[2] = lines[2]?.replace("juzgado", '"juzgado') ?? "";
    const dir = writeBatchDir(join(tmp, "open-quote"), { files: { "stays.csv": `${lines.join("\n")}\n` } });
    expect(headerOf(dir, "stays.csv")).toBeUndefined();
    const r = await load(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 3, column: null })]);
  });

  it("Windows-1252 with semicolons: the header is decoded like the rest", async () => {
    const bytes = Buffer.from('stay_id;"Año, ingreso";niño\n1;2;3\n', "latin1");
    const dir = writeBatchDir(join(tmp, "cp1252"), { manifest: null, files: { "stays.csv": bytes } });
    expect(headerOf(dir, "stays.csv")).toEqual(["stay_id", "Año, ingreso", "niño"]);
  });

  it("DuckDB's names for repeated, blank and space-padded names", async () => {
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    const names = (text: string) => csvHeader(new TextEncoder().encode(text), ",", decoder);
    expect(names('a,A,a,a_1,"",,x\n')).toEqual(["a", "A_1", "a_2", "a_1_1", "column4", "column5", "x"]);
    expect(names(" a ,\u00a0b\u00a0,\tc\t, \n")).toEqual(["a", "b", "\tc\t", "column3"]);
    expect(names(`${",".repeat(11)}\n`)?.slice(0, 2)).toEqual(["column00", "column01"]);
    // Left to the sniffer: an empty first line, an empty file, a quote inside a field, mixed line ends.
    for (const text of ["\na,b\n1,2\n", "", 'a,b"c\n1,2\n', 'a, "b"\n1,2\n', "a,b\n1,2\r\n3,4\n"]) expect(names(text), JSON.stringify(text)).toBeUndefined();
  });
});
