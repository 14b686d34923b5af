// SQL of the declared fact relations. Each yields one row per record with the standard columns
// (shelter_code, network_code, country, region_code, model, bucket, record_key) plus what the
// indicators over it aggregate, already restricted to the period by its attribution rule.
// Bounds and secrets are parameters ($from, $to, $key_secret); every identifier is written here.
import { MAX_ITEMS } from "@refugio/schemas";
import type { FactName } from "./types";

export type TimeGrain = "month" | "quarter" | "year";

export const FROM = "CAST($from AS DATE)";
export const TO = "CAST($to AS DATE)";

const step: Record<TimeGrain, string> = { month: "INTERVAL 1 MONTH", quarter: "INTERVAL 3 MONTH", year: "INTERVAL 1 YEAR" };

/** First day of the grain's period holding `date`. */
export const bucketOf = (grain: TimeGrain, date: string) => `CAST(date_trunc('${grain}', ${date}) AS DATE)`;
/** Last day of the grain's period starting at `bucket`. */
export const bucketEnd = (grain: TimeGrain, bucket: string) => `CAST(${bucket} + ${step[grain]} - INTERVAL 1 DAY AS DATE)`;
/** Every bucket start from the period of `start` to the period of `end` (a list, unnested per row). */
const bucketsBetween = (grain: TimeGrain, start: string, end: string) =>
  `unnest(generate_series(date_trunc('${grain}', ${start}), date_trunc('${grain}', ${end}), ${step[grain]}))`;

/** Per-row cell-key record for relations without a stay: keyed hash of the row's natural key. */
const hashKey = (...cols: string[]) => `CAST(hash(${cols.map((c) => `coalesce(CAST(${c} AS VARCHAR), '')`).join(", ")}, $key_secret) % 256 AS INTEGER)`;

const SHELTER_COLS = "s.shelter_code, s.network_code, s.country, s.region_code, s.model";

/**
 * stay_facts as the stay relations read it: `person_key` is the woman's integer surrogate
 * (stays.person_id, numbered at load), so `count(DISTINCT f.person_key)` hashes integers, not
 * VARCHAR keys. Same NULLs, one number per key: the same counts and the same cell keys.
 */
export const STAY_FACTS = "(SELECT * REPLACE (person_id AS person_key) FROM stay_facts)";

/** Stays overlapping the period: [admission, exit or still open] meets [from, to]. */
const OVERLAP = `f.admission_date <= ${TO} AND (f.exit_date IS NULL OR f.exit_date >= ${FROM})`;

/**
 * The load-time table of stays by month (apps/api/src/db/aggregates.ts): one row per stay and
 * calendar month it meets (`month`, first day), with its admission and exit dates, the woman's
 * integer surrogate as `person_key`, and the columns the overlap indicators and their dimensions
 * read. Open stays are expanded up to a horizon; the caller passes it (`FactOptions`).
 */
export const STAY_MONTHS = "stay_months";

/** The columns of stay_months, in the order the load writes them. */
export const STAY_MONTHS_COLUMNS = [
  "shelter_code",
  "month",
  "admission_date",
  "exit_date",
  "person_key",
  "record_key",
  "age_band",
  "referral_source",
  "risk_level",
  "disability",
  "minority_language",
  "children_rows",
  "children_in_stay",
  "companions_in_stay",
] as const;

/** How a fact relation may read the load-time aggregates. */
export interface FactOptions {
  /**
   * Last date (ISO) through which stay_months holds every stay; null or absent: it is not
   * there (a database from before it), read the per-stay path. Only periods ending on or before
   * it read the aggregates.
   */
  stayMonthsUntil?: string | null;
  /** The period's end (ISO), to compare with `stayMonthsUntil`. */
  to?: string;
  /**
   * Whether the query reads the shelter's registry attributes (network, country, region, model:
   * a filter, the scope or a group); default true. stay_months joins the registry only then.
   */
  registry?: boolean;
}

/**
 * Overlap by month from stay_months: one row per (stay, month) the stay meets inside the period,
 * exactly those the per-stay expansion gives. A row is the stay's month; the stay meets that
 * month clipped to the period iff it meets the period and the month (intervals: all four bounds
 * hold). Only by month: by quarter or year a stay meets one or two buckets, and expanding it per
 * request cost less CPU than scanning its months (apps/api/bench/aggregates.ts).
 */
