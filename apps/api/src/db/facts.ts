// Per-stay facts derived once at load time (inside the load transaction), so indicator queries
// read one narrow table instead of re-joining children, assessments and follow-ups per request.
// The rebuild is one set-based INSERT … SELECT whose subqueries are pre-aggregated per stay and
// joined on equality keys only (an ON clause mixing equality with an expression over both sides
// once produced a nested-loop join here).
import { randomBytes } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  defaultStayLimits,
  FOLLOWUP_MIN_DAYS,
  instrumentScoreSql,
  rciThreshold,
  recordKeySql,
  rosenbergSes,
  schoolAgeBands,
  sDiff,
  type Instrument,
  type StayLimits,
} from "@refugio/metrics";
import { one, run } from "./query";

export const STAY_FACTS_DDL = `CREATE TABLE IF NOT EXISTS stay_facts (
  shelter_code VARCHAR NOT NULL,
  stay_id VARCHAR NOT NULL,
  person_key VARCHAR,
  network_code VARCHAR,
  country VARCHAR,
  region_code VARCHAR,
  model VARCHAR,
  admission_date DATE NOT NULL,
  exit_date DATE,
  exit_year INTEGER,
  exit_quarter INTEGER,
  exit_month INTEGER,
  length_of_stay_days INTEGER,
  stay_limit_days INTEGER,
  over_limit BOOLEAN,
  referral_source VARCHAR,
  risk_level VARCHAR,
  age_band VARCHAR,
  disability BOOLEAN,
  minority_language BOOLEAN,
  protection_order BOOLEAN,
  legal_representation BOOLEAN,
  extension_granted BOOLEAN,
  exit_reason VARCHAR,
  exit_plan_done BOOLEAN,
  safety_plan_done BOOLEAN,
  workshop_certified BOOLEAN,
  employment_at_exit BOOLEAN,
  consent_followup BOOLEAN,
  consent_research BOOLEAN,
  children_in_stay INTEGER,
  companions_in_stay INTEGER,
  children_rows INTEGER NOT NULL,
  school_enrolled INTEGER NOT NULL,
  school_known INTEGER NOT NULL,
  school_kept INTEGER NOT NULL,
  rse_admission DOUBLE,
  rse_exit DOUBLE,
  rse_change DOUBLE,
  rse_rci DOUBLE,
  rse_rci_improved BOOLEAN,
  reference_date DATE,
  followup_eligible BOOLEAN,
  followup_contacts INTEGER NOT NULL,
  followup_6m_achieved BOOLEAN NOT NULL,
  followup_latest_date DATE,
  followup_safe BOOLEAN,
  followup_recurrence BOOLEAN,
  record_key INTEGER NOT NULL
)`;

export const RECORD_KEY_SECRET = "record_key_secret";

/** The deployment's record-key secret (meta), created randomly on first use. */
export async function recordKeySecret(conn: DuckDBConnection, opts: { create?: boolean } = { create: true }): Promise<string> {
  const row = await one<{ value: string }>(conn, `SELECT value FROM meta WHERE key = $key`, { key: RECORD_KEY_SECRET });
  if (row) return row.value;
  if (opts.create === false) return "";
  const secret = randomBytes(32).toString("hex");
  await run(conn, `INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT DO NOTHING`, { key: RECORD_KEY_SECRET, value: secret });
  return (await one<{ value: string }>(conn, `SELECT value FROM meta WHERE key = $key`, { key: RECORD_KEY_SECRET }))?.value ?? secret;
}

export interface RefreshOptions {
  /** Stay limits by model; default: the catalogue's (`defaultStayLimits`). */
  limits?: Partial<StayLimits>;
  /** Instrument scored for the self-esteem facts; default Rosenberg. */
  instrument?: Instrument;
}

const MODEL_CODE = /^[a-z_]+$/;
const int = (x: number) => {
  if (!Number.isInteger(x) || x < 0) throw new Error(`stay limit must be a whole number of days, got ${x}`);
  return String(x);
};

/** The limits as an inline VALUES relation (numbers and model codes are validated catalogue data). */
function limitsRelation(limits: StayLimits): string {
  const rows = Object.entries(limits)
    .filter((e): e is [string, NonNullable<StayLimits[keyof StayLimits]>] => e[1] !== null && e[1] !== undefined)
    .map(([model, l]) => {
      if (!MODEL_CODE.test(model)) throw new Error(`stay limits: bad model code ${model}`);
      return `('${model}', ${int(l.days)}, ${l.extendedDays === null ? "CAST(NULL AS INTEGER)" : int(l.extendedDays)})`;
    });
  if (rows.length === 0) return `SELECT CAST(NULL AS VARCHAR) AS model, CAST(NULL AS INTEGER) AS days, CAST(NULL AS INTEGER) AS extended_days WHERE FALSE`;
  return `SELECT * FROM (VALUES ${rows.join(", ")}) AS l(model, days, extended_days)`;
}

