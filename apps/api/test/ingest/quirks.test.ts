// Inputs as shelters really produce them: each quirk loads, and the stored values are the canonical ones.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { all } from "../../src/db/query";
import { generateBatches } from "../../src/ingest/generate";
import { importRegistry } from "../../src/ingest/registry";
import { csv, freshDatabases, goodFiles, SHELTER, staysRows, writeBatchDir } from "./helpers";

const { dir: tmp, db: current, fresh, load, stay } = freshDatabases("quirks");

describe("input quirks", () => {
  it("UTF-8 with BOM", async () => {
    await fresh();
    const dir = writeBatchDir(join(tmp, "bom"), { files: { ...goodFiles(), "stays.csv": `\uFEFF${csv(staysRows)}` } });
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect((await stay("S1"))?.admission_date).toBe("2024-01-10");
  });

  it("Windows-1252 with semicolons, dd/mm/yyyy, Spanish labels and sí/no spellings", async () => {
    await fresh();
    const text = csv(
      [
        ["stay_id", "person_key", "shelter_code", "admission_date", "exit_date", "referral_source", "protection_order", "risk_level_at_admission", "age_band", "exit_reason", "disability", "consent_research"],
        ["S1", "P1", SHELTER, "10/01/2024", "01/03/2024", "Comisaría de Familia", "Sí", "Severo", "25-34", "Derivada a otro servicio", "x", "NO"],
        ["S2", "P2", SHELTER, "1/2/2024", "", "FISCALÍA", "no", "extrema", "18 - 24", "", "", "Falso"],
      ],
      ";",
    );
    const bytes = Buffer.from(text, "latin1");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const dir = writeBatchDir(join(tmp, "cp1252"), { files: { "stays.csv": bytes } });
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    const s1 = await stay("S1");
    expect(s1).toMatchObject({ admission_date: "2024-01-10", exit_date: "2024-03-01", referral_source: "comisaria_familia", protection_order: true, risk_level_at_admission: "severe", exit_reason: "transferred", disability: true, consent_research: false });
    const s2 = await stay("S2");
    expect(s2).toMatchObject({ admission_date: "2024-02-01", exit_date: null, referral_source: "fiscalia_ministerio_publico", risk_level_at_admission: "extreme", age_band: "18-24", protection_order: false });
  });

  it("Windows-1252's dashes are read as such: a key with an en dash is refused alike in Windows-1252 and UTF-8", async () => {
    await fresh();
    // Keys are pseudonymous (ASCII): an en dash is not a key character, whatever the encoding.
    const rows = staysRows.map((r, i) => (i === 1 ? r.map((c, j) => (j === 0 ? "S1–A" : c)) : r)).slice(0, 2);
    const text = csv(rows, ";").replace("–", "\x96"); // the en dash is byte 0x96 in Windows-1252
    const cp1252 = writeBatchDir(join(tmp, "cp1252-dash"), { manifest: { tables: { stays: { rows: 1 } } }, files: { "stays.csv": Buffer.from(text, "latin1") } });
    const utf8 = writeBatchDir(join(tmp, "utf8-dash"), { manifest: { tables: { stays: { rows: 1 } }, exported_on: "2025-01-02" }, files: { "stays.csv": csv(rows, ",") } });
    const [a, b] = [await load(cp1252), await load(utf8)];
    expect(a.problems).toEqual([expect.objectContaining({ line: 2, column: "stay_id", value: null })]);
    expect(a.problems[0]?.reason.en).toMatch(/not a pseudonymous key/);
    expect(b.problems).toEqual(a.problems);
    expect((await all<{ stay_id: string }>(current().connection, "SELECT stay_id FROM stays")).length).toBe(0);
  });

  it("quoted line breaks and blank lines: the cell loads, and problems name the lines an editor shows", async () => {
    await fresh();
    const header = staysRows[0] ?? [];
    const referral = header.indexOf("referral_source");
    const row = (id: string, cells: Record<number, string> = {}) => (staysRows[1] ?? []).map((c, i) => cells[i] ?? (i === 0 ? id : c));
    const text = [
      header.join(","),
      row("Q1", { [referral]: '"Comisaría\r\nde Familia"' }).join(","), // lines 2–3
      "",
      row("Q2").join(","), // line 5
    ].join("\r\n");
    const good = writeBatchDir(join(tmp, "multiline"), { manifest: { tables: { stays: { rows: 2 } } }, files: { "stays.csv": `${text}\r\n` } });
    const r = await load(good);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect((await stay("Q1"))?.referral_source).toBe("comisaria_familia");
    const bad = writeBatchDir(join(tmp, "multiline-bad"), {
      manifest: { tables: { stays: { rows: 4 } } },
      files: { "stays.csv": `${text}\r\n${row("Q3", { 3: "2024-02-30" }).join(",")}\r\n${row("Q1").join(",")}\r\n` },
    });
    const rb = await load(bad);
    expect(rb.ok).toBe(false);
    expect(rb.problems).toEqual([
      expect.objectContaining({ file: "stays.csv", line: 6, column: "admission_date", value: "2024-02-30" }),
      expect.objectContaining({ file: "stays.csv", line: 7, reason: expect.objectContaining({ en: expect.stringMatching(/line 2\b/) }) }),
    ]);
  });

  it("decimal comma and Spanish timepoints in assessments", async () => {
    await fresh();
    const dir = writeBatchDir(join(tmp, "decimal"), {
      files: {
        "stays.csv": csv(staysRows),
        "assessments.csv": csv(
          [
            ["stay_id", "instrument", "timepoint", "assessed_on", "total_score"],
            ["S1", "Rosenberg", "Ingreso", "11/01/2024", "14,5"],
            ["S1", "rosenberg_ses", "EGRESO", "28/02/2024", "\"22,25\""],
          ],
          ";",
        ),
      },
    });
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    const rows = await all(current().connection, `SELECT timepoint, total_score, instrument FROM assessments ORDER BY timepoint`);
    expect(rows).toEqual([
      { timepoint: "admission", total_score: 14.5, instrument: "rosenberg_ses" },
      { timepoint: "exit", total_score: 22.25, instrument: "rosenberg_ses" },
    ]);
  });

  it("Parquet written by DuckDB", async () => {
    await fresh();
    const dir = writeBatchDir(join(tmp, "parquet"), { files: {} });
    const csvPath = join(tmp, "parquet-src.csv");
    writeFileSync(csvPath, csv(staysRows));
    await current().connection.run(`COPY (SELECT * FROM read_csv($p, all_varchar=false)) TO '${join(dir, "stays.parquet")}' (FORMAT parquet)`, { p: csvPath });
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    expect(r.tables.stays).toEqual({ read: 2, inserted: 2, replaced: 0 });
    expect(await stay("S1")).toMatchObject({ admission_date: "2024-01-10", protection_order: true, children_in_stay: 1 });
  });

  it("JSON lines, with typed JSON values and line numbers in problems", async () => {
    await fresh();
    const lines = [
      { stay_id: "S1", person_key: "P1", shelter_code: SHELTER, admission_date: "2024-01-10", exit_date: "2024-03-01", protection_order: true, children_in_stay: 1 },
      { stay_id: "S2", person_key: "P2", shelter_code: SHELTER, admission_date: "2024-02-01", exit_date: null, protection_order: "no", children_in_stay: 0 },
    ];
    const dir = writeBatchDir(join(tmp, "jsonl"), { files: { "stays.jsonl": lines.map((l) => JSON.stringify(l)).join("\n") } });
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    expect(await stay("S2")).toMatchObject({ protection_order: false, exit_date: null, children_in_stay: 0 });

    const bad = writeBatchDir(join(tmp, "jsonl-bad"), { files: { "stays.jsonl": [lines[0], { ...lines[1], admission_date: "2024-13-45" }].map((l) => JSON.stringify(l)).join("\n") } });
    const r2 = await load(bad);
    expect(r2.ok).toBe(false);
    expect(r2.problems).toContainEqual(expect.objectContaining({ file: "stays.jsonl", line: 2, column: "admission_date", value: "2024-13-45" }));
    // A key only some records carry is reported on the first record that has it.
    const extra = writeBatchDir(join(tmp, "jsonl-extra"), { files: { "stays.jsonl": [lines[0], { ...lines[1], favourite_colour: "blue" }].map((l) => JSON.stringify(l)).join("\n") } });
    expect((await load(extra)).problems).toEqual([expect.objectContaining({ file: "stays.jsonl", line: 2, column: "favourite_colour", value: null })]);
  });

  it("a .zip of the batch (wrapped in a folder) loads, and then its folder is the same batch", async () => {
    await fresh();
    const files = goodFiles();
    const entries: Record<string, Uint8Array> = { "export/manifest.json": new TextEncoder().encode(JSON.stringify({ contract_version: "1", shelter_code: SHELTER, exported_on: "2024-12-31", period_start: "2024-01-01", period_end: "2024-12-31" })) };
    for (const [name, text] of Object.entries(files)) entries[`export/${name}`] = new TextEncoder().encode(text);
    const zipPath = join(tmp, "batch.zip");
    writeFileSync(zipPath, zipSync(entries));
    const r = await load(zipPath);
    expect(r.problems).toEqual([]);
    expect(r.batches[0]?.status).toBe("loaded");
    expect(r.tables.children?.inserted).toBe(1);
    const folder = writeBatchDir(join(tmp, "zip-as-folder"), { files });
    const again = await load(folder);
    expect(again.batches[0]?.status).toBe("unchanged");
    expect(again.batches[0]?.content_hash).toBe(r.batches[0]?.content_hash);
  });

  it("a generated messy batch (semicolons, Windows-1252, BOM, dd/mm/yyyy, labels) loads whole", async () => {
    await fresh();
    const out = join(tmp, "messy");
    const gen = generateBatches(out, { stays: 300, seed: 7, messy: true, shelter: "gen-m" });
    await importRegistry(current().connection, gen.registryFile, { loadedBy: "test" });
    const r = await load(gen.batchDirs[0] ?? "");
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.tables.stays?.inserted).toBe(300);
    const manifest = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(join(gen.batchDirs[0] ?? "", "manifest.json"), "utf8"))) as { tables: Record<string, { rows: number }> };
    for (const [table, { rows }] of Object.entries(manifest.tables)) expect(r.tables[table]?.inserted, table).toBe(rows);
  });
});
