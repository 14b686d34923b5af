// The direct load (clean batches inserted straight into the stored tables) against the staged
// path, which is the reference: same report, same rows, same facts; and a batch with a problem
// only staging can word goes through staging, leaving the database as it was.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { IngestReport } from "@refugio/schemas";
import { openDatabase, type Database } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { generateBatches } from "../../src/ingest/generate";
import { ingestBatches, type IngestOptions } from "../../src/ingest/ingest";
import { importRegistry } from "../../src/ingest/registry";
import { snapshot, tempDir } from "./helpers";

const t = tempDir("direct");
afterAll(() => t.cleanup());

const SHELTER = "gen-dir";
// Two exports of one shelter: the second (another seed) re-sends the same stay ids with new content.
const first = generateBatches(join(t.dir, "a"), { stays: 1500, seed: 3, shelter: SHELTER });
const second = generateBatches(join(t.dir, "b"), { stays: 2500, seed: 4, shelter: SHELTER, periodStart: "2023-06-01", periodEnd: "2025-03-31" });
const batchA = first.batchDirs[0] ?? "";
const batchB = second.batchDirs[0] ?? "";

/** Replaces the `field`-th cell (0-based) of the file's `line`-th line (1-based). */
function editCell(path: string, line: number, field: number, value: string): void {
  const lines = readFileSync(path, "utf8").split("\n");
  const cells = (lines[line - 1] ?? "").split(",");
  cells[field] = value;
  lines[line - 1] = cells.join(",");
  writeFileSync(path, lines.join("\n"));
}
const header = (path: string) => (readFileSync(path, "utf8").split("\n")[0] ?? "").split(",");
// A children_in_stay that disagrees with the children rows: a warning, with its line.
editCell(join(batchB, "stays.csv"), 40, header(join(batchB, "stays.csv")).indexOf("children_in_stay"), "9");

async function freshDb(name: string): Promise<Database> {
  const db = await openDatabase(join(t.dir, `${name}.duckdb`));
  await importRegistry(db.connection, first.registryFile, { loadedBy: "test" });
  return db;
}

/** Every contract table and stay_facts, in key order: what two loads must agree on. */
async function contents(db: Database): Promise<Record<string, unknown[]>> {
  const order: Record<string, string> = {
    stays: "stay_id",
    children: "stay_id, child_key",
    assessments: "stay_id, instrument, timepoint",
    followups: "stay_id, contact_date",
    service_surveys: "response_id",
    coordinator_surveys: '"year", question_code',
    compliance_checks: 'assessed_on, "table", item_no',
    stay_facts: "stay_id",
  };
  const out: Record<string, unknown[]> = {};
  // Record keys come from each database's own secret.
  const excluded: Record<string, string> = { stay_facts: "record_key", stays: "batch_id, record_key" };
  for (const [table, key] of Object.entries(order)) out[table] = await all(db.connection, `SELECT * EXCLUDE (${excluded[table] ?? "batch_id"}) FROM ${table} ORDER BY shelter_code, ${key}`);
  return out;
}

async function ingest(db: Database, sources: string[], opts: Partial<IngestOptions> = {}): Promise<{ report: IngestReport; phases: string[] }> {
  const phases: string[] = [];
  const report = await ingestBatches(db.connection, sources, { loadedBy: "test", onProgress: (p) => phases.push(p.phase), ...opts });
  return { report, phases };
}

