// Backups and restores: `refugio backup` / `refugio restore` on real database files, and backups
// taken while a load runs on another connection of the same instance (as `admin.backup` does
// while the server loads a batch): each holds the data before the load or after it, never a mix,
// and a restore of one gives exactly that state back.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupTo, restoreFrom, tableRows } from "../../src/db/backup";
import { openDatabase, type Database } from "../../src/db/connection";
import { ingestBatches } from "../../src/ingest/index";
import { importRegistry } from "../../src/ingest/registry";
import { generateBatches } from "../../src/ingest/generate";
import { dbWithRegistry, tempDir } from "../ingest/helpers";

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, "../../bin/refugio.js");

async function refugio(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, REFUGIO_LOG_LEVEL: "silent" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const tmp = tempDir("backup");
afterAll(() => tmp.cleanup());

describe("refugio backup and restore", () => {
  let source = "";
  let rows: Record<string, number> = {};

  beforeAll(async () => {
    const db = await dbWithRegistry(tmp.dir, "source.duckdb");
    const gen = generateBatches(join(tmp.dir, "gen-small"), { stays: 300, seed: 3, shelter: "t-01" });
    const report = await ingestBatches(db.connection, gen.batchDirs, { loadedBy: "test" });
    expect(report.ok).toBe(true);
    rows = await tableRows(db.connection);
    db.close();
    source = join(tmp.dir, "source.duckdb");
  });

  it("copies every table, and a restore gives the same rows back", async () => {
    expect(rows.stays).toBe(300);
    const out = join(tmp.dir, "copy.duckdb");
    const b = await refugio(["backup", "--db", source, "--out", out]);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain("stays 300");
    const target = join(tmp.dir, "restored.duckdb");
    const r = await refugio(["restore", out, "--db", target]);
    expect(r.code).toBe(0);
    const db = await openDatabase(target, { readOnly: true });
    try {
      expect(await tableRows(db.connection)).toEqual(rows);
    } finally {
      db.close();
    }
    // Nothing but the two databases: no partial files left behind.
    expect(readdirSync(tmp.dir).filter((f) => f.includes(".partial-") || f.includes(".restore-"))).toEqual([]);
  });

  it("refuses to overwrite a backup, to replace a database without --force, and a file that is not a Refugio database", async () => {
    const out = join(tmp.dir, "twice.duckdb");
    expect((await refugio(["backup", "--db", source, "--out", out])).code).toBe(0);
    const again = await refugio(["backup", "--db", source, "--out", out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Ya existe twice.duckdb[\s\S]*twice.duckdb already exists/);
    const over = await refugio(["restore", out, "--db", source]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/--force/);
    const junk = join(tmp.dir, "junk.duckdb");
    writeFileSync(junk, "not a database");
    const bad = await refugio(["restore", junk, "--db", join(tmp.dir, "never.duckdb")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no es una base de datos DuckDB legible[\s\S]*is not a readable DuckDB database/);
    expect(existsSync(join(tmp.dir, "never.duckdb"))).toBe(false);
  });

  it("refuses to restore over a database another process holds", async () => {
    const holder = await openDatabase(join(tmp.dir, "held.duckdb"));
    try {
      const out = join(tmp.dir, "for-held.duckdb");
      expect((await refugio(["backup", "--db", source, "--out", out])).code).toBe(0);
      const r = await refugio(["restore", out, "--db", join(tmp.dir, "held.duckdb"), "--force"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/en uso|in use/);
    } finally {
      holder.close();
    }
  });
});

describe("a backup taken during a load", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(join(tmp.dir, "live.duckdb"));
  });
  afterAll(() => db?.close());

  it("holds the data before the load or after it, never a mix, and restores to exactly that", async () => {
    const gen = generateBatches(join(tmp.dir, "gen-live"), { stays: 40_000, seed: 5, shelters: 4 });
    await importRegistry(db.connection, gen.registryFile, { loadedBy: "test" });
    const before = await tableRows(db.connection);
    const loader = await db.instance.connect();
    const backupConn = await db.instance.connect();
    let loading = true;
    const started = Date.now();
    const load = ingestBatches(loader, gen.batchDirs, { loadedBy: "test" }).finally(() => {
      loading = false;
    });
    const taken: { file: string; rows: Record<string, number>; during: boolean }[] = [];
    // Backups one after another until the load ends (each on the backup connection only).
    while (loading || taken.length === 0) {
      const file = join(tmp.dir, `during-${taken.length}.duckdb`);
      const t0 = Date.now();
      const summary = await backupTo(backupConn, file);
      taken.push({ file, rows: summary.rows, during: loading && t0 > started });
      if (taken.length > 200) break;
    }
    const report = await load;
    expect(report.ok).toBe(true);
    const after = await tableRows(db.connection);
    expect(after.stays).toBe((before.stays ?? 0) + 40_000);
    // At least one backup ran while the load was under way.
    expect(taken.filter((t) => t.during).length).toBeGreaterThan(0);
    for (const t of taken) expect([before, after]).toContainEqual(t.rows);
    // Restore the last backup taken during the load: exactly its state comes back.
    const last = [...taken].reverse().find((t) => t.during) ?? taken[0];
    if (!last) throw new Error("no backup");
    const restored = join(tmp.dir, "restored-live.duckdb");
    await restoreFrom(last.file, restored);
    const check = await openDatabase(restored, { readOnly: true });
    try {
      expect(await tableRows(check.connection)).toEqual(last.rows);
    } finally {
      check.close();
    }
    loader.closeSync();
    backupConn.closeSync();
  }, 300_000);
});
