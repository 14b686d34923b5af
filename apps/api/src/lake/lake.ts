// A Parquet lake of a Refugio database: the data tables (contract batches, registry, the facts
// derived at load) as Parquet files, the per-shelter ones partitioned hive-style by
// country/network/year, plus lake.json (each table's columns and types, the data version). No
// accounts, sessions or audit log: a lake holds data, never credentials.
// `openLake` serves a snapshot read-only: an in-memory DuckDB with the ordinary schema (so every
// query of the API runs unchanged) whose data tables are views over the Parquet files.
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent } from "../db/ddl";
import { openDatabase, type Database } from "../db/connection";
import { dataVersion } from "../db/migrations";
import { all, run } from "../db/query";
import { CELL_ATTRIBUTIONS, cellTable } from "@refugio/metrics";
import { CELLS_SIGNATURE_KEY, STAY_MONTHS_HORIZON_KEY } from "../db/aggregates";
import { RECORD_KEY_SECRET } from "../db/facts";

/** How each exported table is partitioned: the expression giving the year, or none (one file). */
interface LakeTableSpec {
  name: string;
  /** Year of a row (from its own date, else its stay's admission), for partitioned tables. */
  year?: string;
  /** Join giving the stay's admission date to rows keyed by stay. */
  viaStay?: boolean;
  /** Rows to export (default all). */
  where?: string;
}

export const LAKE_TABLES: readonly LakeTableSpec[] = [
  { name: "stays", year: "year(t.admission_date)" },
  { name: "children", year: "year(st.admission_date)", viaStay: true },
  { name: "assessments", year: "year(st.admission_date)", viaStay: true },
  { name: "followups", year: "year(st.admission_date)", viaStay: true },
  { name: "service_surveys", year: "year(t.answered_on)" },
  { name: "coordinator_surveys", year: "t.year" },
  { name: "compliance_checks", year: "year(t.assessed_on)" },
  { name: "referrals_not_admitted", year: "year(t.referral_date)" },
  { name: "shelters" },
  { name: "networks" },
  { name: "recommendation_updates" },
  { name: "person_ids" },
  { name: "stay_limits" },
  { name: "shelter_reference_dates" },
  { name: "referral_reporting_periods" },
  // Only what queries read: the record-key secret (cell keys) and the data version.
  { name: "meta", where: `t.key IN ('${RECORD_KEY_SECRET}', 'data_version', 'schema_version', '${STAY_MONTHS_HORIZON_KEY}', '${CELLS_SIGNATURE_KEY}')` },
  // Load-time aggregates (db/aggregates.ts): read only when meta carries their horizon, and the
  // cells only when it carries this build's signature.
  { name: "stay_months", year: "year(t.month)" },
  { name: "stay_bounds" },
  ...CELL_ATTRIBUTIONS.map((a) => ({ name: cellTable(a) })),
  // Data quality: the load log (which periods each shelter reported: the `reporting` of every
  // indicator value and the submission statuses) and the findings of each load.
  { name: "load_log" },
  { name: "findings" },
];

export interface LakeManifest {
  format: "refugio-lake-1";
  exported_at: string;
  data_version: number;
  tables: Record<string, { columns: { name: string; type: string }[]; partitioned: boolean; rows: number }>;
}

const PARTITION_COLS = ["country", "network", "year"];
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Write the lake of the database open on `conn` into `dir` (created; must be empty or absent).
 * Written to a sibling folder first and renamed at the end, so a reader never sees half a lake.
 */
