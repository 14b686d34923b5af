// The export register and the CSV rule, on a real DuckDB: an export past its time is deleted
// (file and all) when the list is read; a revoked one too; formula-like cells are neutralised by
// both forms of the rule (JavaScript cells and the SQL that DuckDB's COPY writes).
import type { DuckDBConnection } from "@duckdb/node-api";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection";
import { csvSafeSql, toCsvText } from "../../src/ingest/csv-write";
import type { ExportManifest } from "../../src/exports/build";
import { finishExportRow, getExport, listExports, revokeExport, startExportRow } from "../../src/exports/store";

const dir = mkdtempSync(join(tmpdir(), "refugio-export-store-"));
let db: Database;
let conn: DuckDBConnection;

beforeAll(async () => {
  process.env.REFUGIO_EXPORT_DIR = join(dir, "exports");
  db = await openDatabase(join(dir, "db.duckdb"));
  conn = db.connection;
});

afterAll(() => {
  db?.close();
  delete process.env.REFUGIO_EXPORT_DIR;
  rmSync(dir, { recursive: true, force: true });
});

const manifest = { counts: { stays_released: 10 }, privacy: { k_reached: 5 } } as unknown as ExportManifest;

describe("export register", () => {
  it("deletes an export's file once it has expired, and marks it expired", async () => {
    const id = await startExportRow(conn, "researcher", { k: 5 });
    await finishExportRow(conn, id, manifest, "abc", new Uint8Array([1, 2, 3]), 0);
    const file = join(dir, "exports", `${id}.zip`);
    // Written, then expired at the next read of the list.
    const rows = await listExports(conn, { username: "researcher", role: "researcher" });
    expect(rows.find((r) => r.id === id)?.status).toBe("expired");
    expect(existsSync(file)).toBe(false);
  });

  it("keeps a fresh export for its owner and admins only; an admin's revocation deletes the file", async () => {
    const id = await startExportRow(conn, "researcher", { k: 5 });
    await finishExportRow(conn, id, manifest, "def", new Uint8Array([4, 5, 6]));
    const file = join(dir, "exports", `${id}.zip`);
    expect([...readFileSync(file)]).toEqual([4, 5, 6]);
    expect((await listExports(conn, { username: "other", role: "researcher" })).some((r) => r.id === id)).toBe(false);
    expect((await listExports(conn, { username: "root", role: "admin" })).find((r) => r.id === id)?.status).toBe("ready");
    expect(await revokeExport(conn, id, "root")).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect((await getExport(conn, id))?.status).toBe("revoked");
    expect(await revokeExport(conn, id, "root")).toBe(false);
  });
});

describe("CSV formula rule (the one CSV module, ingest/csv-write.ts)", () => {
  const risky = ["=SUM(A1)", "+1", "-2.5", "@cmd", "\tx", "\rx"];
  it("cells get a leading apostrophe (negative numbers too) and are quoted when needed", () => {
    const line = (cells: unknown[]) => toCsvText(null, [cells as never[]]).replace(/\n$/, "");
    expect(risky.map((c) => line([c]))).toEqual(["'=SUM(A1)", "'+1", "'-2.5", "'@cmd", "'\tx", "\"'\rx\""]);
    expect(line(['a "b", c'])).toBe('"a ""b"", c"');
    expect(line([-2.5, 3, "plain"])).toBe("'-2.5,3,plain");
  });

  it("the SQL form does the same in a file DuckDB writes, negative numbers included", async () => {
    const path = join(dir, "cells.csv");
    await conn.run(`COPY (SELECT ${csvSafeSql("v")} AS v FROM (SELECT unnest(['=SUM(A1)', '+1', '@cmd', 'ok', chr(9) || 'x', '-2.5']) AS v)) TO $p (FORMAT csv, HEADER false)`, { p: path });
    const cells = readFileSync(path, "utf8").trim().split("\n").map((l) => l.replace(/^"|"$/g, ""));
    expect(cells.sort()).toEqual(["'+1", "'-2.5", "'=SUM(A1)", "'@cmd", "'\tx", "ok"].sort());
    const numbers = join(dir, "numbers.csv");
    await conn.run(`COPY (SELECT ${csvSafeSql("n")} AS n FROM (SELECT unnest([-3, 4]) AS n)) TO $p (FORMAT csv, HEADER false)`, { p: numbers });
    expect(readFileSync(numbers, "utf8").trim().split("\n")).toEqual(["'-3", "4"]);
  });
});