/** Create stay_facts if missing, so an empty database answers with zeros. */
export async function ensureStayFactsTables(conn: DuckDBConnection): Promise<void> {
  await run(conn, STAY_FACTS_DDL);
  // Record keys were kept in their own table (FNV-1a, computed in JS) until they became an MD5 in SQL.
  await run(conn, `DROP TABLE IF EXISTS stay_record_keys`);
}

/** `col IN ($p0, …)` for the shelters refreshed, or TRUE for all. */
function shelterFilter(column: string, shelters: string[] | "all", params: Record<string, string>): string {
  if (shelters === "all") return "TRUE";
  if (shelters.length === 0) return "FALSE";
  return `${column} IN (${shelters
    .map((s, i) => {
      params[`s${i}`] = s;
      return `$s${i}`;
    })
    .join(", ")})`;
}

/** The INSERT … SELECT that rebuilds stay_facts rows (exported for EXPLAIN in bench/explain.ts); needs `params.key_secret`. */
export function stayFactsSelectSql(shelters: string[] | "all", params: Record<string, string>, opts: RefreshOptions = {}): string {
  const instrument = opts.instrument ?? rosenbergSes;
  const limits = { ...defaultStayLimits, ...opts.limits } as StayLimits;
  const f = (alias: string) => shelterFilter(`${alias}.shelter_code`, shelters, params);
  const schoolAge = `c.age_band IN (${schoolAgeBands.map((b) => `'${b}'`).join(", ")})`;
  const enrolled = `${schoolAge} AND c.school_enrolled_at_admission`;
  const threshold = rciThreshold(instrument);
  const sdiff = sDiff(instrument);
  if (!/^[a-z0-9_]+$/.test(instrument.code)) throw new Error(`bad instrument code ${instrument.code}`);
  return `SELECT
    s.shelter_code, s.stay_id, s.person_key,
    r.network_code, r.country, r.region_code, r.model,
    s.admission_date, s.exit_date,
    year(s.exit_date), quarter(s.exit_date), month(s.exit_date),
    CAST(s.exit_date - s.admission_date AS INTEGER) AS los,
    CASE WHEN coalesce(s.extension_granted, FALSE) THEN l.extended_days ELSE l.days END AS lim,
    CASE WHEN s.exit_date IS NOT NULL AND (CASE WHEN coalesce(s.extension_granted, FALSE) THEN l.extended_days ELSE l.days END) IS NOT NULL
      THEN (s.exit_date - s.admission_date) > (CASE WHEN coalesce(s.extension_granted, FALSE) THEN l.extended_days ELSE l.days END) END,
    s.referral_source, s.risk_level_at_admission, s.age_band, s.disability, s.indigenous_or_language_minority,
    s.protection_order, s.legal_representation, s.extension_granted,
    s.exit_reason, s.exit_plan_done, s.safety_plan_done, s.occupational_workshop_certified, s.employment_at_exit,
    s.consent_followup, s.consent_research,
    s.children_in_stay, s.companions_in_stay,
    coalesce(c.n, 0), coalesce(c.enrolled, 0), coalesce(c.known, 0), coalesce(c.kept, 0),
    a.adm, a.ex, a.ex - a.adm,
    (a.ex - a.adm) / ${sdiff},
    CASE WHEN a.ex - a.adm IS NOT NULL THEN (a.ex - a.adm) ${instrument.higherIsBetter ? ">" : "<"} ${instrument.higherIsBetter ? threshold : -threshold} END,
    rd.reference_date,
    CASE WHEN s.exit_date IS NOT NULL THEN s.exit_date + ${FOLLOWUP_MIN_DAYS} <= rd.reference_date END,
    coalesce(fu.contacts, 0), coalesce(fu.achieved_6m, FALSE), fu.latest_date, fu.safe, fu.recurrence,
    ${recordKeySql("CAST($key_secret AS VARCHAR)", "s.shelter_code", "s.stay_id")}
  FROM stays s
  LEFT JOIN shelters r ON r.shelter_code = s.shelter_code
  LEFT JOIN (${limitsRelation(limits)}) l ON l.model = r.model
  LEFT JOIN (
    SELECT c.shelter_code, c.stay_id, count(*) AS n,
      count(*) FILTER (WHERE ${enrolled}) AS enrolled,
      count(*) FILTER (WHERE ${enrolled} AND c.school_year_kept IS NOT NULL) AS known,
      count(*) FILTER (WHERE ${enrolled} AND c.school_year_kept) AS kept
    FROM children c WHERE ${f("c")}
    GROUP BY c.shelter_code, c.stay_id
  ) c ON c.shelter_code = s.shelter_code AND c.stay_id = s.stay_id
  LEFT JOIN (
    SELECT x.shelter_code, x.stay_id,
      max(x.score) FILTER (WHERE x.timepoint = 'admission') AS adm,
      max(x.score) FILTER (WHERE x.timepoint = 'exit') AS ex
    FROM (
      SELECT a.shelter_code, a.stay_id, a.timepoint, ${instrumentScoreSql(instrument, "a")} AS score
      FROM assessments a
      WHERE a.instrument = '${instrument.code}' AND a.timepoint IN ('admission', 'exit') AND ${f("a")}
    ) x
    GROUP BY x.shelter_code, x.stay_id
  ) a ON a.shelter_code = s.shelter_code AND a.stay_id = s.stay_id
  LEFT JOIN (
    SELECT fo.shelter_code, fo.stay_id, count(*) AS contacts,
      coalesce(bool_or(fo.contact_achieved AND fo.contact_date >= st.exit_date + ${FOLLOWUP_MIN_DAYS}), FALSE) AS achieved_6m,
      max(fo.contact_date) FILTER (WHERE fo.contact_achieved) AS latest_date,
      arg_max_null(fo.safe_environment, fo.contact_date) FILTER (WHERE fo.contact_achieved) AS safe,
      arg_max_null(fo.violence_recurrence, fo.contact_date) FILTER (WHERE fo.contact_achieved) AS recurrence
    FROM followups fo
    JOIN stays st ON st.shelter_code = fo.shelter_code AND st.stay_id = fo.stay_id
    WHERE st.exit_date IS NOT NULL AND fo.contact_date >= st.exit_date AND ${f("fo")}
    GROUP BY fo.shelter_code, fo.stay_id
  ) fu ON fu.shelter_code = s.shelter_code AND fu.stay_id = s.stay_id
  LEFT JOIN (
    SELECT d.shelter_code, coalesce(max(lg.exported_on), max(d.data_max)) AS reference_date
    FROM (
      SELECT x.shelter_code, max(x.d) AS data_max FROM (
        SELECT st.shelter_code, greatest(st.admission_date, coalesce(st.exit_date, st.admission_date)) AS d FROM stays st WHERE ${f("st")}
        UNION ALL
        SELECT fo.shelter_code, fo.contact_date FROM followups fo WHERE ${f("fo")}
      ) x GROUP BY x.shelter_code
    ) d
    LEFT JOIN (SELECT shelter_code, max(exported_on) AS exported_on FROM load_log GROUP BY shelter_code) lg ON lg.shelter_code = d.shelter_code
    GROUP BY d.shelter_code
  ) rd ON rd.shelter_code = s.shelter_code
  WHERE ${f("s")}`;
}

