// Findings: the consistency rules run at each load, inside the load's transaction, for every
// shelter of the networks the load touched (a shelter's load moves its peers' comparisons too).
// Stored in `findings` (never load errors: the batch is loaded). Counts and statistics only.
//
// Judged months: the last 12 whole months up to each shelter's reference date (its latest export
// date, shelter_reference_dates), each against the 12 months before it.
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, run } from "../db/query";
import { outlierFindings, THRESHOLDS, type Finding, type MonthValues } from "./rules";

const codesParam = (codes: readonly string[]) => codes.join("\u0001");
const inCodes = (column: string) => `list_contains(string_split($codes, '\u0001'), ${column})`;

/** Shelters judged: the given ones, with a reference date. Window: 24 whole months before it. */
const JUDGED = `judged AS (
  SELECT s.shelter_code, s.network_code, s.capacity_places, s.opened_on, rd.reference_date AS ref,
         CAST(date_trunc('month', rd.reference_date + 1) AS DATE) AS window_end,
         CAST(date_trunc('month', rd.reference_date + 1) - INTERVAL 24 MONTH AS DATE) AS window_start,
         CAST(date_trunc('month', rd.reference_date + 1) - INTERVAL 12 MONTH AS DATE) AS judged_start
  FROM shelters s JOIN shelter_reference_dates rd USING (shelter_code)
  WHERE ${inCodes("s.shelter_code")} AND rd.reference_date IS NOT NULL
)`;

/** Per shelter and month of the window: admissions, occupancy (place-nights ÷ places × days) and the completed-stay rate. */
const SERIES_SQL = `WITH ${JUDGED},
months AS (
  SELECT j.*, CAST(m AS DATE) AS month, CAST(m + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS month_end
  FROM judged j, unnest(generate_series(j.window_start, j.window_end - INTERVAL 1 MONTH, INTERVAL 1 MONTH)) AS t(m)
  WHERE (j.opened_on IS NULL OR j.opened_on <= CAST(m AS DATE))
    -- Months before the shelter's first admission in the data are not history (no records yet).
    AND CAST(m AS DATE) >= (SELECT CAST(date_trunc('month', min(admission_date)) AS DATE) FROM stays WHERE stays.shelter_code = j.shelter_code)
),
nights AS (
  SELECT st.shelter_code, CAST(date_trunc('month', d) AS DATE) AS month, sum(1 + coalesce(st.children_in_stay, 0) + coalesce(st.companions_in_stay, 0)) AS place_nights
  FROM stays st JOIN judged j USING (shelter_code),
       unnest(generate_series(greatest(st.admission_date, j.window_start), least(coalesce(st.exit_date - 1, j.ref), j.window_end - 1), INTERVAL 1 DAY)) AS t(d)
  WHERE st.admission_date < j.window_end AND coalesce(st.exit_date, j.ref) > j.window_start
  GROUP BY ALL
),
admitted AS (
  SELECT shelter_code, CAST(date_trunc('month', admission_date) AS DATE) AS month, count(*) AS n
  FROM stays WHERE ${inCodes("shelter_code")} GROUP BY ALL
),
exited AS (
  SELECT shelter_code, CAST(date_trunc('month', exit_date) AS DATE) AS month, count(*) AS n, count(*) FILTER (WHERE exit_reason = 'plan_completed') AS completed
  FROM stays WHERE ${inCodes("shelter_code")} AND exit_date IS NOT NULL GROUP BY ALL
)
SELECT m.shelter_code, m.network_code, CAST(m.month AS VARCHAR) AS month, CAST(m.month_end AS VARCHAR) AS month_end, m.month >= m.judged_start AS evaluated,
       CAST(coalesce(a.n, 0) AS DOUBLE) AS admissions,
       CASE WHEN m.capacity_places > 0 THEN coalesce(n.place_nights, 0) / (m.capacity_places * (m.month_end - m.month + 1)) END AS occupancy_rate,
       CASE WHEN coalesce(e.n, 0) >= ${THRESHOLDS.minExits} THEN e.completed / e.n END AS completed_rate,
       CAST(coalesce(e.n, 0) AS INTEGER) AS exits
FROM months m
LEFT JOIN nights n USING (shelter_code, month)
LEFT JOIN admitted a USING (shelter_code, month)
LEFT JOIN exited e USING (shelter_code, month)
ORDER BY m.shelter_code, m.month`;

