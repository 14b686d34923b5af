// Per-stay facts derived once at load time (inside the load transaction), so indicator queries
// never re-join children, assessments and follow-ups per request. What needs other tables (child
// counts, self-esteem scores, follow-up outcomes, the record key) is stored on the stay's own row
// in `stays` (the derived columns below, not part of the contract), set by one set-based UPDATE
// (matched to its rows by rowid) whose subqueries are pre-aggregated per stay and joined on
// equality keys only (an ON clause mixing equality with an expression over both sides once
// produced a nested-loop join here).
// `stay_facts` is a view over `stays` that adds row-wise arithmetic and the shelter's registry
// attributes, stay limit and reference date (small tables, equality joins): writing a second
// 49-column copy of every stay cost more than the rest of the derivation.
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
import { refreshAggregates } from "./aggregates";
import { one, run, shelterFilter } from "./query";

/** Columns of `stays` derived at load (NULL until the first refresh of the stay's shelter). */
export const STAY_DERIVED_COLUMNS: readonly (readonly [string, string])[] = [
  ["children_rows", "INTEGER"],
  ["school_enrolled", "INTEGER"],
  ["school_known", "INTEGER"],
  ["school_kept", "INTEGER"],
  ["rse_admission", "DOUBLE"],
  ["rse_exit", "DOUBLE"],
  ["rse_rci", "DOUBLE"],
  ["rse_rci_improved", "BOOLEAN"],
  ["followup_contacts", "INTEGER"],
  ["followup_6m_achieved", "BOOLEAN"],
  ["followup_latest_date", "DATE"],
  ["followup_safe", "BOOLEAN"],
  ["followup_recurrence", "BOOLEAN"],
  ["record_key", "INTEGER"],
  // Integer surrogate of person_key (table person_ids): distinct counts of women over integers,
  // not VARCHAR keys (at 1 M stays the text distinct was two thirds of the Overview's time).
  ["person_id", "INTEGER"],
];

/** Stay limits by shelter model, as last refreshed (defaults of the catalogue unless overridden). */
const STAY_LIMITS_DDL = `CREATE TABLE IF NOT EXISTS stay_limits (model VARCHAR NOT NULL, days INTEGER NOT NULL, extended_days INTEGER)`;
/**
 * One integer per pseudonymous person key, never reused: assigned at load to keys not seen
 * before (refreshStayFacts), so a woman keeps her number across shelters and loads.
 */
const PERSON_IDS_DDL = `CREATE TABLE IF NOT EXISTS person_ids (person_key VARCHAR NOT NULL, person_id INTEGER NOT NULL)`;
/** Per shelter: the date follow-up eligibility is measured against (see refreshStayFacts). */
const REFERENCE_DATES_DDL = `CREATE TABLE IF NOT EXISTS shelter_reference_dates (shelter_code VARCHAR NOT NULL, reference_date DATE)`;

/**
 * Per shelter: the periods of its batches that carried the v1.1 table referrals_not_admitted (an
 * empty file included), i.e. the days on which it reported its turn-aways. The unmet-demand
 * indicators count admissions and turn-aways on those days only, so a shelter that does not keep
 * the table is left out rather than counted as turning no one away (refreshStayFacts).
 */
export const REFERRAL_REPORTING_DDL = `CREATE TABLE IF NOT EXISTS referral_reporting_periods (shelter_code VARCHAR NOT NULL, period_start DATE NOT NULL, period_end DATE NOT NULL)`;