/**
 * Rebuild the derived rows of the given shelters (or of all shelters) from the stored contract
 * tables. Called by the ingester inside its transaction, after the batch's rows are written
 * (this function opens no transaction of its own: wrap it when calling it alone, if atomicity
 * matters). Also call it with "all" after a registry import: region/model/network are copied in.
 *
 * Follow-up eligibility ("exit ≥ 6 months before the data's reference date") uses, per shelter,
 * the latest `exported_on` of its batches in load_log, else the latest date in its own data; not
 * today, so that figures do not drift while no new data arrives.
 */
export async function refreshStayFacts(conn: DuckDBConnection, shelterCodes: string[] | "all", opts: RefreshOptions = {}): Promise<void> {
  await ensureStayFactsTables(conn);
  const secret = await recordKeySecret(conn);
  const delParams: Record<string, string> = {};
  await run(conn, `DELETE FROM stay_facts WHERE ${shelterFilter("shelter_code", shelterCodes, delParams)}`, delParams);
  const params: Record<string, string> = { key_secret: secret };
  const select = stayFactsSelectSql(shelterCodes, params, opts);
  await run(conn, `INSERT INTO stay_facts ${select}`, params);
}

/** True once stay_facts exists (a read-only database built before this code may lack it). */
export async function hasStayFacts(conn: DuckDBConnection): Promise<boolean> {
  const row = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'stay_facts'`);
  return (row?.n ?? 0) > 0;
}
