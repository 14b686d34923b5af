// Schema migrations, applied in order on open. Each step runs once; the version lives in `meta`.
import type { DuckDBConnection } from "@duckdb/node-api";
import { referrals_not_admitted, shelters } from "@refugio/schemas";
import { AGGREGATES_SCHEMA, AGGREGATES_SCHEMA_2, cellsCurrent, ensureCellTables, refreshAggregates, refreshCells, stayMonthsHorizon } from "./aggregates";
import { batchTableDdl, createBatchTableSql, duckdbType, quoteIdent } from "./ddl";
import { CALENDAR_COLUMNS_DDL, FINDINGS_DDL } from "../quality/ddl";
import { LOAD_ATTEMPTS_DDL } from "../ingest/attempts";
import { PERSON_ID_SCHEMA, REFERRAL_REPORTING_DDL, refreshStayFacts, STAY_FACTS_SCHEMA } from "./facts";

const sheltersDdl = `CREATE TABLE IF NOT EXISTS shelters (\n  ${shelters.columns
  .map((c) => `${quoteIdent(c.name)} ${duckdbType[c.kind]}${c.required ? " NOT NULL" : ""}`)
  .join(",\n  ")},\n  PRIMARY KEY (shelter_code)\n)`;

const steps: string[][] = [
  [
    `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS networks (network_code VARCHAR PRIMARY KEY, network_name VARCHAR, country VARCHAR NOT NULL)`,
    sheltersDdl,
    ...batchTableDdl,
    `CREATE TABLE IF NOT EXISTS load_log (
      batch_id VARCHAR PRIMARY KEY,
      shelter_code VARCHAR NOT NULL,
      loaded_by VARCHAR NOT NULL,
      loaded_at TIMESTAMP NOT NULL,
      content_hash VARCHAR NOT NULL,
      contract_version VARCHAR NOT NULL,
      exported_on DATE,
      period_start DATE,
      period_end DATE,
      counts JSON NOT NULL,
      replaced_stays INTEGER NOT NULL DEFAULT 0
    )`,
    `CREATE TABLE IF NOT EXISTS recommendation_updates (
      recommendation_code VARCHAR NOT NULL,
      scope VARCHAR NOT NULL,
      scope_code VARCHAR NOT NULL DEFAULT '',
      network_code VARCHAR,
      status VARCHAR NOT NULL,
      updated_on DATE NOT NULL,
      evidence VARCHAR,
      linked_indicators VARCHAR,
      updated_by VARCHAR NOT NULL,
      recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )`,
    `CREATE TABLE IF NOT EXISTS users (
      username VARCHAR PRIMARY KEY,
      password_hash VARCHAR NOT NULL,
      role VARCHAR NOT NULL,
      network_code VARCHAR,
      shelter_code VARCHAR,
      created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
      password_changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )`,
    `CREATE TABLE IF NOT EXISTS sessions (
      token_hash VARCHAR PRIMARY KEY,
      username VARCHAR NOT NULL,
      csrf_token VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL,
      expires_at TIMESTAMP NOT NULL
    )`,
    `CREATE SEQUENCE IF NOT EXISTS audit_seq START 1`,
    `CREATE TABLE IF NOT EXISTS audit_log (
      id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
      "at" TIMESTAMP NOT NULL DEFAULT current_timestamp,
      actor VARCHAR NOT NULL,
      action VARCHAR NOT NULL,
      target VARCHAR,
      ok BOOLEAN NOT NULL,
      detail JSON
    )`,
  ],
  // 2: per-stay facts as derived columns of `stays` and a stay_facts view (was a 49-column table).
  [...STAY_FACTS_SCHEMA],
  // 3: integer surrogate of person_key (person_ids, stays.person_id) for distinct counts.
  [...PERSON_ID_SCHEMA],
  // 4: contract v1.1's referrals_not_admitted and the periods each shelter reported it for.
  [createBatchTableSql(referrals_not_admitted), REFERRAL_REPORTING_DDL],
  // 5: the networks' submission calendar (registry v1.1) and the consistency findings of each load.
  [...CALENDAR_COLUMNS_DDL, FINDINGS_DDL],
  // 6: load-time aggregates (stay_months) read by overlap indicators by a time grain.
  [...AGGREGATES_SCHEMA],
  // 7: stay_months without registry columns, and per-shelter stay bounds (open period bounds).
  [...AGGREGATES_SCHEMA_2],
  // 8: accounts whose password someone else set (an admin's reset or creation) must choose their
  // own before anything else (issue 15). Existing accounts keep working (false).
  [`ALTER TABLE users ADD COLUMN IF NOT EXISTS must_change_password BOOLEAN DEFAULT FALSE`],
  // 9: refused load attempts, kept for the Data page's history (no identifiers: ingest/attempts.ts).
  [...LOAD_ATTEMPTS_DDL],
];

