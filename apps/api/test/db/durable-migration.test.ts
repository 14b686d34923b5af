// A server killed right after it upgraded a database leaves a file the next start opens. DuckDB
// 1.5.6 cannot replay an ALTER TABLE … ADD COLUMN from its write-ahead log on a table whose
// defaults call a function (users.created_at DEFAULT current_timestamp): migrate() checkpoints
// after each step, so no such statement is left in the log.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection";
import { SCHEMA_VERSION, schemaVersion } from "../../src/db/migrations";
import { all, run } from "../../src/db/query";
import { spawnServe } from "../api/upload";

const dir = mkdtempSync(join(tmpdir(), "refugio-durable-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a migration survives a SIGKILL", () => {
  it("opens, at the latest version, a database whose server was killed right after upgrading it", async () => {
    const path = join(dir, "old.duckdb");
    // A database from before schema step 8 (accounts without must_change_password).
    const setup = await openDatabase(path);
    try {
      await run(setup.connection, `ALTER TABLE users DROP COLUMN must_change_password`);
      await run(setup.connection, `INSERT OR REPLACE INTO meta VALUES ('schema_version', '7')`);
    } finally {
      setup.close();
    }
    // The server upgrades it on start (steps 8 to the last, one ALTER TABLE users among them), then dies.
    const serve = await spawnServe(path);
    serve.child.kill("SIGKILL");
    await serve.exited;
    const db = await openDatabase(path);
    try {
      expect(await schemaVersion(db.connection)).toBe(SCHEMA_VERSION);
      const cols = await all<{ column_name: string }>(db.connection, `SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'must_change_password'`);
      expect(cols).toHaveLength(1);
    } finally {
      db.close();
    }
  }, 120_000);
});