/** Judged months whose average people per night exceeded the places (affected: the nights over). */
const OVER_CAPACITY_SQL = `WITH ${JUDGED},
daily AS (
  SELECT st.shelter_code, CAST(d AS DATE) AS day, sum(1 + coalesce(st.children_in_stay, 0) + coalesce(st.companions_in_stay, 0)) AS people
  FROM stays st JOIN judged j USING (shelter_code),
       unnest(generate_series(greatest(st.admission_date, j.judged_start), least(coalesce(st.exit_date - 1, j.ref), j.window_end - 1), INTERVAL 1 DAY)) AS t(d)
  WHERE j.capacity_places > 0 AND st.admission_date < j.window_end AND coalesce(st.exit_date, j.ref) > j.judged_start
  GROUP BY ALL
)
SELECT d.shelter_code, j.network_code, CAST(date_trunc('month', d.day) AS VARCHAR) AS month,
       round(sum(d.people) / (last_day(any_value(d.day)) - CAST(date_trunc('month', any_value(d.day)) AS DATE) + 1), 1) AS observed,
       any_value(j.capacity_places) AS expected, count(*) FILTER (WHERE d.people > j.capacity_places) AS affected
FROM daily d JOIN judged j USING (shelter_code)
GROUP BY ALL
HAVING sum(d.people) / (last_day(any_value(d.day)) - CAST(date_trunc('month', any_value(d.day)) AS DATE) + 1) > ${THRESHOLDS.overCapacityAverage} * any_value(j.capacity_places)`;

/** Stays that exited in a judged month after the programme's limit with no extension granted. */
const OVER_LIMIT_SQL = `WITH ${JUDGED}
SELECT f.shelter_code, j.network_code, CAST(date_trunc('month', f.exit_date) AS VARCHAR) AS month, count(*) AS affected,
       max(f.length_of_stay_days) AS observed, any_value(f.stay_limit_days) AS expected
FROM stay_facts f JOIN judged j USING (shelter_code)
WHERE f.over_limit AND NOT coalesce(f.extension_granted, FALSE) AND f.exit_date >= j.judged_start AND f.exit_date < j.window_end
GROUP BY ALL`;

/** Exit assessments equal to the admission one (same instrument, every item and the total). */
const IDENTICAL_SQL = `WITH ${JUDGED},
pairs AS (
  SELECT x.shelter_code, CAST(date_trunc('month', x.assessed_on) AS DATE) AS month,
         (a.total_score IS NOT DISTINCT FROM x.total_score ${Array.from({ length: 20 }, (_, i) => `AND a.item_${i + 1} IS NOT DISTINCT FROM x.item_${i + 1}`).join(" ")}) AS same
  FROM assessments x JOIN judged j USING (shelter_code)
  JOIN assessments a ON a.shelter_code = x.shelter_code AND a.stay_id = x.stay_id AND a.instrument = x.instrument AND a.timepoint = 'admission'
  WHERE x.timepoint = 'exit' AND x.assessed_on >= j.judged_start AND x.assessed_on < j.window_end
)
SELECT p.shelter_code, j.network_code, CAST(p.month AS VARCHAR) AS month, count(*) FILTER (WHERE same) AS affected, count(*) AS pairs
FROM pairs p JOIN judged j USING (shelter_code)
GROUP BY ALL HAVING count(*) FILTER (WHERE same) >= ${THRESHOLDS.identicalMin} AND count(*) FILTER (WHERE same) >= ${THRESHOLDS.identicalShare} * count(*)`;

/** Months whose follow-up contacts all carry one date. */
const ONE_DAY_SQL = `WITH ${JUDGED}
SELECT f.shelter_code, j.network_code, CAST(date_trunc('month', f.contact_date) AS VARCHAR) AS month, count(*) AS affected
FROM followups f JOIN judged j USING (shelter_code)
WHERE f.contact_date >= j.judged_start AND f.contact_date < j.window_end
GROUP BY ALL HAVING count(*) >= ${THRESHOLDS.oneDayMin} AND count(DISTINCT f.contact_date) = 1`;

const monthEnd = (month: string) => {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
};