function stayMonthsRelation(registry: boolean): string {
  // The registry joined as the stay_facts view joins it (stay_months does not copy it), and only
  // when the query reads it: the join was a fifth of women_served by month (EXPLAIN ANALYZE).
  const cols = STAY_MONTHS_COLUMNS.map((c) => `m.${c}`).join(", ");
  const months = registry
    ? `SELECT ${cols}, r.network_code, r.country, r.region_code, r.model FROM ${STAY_MONTHS} m LEFT JOIN shelters r ON r.shelter_code = m.shelter_code`
    : `SELECT ${cols} FROM ${STAY_MONTHS} m`;
  const rows = `SELECT f.*, f.month AS bucket FROM (${months}) f
      WHERE f.month BETWEEN date_trunc('month', ${FROM}) AND ${TO} AND ${OVERLAP}`;
  return `SELECT x.*, greatest(x.bucket, ${FROM}) AS p_start, least(${bucketEnd("month", "x.bucket")}, ${TO}) AS p_end FROM (${rows}) x`;
}

/** True when the overlap relation by a grain may read stay_months (see FactOptions). */
export function readsStayMonths(opts: FactOptions): boolean {
  return typeof opts.stayMonthsUntil === "string" && typeof opts.to === "string" && opts.to <= opts.stayMonthsUntil;
}

/** stay_facts with the period rule of the attribution; with a grain, overlap expands a stay into every bucket it meets. */
function stayRelation(attribution: "overlap" | "admission" | "exit", grain: TimeGrain | null, opts: FactOptions = {}): string {
  if (attribution === "overlap") {
    if (!grain) return `SELECT f.*, ${FROM} AS bucket, ${FROM} AS p_start, ${TO} AS p_end FROM ${STAY_FACTS} f WHERE ${OVERLAP}`;
    if (grain === "month" && readsStayMonths(opts)) return stayMonthsRelation(opts.registry !== false);
    const expanded = `SELECT f.*, CAST(${bucketsBetween(grain, `greatest(f.admission_date, ${FROM})`, `least(coalesce(f.exit_date, ${TO}), ${TO})`)} AS DATE) AS bucket
      FROM ${STAY_FACTS} f WHERE ${OVERLAP}`;
    return `SELECT x.*, greatest(x.bucket, ${FROM}) AS p_start, least(${bucketEnd(grain, "x.bucket")}, ${TO}) AS p_end FROM (${expanded}) x`;
  }
  const date = attribution === "exit" ? "f.exit_date" : "f.admission_date";
  return `SELECT f.*, ${grain ? bucketOf(grain, date) : "CAST(NULL AS DATE)"} AS bucket FROM ${STAY_FACTS} f WHERE ${date} BETWEEN ${FROM} AND ${TO}`;
}

/**
 * Occupancy: one row per shelter with places (and bucket): available place-days (capacity ×
 * days open in the period) and occupied place-days (each overlapping stay's days clipped to the
 * period, times the people in it). Stays are pre-aggregated per (shelter, bucket) and joined on
 * those equality keys only.
 */
function shelterDaysRelation(grain: TimeGrain | null, opts: FactOptions): string {
  const stays = stayRelation("overlap", grain, opts);
  const stayPlaceDays = `(least(coalesce(o.exit_date, o.p_end), o.p_end) - greatest(o.admission_date, o.p_start) + 1)
          * (1 + coalesce(o.children_in_stay, o.children_rows, 0) + coalesce(o.companions_in_stay, 0))`;
  // place_days_top: the largest one stay's share, which sizes an external release's noise.
  const occupied = `SELECT o.shelter_code, o.bucket,
      sum(${stayPlaceDays}) AS place_days, max(${stayPlaceDays}) AS place_days_top,
      count(*) AS stays, sum(o.record_key) AS record_key
    FROM (${stays}) o GROUP BY o.shelter_code, o.bucket`;
  const openFrom = `greatest(coalesce(s.opened_on, ${FROM}), ${FROM})`;
  const openTo = `least(coalesce(s.closed_on, ${TO}), ${TO})`;
  const shelterBuckets = grain
    ? `SELECT s.*, CAST(${bucketsBetween(grain, openFrom, openTo)} AS DATE) AS bucket FROM shelters s`
    : `SELECT s.*, ${FROM} AS bucket FROM shelters s`;
  const pStart = grain ? `greatest(s.bucket, ${openFrom})` : openFrom;
  const pEnd = grain ? `least(${bucketEnd(grain, "s.bucket")}, ${openTo})` : openTo;
  return `SELECT ${SHELTER_COLS}, s.bucket,
      s.capacity_places * (${pEnd} - ${pStart} + 1) AS capacity_days,
      coalesce(o.place_days, 0) AS place_days, coalesce(o.place_days_top, 0) AS place_days_top, coalesce(o.stays, 0) AS stays, coalesce(o.record_key, 0) AS record_key
    FROM (${shelterBuckets} WHERE s.capacity_places > 0 AND ${openFrom} <= ${openTo}) s
    LEFT JOIN (${occupied}) o ON o.shelter_code = s.shelter_code AND o.bucket = s.bucket`;
}

