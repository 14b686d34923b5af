// Aggregates derived at load time, so that overlap indicators by a time grain (women served,
// children and companions served, occupancy by month, quarter or year) no longer expand every
// stay into the periods it meets on each request.
//
// `stay_months`: one row per stay and calendar month the stay meets (open stays up to the
// horizon below), with the few columns the overlap indicators and their dimensions read, the
// woman as her integer surrogate and the shelter's registry attributes copied in (a registry
// import refreshes its shelters, see refreshStayFacts). The catalogue compiler reads it
// (packages/metrics/src/catalogue/sources.ts, STAY_MONTHS) and keeps the period rule exact for
// any bounds: a row carries its stay's admission and exit dates, so the bucket is clipped to the
// period as the per-stay path clips it.
//
// The horizon: open stays are expanded up to the last day of the year after the later of today
// and the latest date of the data (meta `stay_months_horizon`). A query whose period ends after it
// reads the per-stay path instead (exact, slower); a refresh that moves the horizon rebuilds the
// table for every shelter.
import type { DuckDBConnection } from "@duckdb/node-api";
import { one, run } from "./query";

/** meta key of the date through which open stays are expanded. */
export const STAY_MONTHS_HORIZON_KEY = "stay_months_horizon";

const STAY_MONTHS_DDL = `CREATE TABLE IF NOT EXISTS stay_months (
  shelter_code VARCHAR, network_code VARCHAR, country VARCHAR, region_code VARCHAR, model VARCHAR,
  month DATE NOT NULL, admission_date DATE, exit_date DATE,
  person_key INTEGER, record_key INTEGER,
  age_band VARCHAR, referral_source VARCHAR, risk_level VARCHAR, disability BOOLEAN, minority_language BOOLEAN,
  children_rows INTEGER, children_in_stay INTEGER, companions_in_stay INTEGER
)`;

/** Schema of the aggregates (a migration step; the caller refreshes every shelter afterwards). */
export const AGGREGATES_SCHEMA: readonly string[] = [STAY_MONTHS_DDL];

/** `shelter_code IN ($s0, …)`, or TRUE for all shelters. */
function shelterFilter(shelters: string[] | "all", params: Record<string, string>): string {
  if (shelters === "all") return "TRUE";
  if (shelters.length === 0) return "FALSE";
  return `shelter_code IN (${shelters
    .map((s, i) => {
      params[`s${i}`] = s;
      return `$s${i}`;
    })
    .join(", ")})`;
}

/** The stored horizon (ISO date), or null before the first refresh. */
export async function stayMonthsHorizon(conn: DuckDBConnection): Promise<string | null> {
  const row = await one<{ value: string }>(conn, `SELECT value FROM meta WHERE key = $key`, { key: STAY_MONTHS_HORIZON_KEY });
  return row?.value ?? null;
}

/** Last day of the year after the later of today and the latest date of the stored stays. */
async function wantedHorizon(conn: DuckDBConnection): Promise<string> {
  const row = await one<{ h: string }>(
    conn,
    `SELECT CAST(make_date(year(greatest(current_date, coalesce(max(greatest(admission_date, coalesce(exit_date, admission_date))), current_date))) + 1, 12, 31) AS VARCHAR) AS h FROM stays`,
  );
  if (!row) throw new Error("stay_months: no horizon");
  return row.h;
}

/**
 * Derive the aggregates of the given shelters (or of all) from `stay_facts`. Runs inside the
 * caller's transaction, after the per-stay facts are refreshed (refreshStayFacts calls it), so a
 * load, a registry import and a migration all leave them in step with the stays.
 */
export async function refreshAggregates(conn: DuckDBConnection, shelterCodes: string[] | "all"): Promise<void> {
  // Migration steps before the one creating the table refresh the facts too: nothing to do yet.
  const exists = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'stay_months' AND schema_name = 'main'`);
  if (Number(exists?.n ?? 0) === 0) return;
  const stored = await stayMonthsHorizon(conn);
  const wanted = await wantedHorizon(conn);
  // A later horizon lengthens every open stay: rebuild all shelters (rare: once a year at most).
  const horizon = stored !== null && stored >= wanted ? stored : wanted;
  const shelters = horizon === stored ? shelterCodes : "all";
  const delParams: Record<string, string> = {};
  await run(conn, `DELETE FROM stay_months WHERE ${shelterFilter(shelters, delParams)}`, delParams);
  const params: Record<string, string> = { horizon };
  const filter = shelterFilter(shelters, params);
  await run(
    conn,
    `INSERT INTO stay_months
      SELECT f.shelter_code, f.network_code, f.country, f.region_code, f.model,
        CAST(unnest(generate_series(date_trunc('month', f.admission_date),
          date_trunc('month', least(coalesce(f.exit_date, CAST($horizon AS DATE)), CAST($horizon AS DATE))), INTERVAL 1 MONTH)) AS DATE) AS month,
        f.admission_date, f.exit_date, f.person_id, f.record_key,
        f.age_band, f.referral_source, f.risk_level, f.disability, f.minority_language,
        f.children_rows, f.children_in_stay, f.companions_in_stay
      FROM stay_facts f
      WHERE f.admission_date IS NOT NULL AND f.admission_date <= CAST($horizon AS DATE) AND ${filter}`,
    params,
  );
  await run(conn, `INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)`, { key: STAY_MONTHS_HORIZON_KEY, value: horizon });
}