/** Every finding for some shelters (computed from the stored rows). */
export async function computeFindings(conn: DuckDBConnection, shelterCodes: readonly string[]): Promise<Finding[]> {
  if (shelterCodes.length === 0) return [];
  const params = { codes: codesParam(shelterCodes) };
  const series = await all<{ shelter_code: string; network_code: string | null; month: string; month_end: string; evaluated: boolean; admissions: number; occupancy_rate: number | null; completed_rate: number | null; exits: number }>(
    conn,
    SERIES_SQL,
    params,
  );
  const months: MonthValues[] = series.map((r) => ({
    shelter_code: r.shelter_code,
    network_code: r.network_code,
    month: r.month,
    month_end: r.month_end,
    evaluated: r.evaluated,
    values: { admissions: r.admissions, occupancy_rate: r.occupancy_rate, completed_rate: r.completed_rate },
    exits: r.exits,
  }));
  const out = outlierFindings(months);
  type Row = { shelter_code: string; network_code: string | null; month: string; affected: number; observed?: number; expected?: number; pairs?: number };
  const at = (r: Row) => ({ shelter_code: r.shelter_code, network_code: r.network_code, period_start: r.month.slice(0, 10), period_end: monthEnd(r.month), affected: Number(r.affected) });
  for (const r of await all<Row>(conn, OVER_CAPACITY_SQL, params)) {
    out.push({ ...at(r), rule: "over_capacity", metric: "people_per_night", severity: "high", observed: r.observed ?? null, expected: r.expected ?? null, score: null });
  }
  for (const r of await all<Row>(conn, OVER_LIMIT_SQL, params)) {
    out.push({ ...at(r), rule: "over_stay_limit", metric: "length_of_stay_days", severity: "medium", observed: r.observed ?? null, expected: r.expected ?? null, score: null });
  }
  for (const r of await all<Row>(conn, IDENTICAL_SQL, params)) {
    out.push({ ...at(r), rule: "exit_assessment_identical", metric: "assessment_pairs", severity: "medium", observed: r.affected, expected: r.pairs ?? null, score: null });
  }
  for (const r of await all<Row>(conn, ONE_DAY_SQL, params)) {
    out.push({ ...at(r), rule: "followups_one_day", metric: "followup_contacts", severity: "low", observed: r.affected, expected: null, score: null });
  }
  return out;
}

export const findingId = (f: Pick<Finding, "rule" | "shelter_code" | "period_start" | "metric">) => `${f.rule}:${f.shelter_code}:${f.period_start}:${f.metric}`;

/** The shelters of the networks of some shelters (a load judges the whole network again). */
async function networkShelters(conn: DuckDBConnection, shelterCodes: readonly string[]): Promise<string[]> {
  const rows = await all<{ shelter_code: string }>(
    conn,
    `SELECT shelter_code FROM shelters WHERE network_code IN (SELECT network_code FROM shelters WHERE ${inCodes("shelter_code")})
     UNION SELECT unnest(string_split($codes, '\u0001')) ORDER BY 1`,
    { codes: codesParam(shelterCodes) },
  );
  return rows.map((r) => r.shelter_code);
}

/**
 * Computes the findings again for the networks of the loaded shelters and stores them: a finding
 * found again keeps its explanation; one no longer found is removed. Inside the caller's transaction.
 */
export async function refreshFindings(conn: DuckDBConnection, loadedShelters: readonly string[], opts: { batchIds?: ReadonlyMap<string, string> } = {}): Promise<number> {
  const codes = await networkShelters(conn, loadedShelters);
  if (codes.length === 0) return 0;
  const findings = await computeFindings(conn, codes);
  const ids = findings.map(findingId);
  await run(conn, `DELETE FROM findings WHERE ${inCodes("shelter_code")} AND NOT list_contains(string_split($ids, '\u0001'), finding_id)`, {
    codes: codesParam(codes),
    ids: ids.join("\u0001"),
  });
  const now = new Date().toISOString().replace("T", " ").replace("Z", "");
  for (const [i, f] of findings.entries()) {
    await run(
      conn,
      `INSERT INTO findings (finding_id, shelter_code, network_code, rule, metric, severity, period_start, period_end, observed, expected, score, affected, batch_id, found_at)
       VALUES ($id, $shelter, $network, $rule, $metric, $severity, CAST($ps AS DATE), CAST($pe AS DATE), $observed, $expected, $score, $affected, $batch, CAST($at AS TIMESTAMP))
       ON CONFLICT (finding_id) DO UPDATE SET severity = excluded.severity, observed = excluded.observed, expected = excluded.expected, score = excluded.score,
         affected = excluded.affected, network_code = excluded.network_code, batch_id = coalesce(excluded.batch_id, findings.batch_id)`,
      {
        id: ids[i] ?? "",
        shelter: f.shelter_code,
        network: f.network_code,
        rule: f.rule,
        metric: f.metric,
        severity: f.severity,
        ps: f.period_start,
        pe: f.period_end,
        observed: f.observed,
        expected: f.expected,
        score: f.score,
        affected: f.affected,
        batch: opts.batchIds?.get(f.shelter_code) ?? null,
        at: now,
      },
    );
  }
  return findings.length;
}
