// Several shelter batches in one call (what a ministry loads): each table's files are read by ONE
// statement over the file list, loaded or staged, and the checks read those rows where they are
// (no copy). A problem in a later batch is still reported on its own file and line.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { generateBatches } from "../../src/ingest/generate";
import { ingestBatches } from "../../src/ingest/ingest";
import { importRegistry } from "../../src/ingest/registry";
import { snapshot, tempDir } from "./helpers";

const t = tempDir("one-read");
afterAll(() => t.cleanup());

const gen = generateBatches(join(t.dir, "gen"), { stays: 900, seed: 11, shelters: 3 });
/** The tables a batch's manifest lists. */
const tables = (dir: string) => Object.keys((JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { tables: Record<string, unknown> }).tables);

async function freshDb(name: string): Promise<Database> {
  const db = await openDatabase(join(t.dir, `${name}.duckdb`));
  await importRegistry(db.connection, gen.registryFile, { loadedBy: "test" });
  return db;
}

/** Replaces the cell of `column` on the file's `line`-th line (1-based). */
function editCell(path: string, line: number, column: string, value: string): string {
  const lines = readFileSync(path, "utf8").split("\n");
  const header = (lines[0] ?? "").split(",");
  const cells = (lines[line - 1] ?? "").split(",");
  const before = cells[header.indexOf(column)] ?? "";
  cells[header.indexOf(column)] = value;
  lines[line - 1] = cells.join(",");
  writeFileSync(path, lines.join("\n"));
  return before;
}

describe("a call of several shelter batches", () => {
  it("loads each table's files with one statement, and every batch's rows and lines are its own", async () => {
    expect(gen.batchDirs.length).toBe(3);
    const db = await freshDb("clean");
    try {
      const phases: string[] = [];
      const r = await ingestBatches(db.connection, gen.batchDirs, { loadedBy: "test", onProgress: (p) => phases.push(p.phase) });
      expect(r.ok).toBe(true);
      expect(r.batches.map((b) => b.status)).toEqual(["loaded", "loaded", "loaded"]);
      // One load per table, not one per file (3 batches × their tables).
      const loads = phases.filter((p) => p.startsWith("load "));
      expect(loads.length).toBe(new Set(gen.batchDirs.flatMap((d) => tables(d))).size);
      // Each batch's rows carry its own batch id and shelter.
      const perBatch = await all<{ batch_id: string; shelter_code: string; n: number }>(
        db.connection,
        `SELECT l.batch_id, l.shelter_code, CAST(count(s.stay_id) AS INTEGER) AS n FROM load_log l LEFT JOIN stays s ON s.batch_id = l.batch_id AND s.shelter_code = l.shelter_code GROUP BY ALL ORDER BY l.shelter_code`,
      );
      expect(perBatch.length).toBe(3);
      expect(perBatch.every((x) => x.n > 0)).toBe(true);
      expect(perBatch.reduce((s, x) => s + x.n, 0)).toBe(900);
    } finally {
      db.close();
    }
  });

  it("a bad cell in the third batch: reported on its file and line, read once per table, nothing written", async () => {
    const dirs = generateBatches(join(t.dir, "bad"), { stays: 900, seed: 11, shelters: 3 }).batchDirs;
    const third = dirs[2] ?? "";
    editCell(join(third, "stays.csv"), 7, "admission_date", "31/02/2024");
    const stayOnLine5 = editCell(join(third, "followups.csv"), 5, "stay_id", "NO-SUCH-STAY");
    expect(stayOnLine5).not.toBe("NO-SUCH-STAY");
    const db = await freshDb("bad");
    try {
      const before = await snapshot(db);
      const phases: string[] = [];
      const r = await ingestBatches(db.connection, dirs, { loadedBy: "test", onProgress: (p) => phases.push(p.phase) });
      expect(r.ok).toBe(false);
      expect(r.batches.map((b) => b.status)).toEqual(["valid", "valid", "rejected"]);
      // (In the batch's file order: followups.csv before stays.csv.)
      expect(r.problems.filter((p) => p.severity === "error")).toEqual([
        expect.objectContaining({ file: "followups.csv", line: 5, column: "stay_id", value: "NO-SUCH-STAY" }),
        expect.objectContaining({ file: "stays.csv", line: 7, column: "admission_date", value: "31/02/2024" }),
        // That stay's rows in other tables are named on its line (rejections.test.ts).
        expect.objectContaining({ file: "stays.csv", line: 7, column: "stay_id", reason: expect.objectContaining({ en: "stay refused (line 7), so its 1 children row was not loaded" }) }),
        expect.objectContaining({ file: "stays.csv", line: 7, column: "stay_id", reason: expect.objectContaining({ en: "stay refused (line 7), so its 1 assessments row was not loaded" }) }),
      ]);
      // Staged to word the problems: one read per table for the three batches.
      const reads = phases.filter((p) => p.startsWith("read "));
      expect(reads.length).toBe(new Set(dirs.flatMap((d) => tables(d))).size);
      expect(await snapshot(db)).toEqual(before);
    } finally {
      db.close();
    }
  });

  it("a file the manifest declares but the second batch lacks: that batch rejected on its manifest, nothing written", async () => {
    const dirs = generateBatches(join(t.dir, "missing"), { stays: 900, seed: 12, shelters: 3 }).batchDirs;
    rmSync(join(dirs[1] ?? "", "followups.csv"));
    const db = await freshDb("missing");
    try {
      const before = await snapshot(db);
      const r = await ingestBatches(db.connection, dirs, { loadedBy: "test" });
      expect(r.ok).toBe(false);
      expect(r.batches.map((b) => b.status)).toEqual(["valid", "rejected", "valid"]);
      expect(r.problems).toEqual([expect.objectContaining({ file: dirs[1], line: null, reason: expect.objectContaining({ en: expect.stringMatching(/declares \d+ rows of followups, but the batch has no such file/) }) })]);
      expect(await snapshot(db)).toEqual(before);
    } finally {
      db.close();
    }
  });
});