/** Steps after which every shelter's facts are derived again (inside the step's transaction). */
const REFRESH_AFTER = new Set([2, 3]);

export const SCHEMA_VERSION = steps.length;

/** The schema version a database is at (0 before the first migration). */
export async function schemaVersion(conn: DuckDBConnection): Promise<number> {
  const tables = await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta' AND schema_name = 'main'`);
  if (Number(tables.getRows()[0]?.[0] ?? 0) === 0) return 0;
  const reader = await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`);
  return Number(reader.getRowObjects()[0]?.value ?? 0);
}

export async function migrate(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`);
  const current = await schemaVersion(conn);
  for (let v = current; v < steps.length; v++) {
    await conn.run("BEGIN TRANSACTION");
    try {
      for (const sql of steps[v] ?? []) await conn.run(sql);
      if (REFRESH_AFTER.has(v + 1)) await refreshStayFacts(conn, "all");
      await conn.run(
        `INSERT OR REPLACE INTO meta VALUES ('schema_version', $v)`,
        { v: String(v + 1) },
      );
      await conn.run("COMMIT");
    } catch (error) {
      await conn.run("ROLLBACK");
      throw error;
    }
    // Written to the database file now, not left in the write-ahead log: DuckDB 1.5.6 cannot
    // replay an ALTER TABLE … ADD COLUMN on a table with a default that calls a function (users'
    // `created_at DEFAULT current_timestamp`): "Failure while replaying WAL file … GetDefaultDatabase
    // with no default database set", and a process killed after a migration left a file nothing
    // could open (test/db/durable-migration.test.ts).
    await conn.run("CHECKPOINT");
  }
  // The load-time aggregates are derived whenever they are missing: on the first open after the
  // step that creates them, or after one that recreates them (it deletes their horizon), whatever
  // number the step has. Until then queries read the per-stay path (no horizon, no aggregates).
  // The cells (./aggregates.ts) likewise whenever this build's catalogue did not derive them.
  await ensureCellTables(conn);
  const stays = await conn.runAndReadAll(`SELECT EXISTS (SELECT 1 FROM stays) AS any`);
  if (stays.getRowObjects()[0]?.any !== true) return;
  const missing = (await stayMonthsHorizon(conn)) === null;
  if (missing || !(await cellsCurrent(conn))) {
    await conn.run("BEGIN TRANSACTION");
    try {
      if (missing) await refreshAggregates(conn, "all");
      else await refreshCells(conn, "all");
      await conn.run("COMMIT");
    } catch (error) {
      await conn.run("ROLLBACK");
      throw error;
    }
  }
}

/** Monotonic data version: bumped by every load so caches keyed by it are invalidated. */
export async function dataVersion(conn: DuckDBConnection): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'data_version'`);
  return Number(r.getRowObjects()[0]?.value ?? 0);
}

export async function bumpDataVersion(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    `INSERT OR REPLACE INTO meta SELECT 'data_version', CAST(COALESCE(MAX(CAST(value AS BIGINT)), 0) + 1 AS VARCHAR) FROM meta WHERE key = 'data_version'`,
  );
}