describe("direct load", () => {
  it("loads clean batches straight into the tables, with the staged path's report, rows and facts", async () => {
    const direct = await freshDb("direct");
    const staged = await freshDb("staged");
    try {
      for (const sources of [[batchA], [batchB, batchA]]) {
        const d = await ingest(direct, sources);
        const s = await ingest(staged, sources, { staged: true });
        expect(d.phases.some((p) => p.startsWith("load "))).toBe(true);
        expect(d.phases.some((p) => p.startsWith("read "))).toBe(false);
        expect(s.phases.some((p) => p.startsWith("load "))).toBe(false);
        expect(d.report).toEqual(s.report);
        expect(d.report.ok).toBe(true);
      }
      // The second call: B replaced A's stays, then A (the older export) replaced them back.
      const last = await ingest(direct, [batchB]);
      expect(last.report.batches[0]?.status).toBe("unchanged");
      expect(await contents(direct)).toEqual(await contents(staged));
    } finally {
      direct.close();
      staged.close();
    }
  });

  it("lets DuckDB's parser type canonical booleans and dates, and reads Spanish ones as text, still directly", async () => {
    const db = await freshDb("tiers");
    try {
      const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".csv")).length;
      const canonical = await ingest(db, [batchA]);
      // One load per file: the typed read went through.
      expect(canonical.phases.filter((p) => p.startsWith("load ")).length).toBe(files(batchA));
      const spanish = join(t.dir, "spanish");
      const copy = generateBatches(spanish, { stays: 300, seed: 9, shelter: SHELTER }).batchDirs[0] ?? "";
      const stays = join(copy, "stays.csv");
      const cells = header(stays);
      editCell(stays, 5, cells.indexOf("protection_order"), "sí");
      editCell(stays, 6, cells.indexOf("admission_date"), "05/03/2023");
      const r = await ingest(db, [copy]);
      expect(r.report.problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(r.phases.some((p) => p.startsWith("read "))).toBe(false);
      expect(r.phases.filter((p) => p.startsWith("load ")).length).toBeGreaterThan(files(copy));
      const stayOn = (line: number) => (readFileSync(stays, "utf8").split("\n")[line - 1] ?? "").split(",")[cells.indexOf("stay_id")];
      const stored = (line: number) =>
        all<{ protection_order: boolean; admission_date: string }>(db.connection, `SELECT protection_order, admission_date FROM stays WHERE shelter_code = $s AND stay_id = $id`, {
          s: SHELTER,
          id: stayOn(line) ?? "",
        });
      expect((await stored(5))[0]?.protection_order).toBe(true);
      expect((await stored(6))[0]?.admission_date).toBe("2023-03-05");
    } finally {
      db.close();
    }
  });

  it("reports a warning on the line where it is, from the rows it loaded", async () => {
    const db = await freshDb("warning");
    try {
      const { report, phases } = await ingest(db, [batchB]);
      expect(phases).toContain("load stays.csv");
      expect(report.ok).toBe(true);
      expect(report.problems.filter((p) => p.line === 40)).toEqual([expect.objectContaining({ file: "stays.csv", column: "children_in_stay", value: "9", severity: "warning" })]);
      expect(report.problems.every((p) => p.severity === "warning")).toBe(true);
    } finally {
      db.close();
    }
  });

  it("a problem found by the checks after the rows went in is staged at once (no second direct read)", async () => {
    const dir = join(t.dir, "unknown-stay");
    const copy = generateBatches(dir, { stays: 1500, seed: 3, shelter: SHELTER }).batchDirs[0] ?? "";
    const followups = join(copy, "followups.csv");
    editCell(followups, 300, header(followups).indexOf("stay_id"), "NO-SUCH-STAY");
    const db = await freshDb("unknown-stay");
    try {
      const d = await ingest(db, [copy]);
      expect(d.report.ok).toBe(false);
      expect(d.report.problems.filter((p) => p.severity === "error")).toEqual([
        expect.objectContaining({ file: "followups.csv", line: 300, column: "stay_id", value: "NO-SUCH-STAY" }),
      ]);
      const files = readdirSync(copy).filter((f) => f.endsWith(".csv")).length;
      expect(d.phases.filter((p) => p.startsWith("load ")).length).toBe(files);
      expect(d.phases.filter((p) => p.startsWith("read ")).length).toBe(files);
    } finally {
      db.close();
    }
  });

  // The last number: how many direct inserts of the file were tried. A cell DuckDB's typed read
  // refuses gets a second read as text; a cell stopped by a guard goes to staging at once, and so
  // does a batch whose checks found a problem after every file went in.
  it.each([
    ["a date that does not convert", "followups.csv", 500, "contact_date", "31/02/2024", 500, 2],
    // The guard names the column and the first line holding one (and scrubs the value everywhere).
    ["an e-mail address in a text column", "assessments.csv", 1200, "stay_id", "someone@example.org", 1200, 1],
    ["a required cell left empty", "children.csv", 300, "stay_id", "", 300, 1],
    // Rules on a row of its own: found by the checks over the rows loaded directly.
    ["a score below its range", "assessments.csv", 700, "item_1", "-1", 700, 1],
    ["another shelter's code", "stays.csv", 200, "shelter_code", "otra-casa", 200, 1],
    ["a date after the export date", "followups.csv", 400, "contact_date", "2099-01-01", 400, 1],
  ])("%s sends the call to the staged path: its report, and nothing written", async (_label, file, line, column, value, reported, tries) => {
    const dir = join(t.dir, `bad-${file}-${line}`);
    const copy = generateBatches(dir, { stays: 1500, seed: 3, shelter: SHELTER }).batchDirs[0] ?? "";
    editCell(join(copy, file), line, header(join(copy, file)).indexOf(column), value);
    const db = await freshDb(`bad-${line}`);
    try {
      await ingest(db, [batchB]);
      const before = await snapshot(db);
      const d = await ingest(db, [copy]);
      // Inserted once per direct read tried, then staged.
      expect(d.phases.filter((p) => p === `load ${file}`).length).toBe(tries);
      expect(d.phases.some((p) => p.startsWith("read "))).toBe(true);
      expect(d.report.ok).toBe(false);
      expect(d.report.problems.filter((p) => p.severity === "error")[0]).toEqual(expect.objectContaining({ file, line: reported, column, severity: "error" }));
      if (value.includes("@")) expect(JSON.stringify(d.report)).not.toContain(value);
      expect(d.report).toEqual((await ingest(db, [copy], { staged: true })).report);
      expect(await snapshot(db)).toEqual(before);
    } finally {
      db.close();
    }
  });
});
