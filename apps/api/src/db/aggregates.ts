// Aggregates derived at load time, so that overlap indicators by a time grain (women served,
// children and companions served, occupancy by month, quarter or year) no longer expand every
// stay into the periods it meets on each request.
//
// `stay_months`: one row per stay and calendar month the stay meets (open stays up to the
// horizon below), with the few columns the overlap indicators and their dimensions read and the
// woman as her integer surrogate. The shelter's registry attributes are not copied (four text
// columns more per row doubled the cost of writing it): the compiler joins the registry, as the
// stay_facts view does, so a registry import changes nothing here. The catalogue compiler reads it
// (packages/metrics/src/catalogue/sources.ts, STAY_MONTHS) and keeps the period rule exact for
// any bounds: a row carries its stay's admission and exit dates, so the bucket is clipped to the
// period as the per-stay path clips it.
//
// The horizon: open stays are expanded up to the last day of the year of the data's latest date
// (meta `stay_months_horizon`). A query whose period ends after it
// reads the per-stay path instead (exact, slower); a refresh that moves the horizon rebuilds the
// table for every shelter.
import { createHash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { CELL_ATTRIBUTIONS, cellsSelectSql, cellTable, STAY_MONTHS_COLUMNS } from "@refugio/metrics";
import { one, run, shelterFilter } from "./query";

/**
 * meta key of the signature of the load-time cells (packages/metrics/src/catalogue/cells.ts): the
 * hash of the statements that derived them. Queries read the cells only when it equals this
 * build's (`CELLS_SIGNATURE`); a database derived by another catalogue (or from before the cells,
 * or a lake exported without them) reads the stays, and the next writable open derives them again.
 */
export const CELLS_SIGNATURE_KEY = "stay_cells_signature";

/** This build's cell signature. */
export const CELLS_SIGNATURE = createHash("sha256")
  .update(CELL_ATTRIBUTIONS.map((a) => cellsSelectSql(a, "$shelters")).join("\n"))
  .digest("hex")
  .slice(0, 16);

/** meta key of the date through which open stays are expanded. */
export const STAY_MONTHS_HORIZON_KEY = "stay_months_horizon";

const STAY_MONTHS_DDL = `CREATE TABLE IF NOT EXISTS stay_months (
  shelter_code VARCHAR, month DATE NOT NULL, admission_date DATE, exit_date DATE,
  person_key INTEGER, record_key INTEGER,
  age_band VARCHAR, referral_source VARCHAR, risk_level VARCHAR, disability BOOLEAN, minority_language BOOLEAN,
  children_rows INTEGER, children_in_stay INTEGER, companions_in_stay INTEGER
)`;

/**
 * Per shelter: the first admission and the latest date of its stays (exit, else admission, or
 * its reference date if later), so that a query with open period bounds reads 1 row per shelter
 * instead of scanning every stay (service.ts, dataBounds).
 */
const STAY_BOUNDS_DDL = `CREATE TABLE IF NOT EXISTS stay_bounds (shelter_code VARCHAR NOT NULL, first_date DATE, last_date DATE)`;

/** Schema of the aggregates (a migration step; migrate() derives them once every step has run). */
export const AGGREGATES_SCHEMA: readonly string[] = [STAY_MONTHS_DDL];

/**
 * The next step: stay_months without the registry columns of the first step (the compiler joins
 * the registry), and stay_bounds. migrate() derives them afterwards.
 */
export const AGGREGATES_SCHEMA_2: readonly string[] = [
  // Without its horizon the emptied table is not read, and migrate() derives it again.
  `DELETE FROM meta WHERE key = '${STAY_MONTHS_HORIZON_KEY}'`,
  `DROP TABLE IF EXISTS stay_months`,
  STAY_MONTHS_DDL,
  STAY_BOUNDS_DDL,
];

/** True when the database holds the aggregates of `name` (a read-only database may predate them). */
export async function hasTable(conn: DuckDBConnection, name: "stay_months" | "stay_bounds"): Promise<boolean> {
  const row = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $name AND schema_name = 'main'`, { name });
  return Number(row?.n ?? 0) > 0;
}

/** A date's month as one integer: year × 12 + month − 1. */
const monthIndex = (date: string) => `(year(${date}) * 12 + month(${date}) - 1)`;

/** The stored horizon (ISO date), or null before the first refresh. */
export async function stayMonthsHorizon(conn: DuckDBConnection): Promise<string | null> {
  const row = await one<{ value: string }>(conn, `SELECT value FROM meta WHERE key = $key`, { key: STAY_MONTHS_HORIZON_KEY });
  return row?.value ?? null;
}

/**
 * Last day of the year of the latest date of the stays and of the shelters' reference dates:
 * the open bounds of a query (the data's own) and the whole years an external reader is given
 * both end by it. Not later: open stays expanded past the data's last year were two fifths of the
 * table on generated data, for periods nobody asks before new data arrives (which moves it).
 */
async function wantedHorizon(conn: DuckDBConnection): Promise<string | null> {
  const row = await one<{ h: string | null }>(
    conn,
    `SELECT CAST(make_date(year(max(d)), 12, 31) AS VARCHAR) AS h FROM (
      SELECT max(greatest(admission_date, coalesce(exit_date, admission_date))) AS d FROM stays
      UNION ALL SELECT max(reference_date) FROM shelter_reference_dates)`,
  );
  return row?.h ?? null;
}

/**
 * Derive the aggregates of the given shelters (or of all) from `stay_facts`. Runs inside the
 * caller's transaction, after the per-stay facts are refreshed (refreshStayFacts calls it), so a
 * load, a registry import and a migration all leave them in step with the stays.
 */
export async function refreshAggregates(conn: DuckDBConnection, shelterCodes: string[] | "all"): Promise<void> {
  // Migration steps before the one creating the tables refresh the facts too: nothing to do yet.
  if (!(await hasTable(conn, "stay_months")) || !(await hasTable(conn, "stay_bounds"))) return;
  const stored = await stayMonthsHorizon(conn);
  // null: no dated stay yet (a migration's refresh of a new database): no horizon is fixed, so the
  // first load sets it from its own dates.
  const wanted = await wantedHorizon(conn);
  // A later horizon lengthens every open stay: rebuild all shelters (rare: once a year at most).
  const horizon = stored !== null && (wanted === null || stored >= wanted) ? stored : wanted;
  const shelters = horizon === stored ? shelterCodes : "all";
  const delParams: Record<string, string> = {};
  await run(conn, `DELETE FROM stay_months WHERE ${shelterFilter("shelter_code", shelters, delParams)}`, delParams);
  if (horizon !== null) await expandStayMonths(conn, shelters, horizon);
  await refreshCells(conn, shelterCodes);
  const boundsDel: Record<string, string> = {};
  await run(conn, `DELETE FROM stay_bounds WHERE ${shelterFilter("shelter_code", shelterCodes, boundsDel)}`, boundsDel);
  const boundsParams: Record<string, string> = {};
  await run(
    conn,
    `INSERT INTO stay_bounds (shelter_code, first_date, last_date)
      SELECT shelter_code, min(admission_date), max(greatest(coalesce(exit_date, admission_date), coalesce(reference_date, admission_date)))
      FROM stay_facts WHERE ${shelterFilter("shelter_code", shelterCodes, boundsParams)} GROUP BY shelter_code`,
    boundsParams,
  );
}

/** stay_months rows of the given shelters' stays, open stays expanded up to `horizon`; records the horizon. */
async function expandStayMonths(conn: DuckDBConnection, shelters: string[] | "all", horizon: string): Promise<void> {
  const params: Record<string, string> = { horizon };
  const filter = shelterFilter("shelter_code", shelters, params);
  await run(
    conn,
    // Months are expanded as integers (year × 12 + month − 1) and made dates once: unnesting a
    // series of timestamps and casting each cost twice the CPU.
    `INSERT INTO stay_months (${STAY_MONTHS_COLUMNS.join(", ")})
      SELECT x.shelter_code,
        make_date(CAST(x.mi // 12 AS INTEGER), CAST(x.mi % 12 + 1 AS INTEGER), 1) AS month,
        x.admission_date, x.exit_date, x.person_id, x.record_key,
        x.age_band, x.referral_source, x.risk_level, x.disability, x.minority_language,
        x.children_rows, x.children_in_stay, x.companions_in_stay
      FROM (
        SELECT f.shelter_code, f.admission_date, f.exit_date, f.person_id, f.record_key,
          f.age_band, f.referral_source, f.risk_level, f.disability, f.minority_language, f.children_rows, f.children_in_stay, f.companions_in_stay,
          unnest(generate_series(${monthIndex("f.admission_date")}, ${monthIndex("least(coalesce(f.exit_date, CAST($horizon AS DATE)), CAST($horizon AS DATE))")})) AS mi
        FROM stay_facts f
        WHERE f.admission_date IS NOT NULL AND f.admission_date <= CAST($horizon AS DATE) AND ${filter}
      ) x`,
    params,
  );
  await run(conn, `INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)`, { key: STAY_MONTHS_HORIZON_KEY, value: horizon });
}

/**
 * The cells of the given shelters (or of all): per shelter and day, the additive figures of the
 * exit- and admission-attributed stay indicators. Cells derived by another catalogue (another
 * signature) are replaced whole, for every shelter.
 */
export async function refreshCells(conn: DuckDBConnection, shelterCodes: string[] | "all"): Promise<void> {
  const current = await cellsCurrent(conn);
  for (const attribution of CELL_ATTRIBUTIONS) {
    if (!current) {
      // Columns follow the catalogue: the table is created from the statement that fills it.
      await run(conn, `CREATE OR REPLACE TABLE ${cellTable(attribution)} AS ${cellsSelectSql(attribution, "TRUE")}`);
      continue;
    }
    const delParams: Record<string, string> = {};
    await run(conn, `DELETE FROM ${cellTable(attribution)} WHERE ${shelterFilter("shelter_code", shelterCodes, delParams)}`, delParams);
    const params: Record<string, string> = {};
    const filter = shelterFilter("f.shelter_code", shelterCodes, params);
    await run(conn, `INSERT INTO ${cellTable(attribution)} ${cellsSelectSql(attribution, filter)}`, params);
  }
  if (!current) await run(conn, `INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)`, { key: CELLS_SIGNATURE_KEY, value: CELLS_SIGNATURE });
}

/**
 * The cells' tables, empty until derived (a lake export lists them, and a lake reader's in-memory
 * database has them even when its lake does not). Run by migrate() after every schema step.
 */
export async function ensureCellTables(conn: DuckDBConnection): Promise<void> {
  for (const attribution of CELL_ATTRIBUTIONS) await run(conn, `CREATE TABLE IF NOT EXISTS ${cellTable(attribution)} AS ${cellsSelectSql(attribution, "FALSE")}`);
}

/** Whether the database's cells were derived by this build's catalogue (then queries may read them). */
export async function cellsCurrent(conn: DuckDBConnection): Promise<boolean> {
  const row = await one<{ value: string }>(conn, `SELECT value FROM meta WHERE key = $key`, { key: CELLS_SIGNATURE_KEY });
  return row?.value === CELLS_SIGNATURE;
}