function serviceSurveyRelation(grain: TimeGrain | null): string {
  const items = Array.from({ length: MAX_ITEMS }, (_, i) => `r.item_${i + 1}`);
  const top = items.map((c) => `coalesce(CAST(${c} >= coalesce(r.scale_max, 5) - 1 AS INTEGER), 0)`).join(" + ");
  const answered = items.map((c) => `CAST(${c} IS NOT NULL AS INTEGER)`).join(" + ");
  return `SELECT ${SHELTER_COLS}, ${grain ? bucketOf(grain, "r.answered_on") : "CAST(NULL AS DATE)"} AS bucket,
      ${top} AS top_two, ${answered} AS answers, ${hashKey("r.shelter_code", "r.response_id")} AS record_key
    FROM service_surveys r JOIN shelters s ON s.shelter_code = r.shelter_code
    WHERE r.answered_on BETWEEN ${FROM} AND ${TO}`;
}

/** Yes = "yes" (any accepted spelling left after normalisation) or 4–5 on a 1–5 Likert scale. */
function coordinatorRelation(): string {
  return `SELECT ${SHELTER_COLS}, make_date(c.year, 1, 1) AS bucket, c.year, c.question_code,
      lower(trim(c.answer)) IN ('yes', 'sí', 'si', 'true', '4', '5') AS answer_yes,
      coalesce(trim(c.answer), '') <> '' AS answered,
      ${hashKey("c.shelter_code", "c.year", "c.question_code")} AS record_key
    FROM coordinator_surveys c JOIN shelters s ON s.shelter_code = c.shelter_code
    WHERE c.year BETWEEN year(${FROM}) AND year(${TO})`;
}

/** Items of each shelter's latest check inside the period (per bucket when grouped by year). */
function complianceRelation(grain: TimeGrain | null): string {
  const bucket = grain ? bucketOf(grain, "c.assessed_on") : "CAST(NULL AS DATE)";
  return `SELECT ${SHELTER_COLS}, c.bucket, c."table", c.item_no, c.result, c.assessed_on,
      ${hashKey("c.shelter_code", "c.assessed_on", 'c."table"', "c.item_no")} AS record_key
    FROM (
      SELECT c.*, ${bucket} AS bucket, max(c.assessed_on) OVER (PARTITION BY c.shelter_code, ${bucket}) AS latest
      FROM compliance_checks c WHERE c.assessed_on BETWEEN ${FROM} AND ${TO}
    ) c JOIN shelters s ON s.shelter_code = c.shelter_code
    WHERE c.assessed_on = c.latest`;
}

