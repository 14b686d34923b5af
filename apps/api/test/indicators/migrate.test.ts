// Schema step 2 on a database of version 1 (stay_facts was a 49-column table, record keys had a
// table of their own): opening it, read-write or read-only, upgrades it, and the facts come back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection";
import { STAY_DERIVED_COLUMNS } from "../../src/db/facts";
import { SCHEMA_VERSION, schemaVersion } from "../../src/db/migrations";
import { all, run } from "../../src/db/query";
import { loadScenario } from "./scenario";

const dir = mkdtempSync(join(tmpdir(), "refugio-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database as version 1 left it: the scenario's rows, a stay_facts table, no derived columns. */
async function versionOne(path: string): Promise<Record<string, unknown>[]> {
  const db = await openDatabase(path);
  try {
    await loadScenario(db);
    const facts = await all(db.connection, `SELECT * FROM stay_facts ORDER BY shelter_code, stay_id`);
    await run(db.connection, `DROP VIEW stay_facts`);
    for (const [name] of STAY_DERIVED_COLUMNS) await run(db.connection, `ALTER TABLE stays DROP COLUMN ${name}`);
    await run(db.connection, `DROP TABLE stay_limits`);
    await run(db.connection, `DROP TABLE shelter_reference_dates`);
    await run(db.connection, `CREATE TABLE stay_facts (shelter_code VARCHAR NOT NULL, stay_id VARCHAR NOT NULL, record_key INTEGER NOT NULL)`);
    await run(db.connection, `CREATE TABLE stay_record_keys (shelter_code VARCHAR NOT NULL, stay_id VARCHAR NOT NULL, record_key INTEGER NOT NULL)`);
    await run(db.connection, `INSERT OR REPLACE INTO meta VALUES ('schema_version', '1')`);
    return facts;
  } finally {
    db.close();
  }
}

describe("schema step 2", () => {
  it.each([["read-write", false], ["read-only", true]])("upgrades a version-1 database opened %s", async (label, readOnly) => {
    const path = join(dir, `${label}.duckdb`);
    const before = await versionOne(path);
    let db: Database | undefined;
    try {
      db = await openDatabase(path, { readOnly });
      expect(await schemaVersion(db.connection)).toBe(SCHEMA_VERSION);
      expect(await all(db.connection, `SELECT * FROM stay_facts ORDER BY shelter_code, stay_id`)).toEqual(before);
      expect(await all(db.connection, `SELECT table_name FROM duckdb_tables() WHERE table_name IN ('stay_facts', 'stay_record_keys')`)).toEqual([]);
    } finally {
      db?.close();
    }
  });
});