export async function exportLake(conn: DuckDBConnection, dir: string): Promise<LakeManifest> {
  const target = resolve(dir);
  if (existsSync(target)) throw new LakeError(`La carpeta ${target} ya existe: elija una nueva para cada instantánea`, `Folder ${target} already exists: choose a new one for each snapshot`);
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const manifest: LakeManifest = { format: "refugio-lake-1", exported_at: new Date().toISOString(), data_version: await dataVersion(conn), tables: {} };
  try {
    for (const spec of LAKE_TABLES) {
      const columns = await all<{ column_name: string; column_type: string }>(conn, `DESCRIBE ${quoteIdent(spec.name)}`);
      const cols = columns.map((c) => `t.${quoteIdent(c.column_name)}`).join(", ");
      const where = spec.where ? `WHERE ${spec.where}` : "";
      const out = join(staging, spec.name);
      if (spec.year) {
        // Partition columns come from the registry (and the row's year); coordinator_surveys' own year is its partition.
        const extra = [`coalesce(r.country, '_') AS country`, `coalesce(r.network_code, '_') AS network`, ...(spec.name === "coordinator_surveys" ? [] : [`coalesce(${spec.year}, 0) AS year`])];
        const stayJoin = spec.viaStay ? `LEFT JOIN stays st ON st.shelter_code = t.shelter_code AND st.stay_id = t.stay_id` : "";
        await run(
          conn,
          `COPY (SELECT ${cols}, ${extra.join(", ")} FROM ${quoteIdent(spec.name)} t LEFT JOIN shelters r ON r.shelter_code = t.shelter_code ${stayJoin} ${where})
           TO ${sqlString(out)} (FORMAT parquet, PARTITION_BY (${PARTITION_COLS.join(", ")}), OVERWRITE_OR_IGNORE)`,
        );
      } else {
        mkdirSync(out);
        await run(conn, `COPY (SELECT ${cols} FROM ${quoteIdent(spec.name)} t ${where}) TO ${sqlString(join(out, "data.parquet"))} (FORMAT parquet)`);
      }
      const [count] = await all<{ n: number }>(conn, `SELECT count(*) AS n FROM ${quoteIdent(spec.name)} t ${where}`);
      manifest.tables[spec.name] = {
        columns: columns.map((c) => ({ name: c.column_name, type: c.column_type })),
        partitioned: spec.year !== undefined,
        rows: Number(count?.n ?? 0),
      };
    }
    writeFileSync(join(staging, "lake.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}

export class LakeError extends Error {
  constructor(
    readonly es: string,
    readonly en: string,
  ) {
    super(`${es} / ${en}`);
    this.name = "LakeError";
  }
}

export function readManifest(dir: string): LakeManifest {
  const file = join(resolve(dir), "lake.json");
  if (!existsSync(file)) throw new LakeError(`No hay lake.json en ${dir}: no es un lago de Refugio`, `No lake.json in ${dir}: not a Refugio lake`);
  const m = JSON.parse(readFileSync(file, "utf8")) as LakeManifest;
  if (m.format !== "refugio-lake-1") throw new LakeError(`Formato de lago desconocido: ${String(m.format)}`, `Unknown lake format: ${String(m.format)}`);
  return m;
}

/**
 * Copy the accounts of a Refugio database file, or of the accounts file `refugio lake publish`
 * writes beside its snapshots, into the in-memory database of a lake reader.
 */
export async function loadAccounts(conn: DuckDBConnection, file: string): Promise<void> {
  await run(conn, `ATTACH ${sqlString(resolve(file))} AS accounts (READ_ONLY)`);
  try {
    // By name: an accounts file written before a column was added (schema 8's
    // must_change_password) fills it with its default.
    await run(conn, `INSERT INTO users BY NAME SELECT * FROM accounts.users`);
  } finally {
    await run(conn, `DETACH accounts`);
  }
}

/**
 * A read-only view of a lake snapshot: an in-memory Refugio database (schema migrated as usual,
 * accounts and sessions empty and in memory) whose data tables are replaced by views over the
 * Parquet files, with every column cast back to its type in the source database.
 */
export async function openLake(dir: string, opts: { accounts?: string } = {}): Promise<Database> {
  // The folder itself, not a link to it: queries resolve their file paths as they run, and through
  // a link the writer flips (ROOT/current) one request could read two snapshots (snapshots.ts follows links).
  const root = existsSync(dir) ? realpathSync(resolve(dir)) : resolve(dir);
  const manifest = readManifest(root);
  const db = await openDatabase(":memory:");
  try {
    for (const [name, table] of Object.entries(manifest.tables)) {
      const cols = table.columns.map((c) => `CAST(${quoteIdent(c.name)} AS ${c.type}) AS ${quoteIdent(c.name)}`).join(", ");
      const source = table.partitioned
        ? `read_parquet(${sqlString(join(root, name, "**", "*.parquet"))}, hive_partitioning = true)`
        : `read_parquet(${sqlString(join(root, name, "data.parquet"))})`;
      await run(db.connection, `DROP TABLE IF EXISTS ${quoteIdent(name)}`);
      await run(db.connection, `CREATE VIEW ${quoteIdent(name)} AS SELECT ${cols} FROM ${source}`);
    }
    // The accounts (not sessions) of a Refugio database file, read once; sign-ins then live in memory.
    if (opts.accounts) await loadAccounts(db.connection, opts.accounts);
  } catch (error) {
    db.close();
    throw error;
  }
  return { ...db, path: root };
}