/** The stay_facts view: the stay, its derived columns, its shelter's attributes, limit and reference date. */
const STAY_FACTS_VIEW = `CREATE OR REPLACE VIEW stay_facts AS SELECT
    s.shelter_code, s.stay_id, s.person_key, s.person_id,
    r.network_code, r.country, r.region_code, r.model,
    s.admission_date, s.exit_date,
    year(s.exit_date) AS exit_year, quarter(s.exit_date) AS exit_quarter, month(s.exit_date) AS exit_month,
    CAST(s.exit_date - s.admission_date AS INTEGER) AS length_of_stay_days,
    CASE WHEN coalesce(s.extension_granted, FALSE) THEN l.extended_days ELSE l.days END AS stay_limit_days,
    CASE WHEN s.exit_date IS NOT NULL AND (CASE WHEN coalesce(s.extension_granted, FALSE) THEN l.extended_days ELSE l.days END) IS NOT NULL
      THEN (s.exit_date - s.admission_date) > (CASE WHEN coalesce(s.extension_granted, FALSE) THEN l.extended_days ELSE l.days END) END AS over_limit,
    s.referral_source, s.risk_level_at_admission AS risk_level, s.age_band, s.disability, s.indigenous_or_language_minority AS minority_language,
    s.protection_order, s.legal_representation, s.extension_granted,
    s.exit_reason, s.exit_plan_done, s.safety_plan_done, s.occupational_workshop_certified AS workshop_certified, s.employment_at_exit,
    s.consent_followup, s.consent_research,
    s.children_in_stay, s.companions_in_stay,
    coalesce(s.children_rows, 0) AS children_rows, coalesce(s.school_enrolled, 0) AS school_enrolled,
    coalesce(s.school_known, 0) AS school_known, coalesce(s.school_kept, 0) AS school_kept,
    s.rse_admission, s.rse_exit, s.rse_exit - s.rse_admission AS rse_change, s.rse_rci, s.rse_rci_improved,
    rd.reference_date,
    CASE WHEN s.exit_date IS NOT NULL THEN s.exit_date + ${FOLLOWUP_MIN_DAYS} <= rd.reference_date END AS followup_eligible,
    coalesce(s.followup_contacts, 0) AS followup_contacts, coalesce(s.followup_6m_achieved, FALSE) AS followup_6m_achieved,
    s.followup_latest_date, s.followup_safe, s.followup_recurrence,
    coalesce(s.record_key, 0) AS record_key
  FROM stays s
  LEFT JOIN shelters r ON r.shelter_code = s.shelter_code
  LEFT JOIN stay_limits l ON l.model = r.model
  LEFT JOIN shelter_reference_dates rd ON rd.shelter_code = s.shelter_code`;

/**
 * Schema of the facts (a migration step): the derived columns on `stays`, the two small tables and
 * the view. Replaces the stay_facts table (and stay_record_keys) of schema version 1; the caller
 * refreshes every shelter afterwards.
 */
export const STAY_FACTS_SCHEMA: readonly string[] = [
  // Before this step stay_facts is either absent or version 1's table (DROP VIEW would fail on it).
  `DROP TABLE IF EXISTS stay_facts`,
  `DROP TABLE IF EXISTS stay_record_keys`,
  ...STAY_DERIVED_COLUMNS.map(([name, type]) => `ALTER TABLE stays ADD COLUMN IF NOT EXISTS ${name} ${type}`),
  STAY_LIMITS_DDL,
  REFERENCE_DATES_DDL,
  PERSON_IDS_DDL,
  // Read by refreshStayFacts, which runs after this step (schema step 4 adds it to later databases).
  REFERRAL_REPORTING_DDL,
  STAY_FACTS_VIEW,
];

/**
 * Schema step adding the person surrogate to a database at schema version 2 (the caller
 * refreshes every shelter afterwards, which numbers every key).
 */
export const PERSON_ID_SCHEMA: readonly string[] = [
  PERSON_IDS_DDL,
  // Read by the refresh after this step (see STAY_FACTS_SCHEMA).
  REFERRAL_REPORTING_DDL,
  `ALTER TABLE stays ADD COLUMN IF NOT EXISTS person_id INTEGER`,
  STAY_FACTS_VIEW,
];

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

/**
 * The UPDATE that sets the derived columns of the given shelters' stays (exported for EXPLAIN in
 * bench/explain.ts); needs `params.key_secret`. Every stay of those shelters gets a row from the
 * subquery, so a stay that lost its children or scores is reset too.
 */
export function stayFactsUpdateSql(shelters: string[] | "all", params: Record<string, string>, opts: RefreshOptions = {}): string {
  const instrument = opts.instrument ?? rosenbergSes;
  const f = (alias: string) => shelterFilter(`${alias}.shelter_code`, shelters, params);
  const schoolAge = `c.age_band IN (${schoolAgeBands.map((b) => `'${b}'`).join(", ")})`;
  const enrolled = `${schoolAge} AND c.school_enrolled_at_admission`;
  const threshold = rciThreshold(instrument);
  const sdiff = sDiff(instrument);
  if (!/^[a-z0-9_]+$/.test(instrument.code)) throw new Error(`bad instrument code ${instrument.code}`);
  const derived = STAY_DERIVED_COLUMNS.map(([name]) => `${name} = d.${name}`).join(", ");
  return `UPDATE stays SET ${derived} FROM (SELECT
    s.rowid AS rid,
    coalesce(c.n, 0) AS children_rows, coalesce(c.enrolled, 0) AS school_enrolled, coalesce(c.known, 0) AS school_known, coalesce(c.kept, 0) AS school_kept,
    a.adm AS rse_admission, a.ex AS rse_exit,
    (a.ex - a.adm) / ${sdiff} AS rse_rci,
    CASE WHEN a.ex - a.adm IS NOT NULL THEN (a.ex - a.adm) ${instrument.higherIsBetter ? ">" : "<"} ${instrument.higherIsBetter ? threshold : -threshold} END AS rse_rci_improved,
    coalesce(fu.contacts, 0) AS followup_contacts, coalesce(fu.achieved_6m, FALSE) AS followup_6m_achieved,
    fu.latest_date AS followup_latest_date, fu.safe AS followup_safe, fu.recurrence AS followup_recurrence,
    ${recordKeySql("CAST($key_secret AS VARCHAR)", "s.shelter_code", "s.stay_id")} AS record_key,
    pid.person_id AS person_id
  FROM stays s
  LEFT JOIN person_ids pid ON pid.person_key = s.person_key
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
  WHERE ${f("s")}) AS d
  WHERE stays.rowid = d.rid`;
}

