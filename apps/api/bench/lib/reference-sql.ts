// The same figures as each page, written by hand as a user tuning the database would: straight
// over the per-stay rows (`stays` with the columns derived at load, as both databases hold them),
// one pass per attribution rule, every indicator of a pass as a FILTER of that one scan. The
// figures include the cell-key sums (`sum(record_key) % 256`) the release needs, so both sides
// compute the same things. One text serves DuckDB and PostgreSQL 15 ($1 = from, $2 = to): both
// take FILTER, date - date = days, date + integer, and WITHIN GROUP ordered-set aggregates.
// Small relations (coordinator surveys, compliance checks, recommendations: tens of rows) are
// left out of the Benchmark reference; they cost nothing on either side.
const F = "CAST($1 AS DATE)";
const T = "CAST($2 AS DATE)";
const OVERLAP = `s.admission_date <= ${T} AND (s.exit_date IS NULL OR s.exit_date >= ${F})`;
const EXITS = `s.exit_date BETWEEN ${F} AND ${T}`;
const ADMISSIONS = `s.admission_date BETWEEN ${F} AND ${T}`;
const key = (cond: string) => `coalesce(sum(s.record_key) FILTER (WHERE ${cond}), 0) % 256`;
/** Followed up six months after exit, against the shelter's reference date (FOLLOWUP_MIN_DAYS). */
const ELIGIBLE = "s.exit_date + 183 <= r.reference_date";

// Women by their integer number (stays.person_id, as loaded): a tuning user counts integers.
const overlapFigures = `count(DISTINCT s.person_id) AS women, ${key("s.person_id IS NOT NULL")} AS women_key,
  sum(s.children_rows) AS children, ${key("s.children_rows > 0")} AS children_key,
  sum(s.companions_in_stay) AS companions, ${key("s.companions_in_stay > 0")} AS companions_key`;

const overviewExitFigures = `count(*) AS exits, ${key("TRUE")} AS exits_key,
  count(*) FILTER (WHERE s.exit_reason = 'plan_completed') AS completed, ${key("s.exit_reason = 'plan_completed'")} AS completed_key,
  count(*) FILTER (WHERE ${ELIGIBLE}) AS fu_eligible, ${key(ELIGIBLE)} AS fu_eligible_key,
  count(*) FILTER (WHERE ${ELIGIBLE} AND s.followup_6m_achieved) AS fu_done, ${key(`${ELIGIBLE} AND s.followup_6m_achieved`)} AS fu_done_key,
  count(*) FILTER (WHERE s.rse_exit IS NOT NULL AND s.rse_admission IS NOT NULL) AS rse_n, ${key("s.rse_exit IS NOT NULL AND s.rse_admission IS NOT NULL")} AS rse_n_key,
  count(*) FILTER (WHERE s.rse_rci_improved) AS rse_improved, ${key("s.rse_rci_improved")} AS rse_improved_key,
  sum(s.school_kept) AS school_kept, ${key("s.school_kept > 0")} AS school_kept_key,
  sum(s.school_known) AS school_known, ${key("s.school_known > 0")} AS school_known_key,
  sum(s.school_enrolled) AS school_enrolled`;

const benchmarkExitFigures = `${overviewExitFigures},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY s.exit_date - s.admission_date) AS los_median,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY s.exit_date - s.admission_date) AS los_p90,
  avg(s.exit_date - s.admission_date) AS los_mean,
  count(*) FILTER (WHERE s.exit_plan_done) AS exit_plan, ${key("s.exit_plan_done")} AS exit_plan_key,
  count(*) FILTER (WHERE s.safety_plan_done) AS safety_plan, ${key("s.safety_plan_done")} AS safety_plan_key,
  count(*) FILTER (WHERE s.occupational_workshop_certified) AS workshop, ${key("s.occupational_workshop_certified")} AS workshop_key,
  count(*) FILTER (WHERE s.employment_at_exit) AS employment, ${key("s.employment_at_exit")} AS employment_key,
  count(*) FILTER (WHERE s.followup_safe IS NOT NULL) AS safe_n, count(*) FILTER (WHERE s.followup_safe) AS safe, ${key("s.followup_safe")} AS safe_key,
  count(*) FILTER (WHERE s.followup_recurrence IS NOT NULL) AS rec_n, count(*) FILTER (WHERE s.followup_recurrence) AS rec, ${key("s.followup_recurrence")} AS rec_key,
  avg(s.rse_exit - s.rse_admission) AS rse_change_mean, stddev_samp(s.rse_exit - s.rse_admission) AS rse_change_sd`;