/** Latest status of each tracked item (recommendation, scope, scope code) up to the end of the period. */
function recommendationRelation(): string {
  // National and regional items carry no shelter: they belong to the network that tracks them.
  return `SELECT r.shelter_code, coalesce(s.network_code, r.network_code) AS network_code, coalesce(s.country, n.country, r.country) AS country,
      coalesce(s.region_code, r.region_code) AS region_code, s.model, CAST(NULL AS DATE) AS bucket, r.status,
      ${hashKey("r.recommendation_code", "r.scope", "r.scope_code")} AS record_key
    FROM (
      SELECT u.recommendation_code, u.scope, u.scope_code,
        arg_max(u.status, u.updated_on) AS status, any_value(u.network_code) AS network_code,
        CASE WHEN u.scope = 'shelter' THEN u.scope_code END AS shelter_code,
        CASE WHEN u.scope = 'region' THEN u.scope_code END AS region_code,
        CASE WHEN u.scope = 'region' THEN upper(left(u.scope_code, 2)) END AS country
      FROM recommendation_updates u WHERE u.updated_on <= ${TO}
      GROUP BY u.recommendation_code, u.scope, u.scope_code
    ) r LEFT JOIN shelters s ON s.shelter_code = r.shelter_code
      LEFT JOIN networks n ON n.network_code = r.network_code`;
}

/**
 * Referrals (contract v1.1): one row per referral decided in the period, by its date, with
 * `admitted`: every admission (a stay's admission date stands for its referral's date: the
 * contract keeps no referral date for women admitted) and every row of referrals_not_admitted.
 * Only days a batch of the shelter that carried referrals_not_admitted covers
 * (referral_reporting_periods) count, for admissions and turn-aways alike: a shelter that does
 * not report its turn-aways is left out, not counted as turning no one away.
 */
function referralRelation(grain: TimeGrain | null): string {
  const bucket = grain ? bucketOf(grain, "r.referral_date") : "CAST(NULL AS DATE)";
  return `SELECT ${SHELTER_COLS}, ${bucket} AS bucket, r.admitted, r.reason, r.age_band, r.referral_source, r.record_key
    FROM (
      SELECT a.shelter_code, a.admission_date AS referral_date, TRUE AS admitted, CAST(NULL AS VARCHAR) AS reason, a.age_band, a.referral_source, a.record_key
        FROM stay_facts a WHERE a.admission_date BETWEEN ${FROM} AND ${TO}
      UNION ALL
      SELECT n.shelter_code, n.referral_date, FALSE, n.reason, n.age_band, n.referral_source, ${hashKey("n.shelter_code", "n.referral_id")}
        FROM referrals_not_admitted n WHERE n.referral_date BETWEEN ${FROM} AND ${TO}
    ) r JOIN shelters s ON s.shelter_code = r.shelter_code
    WHERE EXISTS (SELECT 1 FROM referral_reporting_periods p
                  WHERE p.shelter_code = r.shelter_code AND r.referral_date BETWEEN p.period_start AND p.period_end)`;
}

function shelterRelation(): string {
  return `SELECT ${SHELTER_COLS}, CAST(NULL AS DATE) AS bucket, coalesce(s.has_exclusive_coordinator, false) AS has_exclusive_coordinator,
      ${hashKey("s.shelter_code")} AS record_key
    FROM shelters s
    WHERE coalesce(s.opened_on, ${FROM}) <= ${TO} AND coalesce(s.closed_on, ${TO}) >= ${FROM}`;
}

/**
 * The relation an indicator reads. `grain` asks for a `bucket` column at that time grain.
 * Returns whether the relation repeats a record across buckets (then the total row must be
 * computed from the un-bucketed relation, not by rolling the buckets up).
 */
export function factRelation(
  fact: FactName,
  attribution: string,
  grain: TimeGrain | null,
  opts: FactOptions = {},
): { sql: string; expands: boolean } {
  switch (fact) {
    case "stays": {
      if (attribution !== "overlap" && attribution !== "admission" && attribution !== "exit") {
        throw new Error(`catalogue: stays cannot be attributed by ${attribution}`);
      }
      return { sql: stayRelation(attribution, grain, opts), expands: attribution === "overlap" && grain !== null };
    }
    case "shelter_days":
      return { sql: shelterDaysRelation(grain, opts), expands: grain !== null };
    case "service_surveys":
      return { sql: serviceSurveyRelation(grain), expands: false };
    case "coordinator_surveys":
      return { sql: coordinatorRelation(), expands: false };
    case "compliance":
      // "Latest check" depends on the bucket: the total takes the latest of the whole period.
      return { sql: complianceRelation(grain), expands: grain !== null };
    case "recommendations":
      return { sql: recommendationRelation(), expands: false };
    case "shelters":
      return { sql: shelterRelation(), expands: false };
    case "referrals":
      return { sql: referralRelation(grain), expands: false };
  }
}