/** Per shelter: the latest export date of its batches in load_log, else the latest date in its own data. */
function referenceDatesSql(shelters: string[] | "all", params: Record<string, string>): string {
  const f = (alias: string) => shelterFilter(`${alias}.shelter_code`, shelters, params);
  return `SELECT d.shelter_code, coalesce(max(lg.exported_on), max(d.data_max)) AS reference_date
    FROM (
      SELECT x.shelter_code, max(x.d) AS data_max FROM (
        SELECT st.shelter_code, greatest(st.admission_date, coalesce(st.exit_date, st.admission_date)) AS d FROM stays st WHERE ${f("st")}
        UNION ALL
        SELECT fo.shelter_code, fo.contact_date FROM followups fo WHERE ${f("fo")}
      ) x GROUP BY x.shelter_code
    ) d
    LEFT JOIN (SELECT shelter_code, max(exported_on) AS exported_on FROM load_log GROUP BY shelter_code) lg ON lg.shelter_code = d.shelter_code
    GROUP BY d.shelter_code`;
}

/**
 * Refresh the derived facts of the given shelters (or of all shelters) from the stored contract
 * tables. Called by the ingester inside its transaction, after the batch's rows are written
 * (this function opens no transaction of its own: wrap it when calling it alone, if atomicity
 * matters). Registry attributes (region, model, network) are read through the view, but the
 * load-time aggregates (./aggregates.ts, refreshed last) copy them: a registry import refreshes
 * the shelters it changes.
 *
 * Follow-up eligibility ("exit ≥ 6 months before the data's reference date") uses, per shelter,
 * the latest `exported_on` of its batches in load_log, else the latest date in its own data; not
 * today, so that figures do not drift while no new data arrives.
 */
export async function refreshStayFacts(conn: DuckDBConnection, shelterCodes: string[] | "all", opts: RefreshOptions = {}): Promise<void> {
  const secret = await recordKeySecret(conn);
  const params: Record<string, string> = { key_secret: secret };
  // Number the person keys not seen before (after the highest number given so far).
  const idParams: Record<string, string> = {};
  await run(
    conn,
    `INSERT INTO person_ids
      SELECT k.person_key, CAST((SELECT coalesce(max(person_id), 0) FROM person_ids) + row_number() OVER (ORDER BY k.person_key) AS INTEGER)
      FROM (SELECT DISTINCT s.person_key FROM stays s WHERE s.person_key IS NOT NULL AND ${shelterFilter("s.shelter_code", shelterCodes, idParams)}) k
      ANTI JOIN person_ids p ON p.person_key = k.person_key`,
    idParams,
  );
  await run(conn, stayFactsUpdateSql(shelterCodes, params, opts), params);
  const refParams: Record<string, string> = {};
  const delParams: Record<string, string> = {};
  await run(conn, `DELETE FROM shelter_reference_dates WHERE ${shelterFilter("shelter_code", shelterCodes, delParams)}`, delParams);
  await run(conn, `INSERT INTO shelter_reference_dates ${referenceDatesSql(shelterCodes, refParams)}`, refParams);
  const repParams: Record<string, string> = {};
  const repDelParams: Record<string, string> = {};
  await run(conn, `DELETE FROM referral_reporting_periods WHERE ${shelterFilter("shelter_code", shelterCodes, repDelParams)}`, repDelParams);
  await run(
    conn,
    `INSERT INTO referral_reporting_periods SELECT DISTINCT shelter_code, period_start, period_end FROM load_log
      WHERE json_exists(counts, '$.referrals_not_admitted') AND period_start IS NOT NULL AND period_end IS NOT NULL AND ${shelterFilter("shelter_code", shelterCodes, repParams)}`,
    repParams,
  );
  // The limits apply to every shelter of a model: rewritten whole (a few rows).
  await run(conn, `DELETE FROM stay_limits`);
  await run(conn, `INSERT INTO stay_limits ${limitsRelation({ ...defaultStayLimits, ...opts.limits } as StayLimits)}`);
  // The load-time aggregates read the facts just derived (same transaction).
  await refreshAggregates(conn, shelterCodes);
}