/** Occupied place-days per shelter: each overlapping stay's days clipped to the period, times its people. */
const occupancy = `SELECT h.shelter_code, h.capacity_places * (${T} - ${F} + 1) AS capacity_days, coalesce(o.place_days, 0) AS place_days, coalesce(o.k, 0) % 256 AS place_days_key
  FROM shelters h LEFT JOIN (
    SELECT s.shelter_code, sum((least(coalesce(s.exit_date, ${T}), ${T}) - greatest(s.admission_date, ${F}) + 1)
      * (1 + coalesce(s.children_in_stay, s.children_rows, 0) + coalesce(s.companions_in_stay, 0))) AS place_days, sum(s.record_key) AS k
    FROM stays s WHERE ${OVERLAP} GROUP BY s.shelter_code
  ) o ON o.shelter_code = h.shelter_code
  WHERE h.capacity_places > 0`;

/** A statement: one text for both databases, or one per dialect where they differ. */
export type ReferenceStatement = string | { duckdb: string; postgresql: string };

export function statementFor(s: ReferenceStatement, dialect: "duckdb" | "postgresql"): string {
  return typeof s === "string" ? s : s[dialect];
}

export const referenceSql: Record<string, ReferenceStatement[]> = {
  "page:overview": [
    `SELECT ${overlapFigures} FROM stays s WHERE ${OVERLAP}`,
    `SELECT ${overviewExitFigures} FROM stays s JOIN shelter_reference_dates r ON r.shelter_code = s.shelter_code WHERE ${EXITS}`,
  ],
  "page:compare": [
    `SELECT s.shelter_code, count(*) FILTER (WHERE s.exit_reason = 'plan_completed') AS completed, ${key("s.exit_reason = 'plan_completed'")} AS completed_key, count(*) AS exits, ${key("TRUE")} AS exits_key
     FROM stays s WHERE ${EXITS} GROUP BY s.shelter_code`,
  ],
  "page:trends": [
    `SELECT extract(year FROM s.exit_date) AS y, count(*) FILTER (WHERE s.exit_reason = 'plan_completed') AS completed, ${key("s.exit_reason = 'plan_completed'")} AS completed_key, count(*) AS exits
     FROM stays s WHERE ${EXITS} GROUP BY ROLLUP (extract(year FROM s.exit_date))`,
  ],
  "page:benchmark": [
    `SELECT s.shelter_code, ${overlapFigures} FROM stays s WHERE ${OVERLAP} GROUP BY s.shelter_code`,
    `SELECT s.shelter_code, ${benchmarkExitFigures} FROM stays s JOIN shelter_reference_dates r ON r.shelter_code = s.shelter_code WHERE ${EXITS} GROUP BY s.shelter_code`,
    `SELECT s.shelter_code, count(*) AS admitted, count(*) FILTER (WHERE s.legal_representation) AS legal, ${key("s.legal_representation")} AS legal_key,
       count(*) FILTER (WHERE s.protection_order) AS protection, ${key("s.protection_order")} AS protection_key
     FROM stays s WHERE ${ADMISSIONS} GROUP BY s.shelter_code`,
    occupancy,
  ],
  // Distinct women per month: a stay counts in every month it overlaps (each stay expanded into
  // its months: a list unnested in DuckDB, a set-returning function in PostgreSQL).
  "call:trend-women_served-month": [
    {
      duckdb: `SELECT x.bucket, count(DISTINCT x.person_id) AS women, coalesce(sum(x.record_key) FILTER (WHERE x.person_id IS NOT NULL), 0) % 256 AS women_key
        FROM (SELECT s.person_id, s.record_key, unnest(generate_series(date_trunc('month', greatest(s.admission_date, ${F})), date_trunc('month', least(coalesce(s.exit_date, ${T}), ${T})), INTERVAL 1 MONTH)) AS bucket
              FROM stays s WHERE ${OVERLAP}) x
        GROUP BY x.bucket`,
      postgresql: `SELECT x.bucket, count(DISTINCT x.person_id) AS women, coalesce(sum(x.record_key) FILTER (WHERE x.person_id IS NOT NULL), 0) % 256 AS women_key
        FROM (SELECT s.person_id, s.record_key, generate_series(date_trunc('month', greatest(s.admission_date, ${F})), date_trunc('month', least(coalesce(s.exit_date, ${T}), ${T})), INTERVAL '1 month') AS bucket
              FROM stays s WHERE ${OVERLAP}) x
        GROUP BY x.bucket`,
    },
  ],
};
