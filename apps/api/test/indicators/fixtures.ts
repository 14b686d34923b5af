// Tiny readable fixtures written straight into the contract tables and the registry. The helpers
// refuse unknown columns, missing required values and unknown tables, so a typo in a fixture
// fails loudly instead of silently testing nothing.
import { shelters as sheltersTable, tableByName, type TableName } from "@refugio/schemas";
import { openDatabase, type Database } from "../../src/db/connection";
import { storedColumns } from "../../src/db/ddl";
import { refreshStayFacts } from "../../src/db/facts";
import { one, run } from "../../src/db/query";

export type Row = Record<string, string | number | boolean | null>;

export async function memoryDb(): Promise<Database> {
  return openDatabase(":memory:");
}

async function insert(db: Database, table: string, allowed: { name: string; required: boolean }[], rows: Row[], extra: Row): Promise<void> {
  const names = new Set(allowed.map((c) => c.name));
  for (const [i, row] of rows.entries()) {
    for (const key of Object.keys(row)) {
      if (!names.has(key)) throw new Error(`fixture ${table}[${i}]: unknown column "${key}" (columns: ${[...names].join(", ")})`);
    }
    for (const c of allowed) {
      if (c.required && (row[c.name] === undefined || row[c.name] === null) && extra[c.name] === undefined) {
        throw new Error(`fixture ${table}[${i}]: required column "${c.name}" missing`);
      }
    }
    const full: Row = { ...row, ...extra };
    const cols = Object.keys(full);
    const params = Object.fromEntries(cols.map((c, j) => [`p${j}`, full[c] ?? null]));
    await run(db.connection, `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map((_, j) => `$p${j}`).join(", ")})`, params as never);
  }
}

/** Registry rows (shelters), with defaults for what a test does not care about. */
export async function addShelters(db: Database, rows: Row[]): Promise<void> {
  const withDefaults = rows.map((r) => ({ network_code: "net-a", country: "PE", region_code: "PE-LIM", model: "hrt", ...r }));
  await insert(db, "shelters", [...sheltersTable.columns], withDefaults, {});
  const networks = new Map(withDefaults.map((r) => [String(r.network_code), String(r.country)]));
  for (const [code, country] of networks) {
    await run(db.connection, `INSERT OR IGNORE INTO networks (network_code, network_name, country) VALUES ($c, NULL, $k)`, { c: code, k: country });
  }
}

/** Rows of a batch table (shelter_code required on every row; batch_id filled in). */
export async function addRows(db: Database, table: Exclude<TableName, "shelters" | "recommendations">, rows: Row[]): Promise<void> {
  const def = tableByName[table];
  if (!def || def.origin !== "batch") throw new Error(`fixture: ${table} is not a batch table`);
  await insert(db, table, storedColumns(def), rows, { batch_id: "fixture" });
}

/** Stays with defaults: person_key = stay_id unless given. */
export async function addStays(db: Database, rows: Row[]): Promise<void> {
  await addRows(
    db,
    "stays",
    rows.map((r) => ({ person_key: r.stay_id ?? null, ...r })),
  );
}

export async function addRecommendationUpdates(db: Database, rows: Row[]): Promise<void> {
  const cols = ["recommendation_code", "scope", "scope_code", "status", "updated_on", "evidence", "linked_indicators", "updated_by"].map((name) => ({
    name,
    required: ["recommendation_code", "scope", "status", "updated_on"].includes(name),
  }));
  await insert(db, "recommendation_updates", cols, rows, { updated_by: "fixture" });
}

export async function refresh(db: Database): Promise<void> {
  await refreshStayFacts(db.connection, "all");
}

/** The first admission and the latest admission or exit of the stays (ISO dates): a test's whole period. */
export async function stayPeriod(db: Database): Promise<{ lo: string; hi: string }> {
  const b = await one<{ lo: string; hi: string }>(
    db.connection,
    `SELECT CAST(min(admission_date) AS VARCHAR) AS lo, CAST(max(greatest(admission_date, coalesce(exit_date, admission_date))) AS VARCHAR) AS hi FROM stays`,
  );
  if (!b?.lo) throw new Error("no stays in the database");
  return b;
}
