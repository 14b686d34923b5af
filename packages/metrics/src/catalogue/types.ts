// The shape of one indicator definition. Everything the API, the CLI and the dashboard know about
// an indicator comes from one of these; the SQL fragments in it are catalogue text, never user input.
import type { Dimension, IndicatorUnit, Polarity } from "@refugio/schemas";

export interface Bilingual {
  es: string;
  en: string;
}

/**
 * Which date puts a record in a period [from, to] (inclusive bounds):
 * - overlap: stays whose [admission, exit or still open] meets the period (shelters: open days);
 * - admission / exit: the stay's admission or exit date (open stays have no exit);
 * - answer_date: service_surveys.answered_on; survey_year: coordinator_surveys.year;
 * - check_date: latest NOM-217 check per shelter inside the period;
 * - update_date: latest status per recommendation item up to the end of the period;
 * - registry: shelters open at some point of the period, as the registry describes them now;
 * - referral_date: referrals by their date (an admission's date stands for its referral's), on
 *   the days the shelter reported its turn-aways (contract v1.1, ./sources.ts).
 */
export type Attribution =
  | "overlap"
  | "admission"
  | "exit"
  | "answer_date"
  | "survey_year"
  | "check_date"
  | "update_date"
  | "registry"
  | "referral_date";

/** Case-mix variables an indicator may be standardised on (./casemix.ts declares their strata). */
export type CaseMixVariableCode = "risk_level" | "age_band" | "children" | "disability";

/** The declared fact relations an indicator may read (see ./sources.ts for their SQL). */
export type FactName =
  | "stays"
  | "shelter_days"
  | "shelters"
  | "service_surveys"
  | "coordinator_surveys"
  | "compliance"
  | "recommendations"
  | "referrals";

/**
 * How the row's figures are computed:
 * - proportion: numerator ÷ denominator with a Wilson interval;
 * - count: the numerator alone (people served);
 * - ratio: numerator ÷ denominator that is not a share of people (occupied place-days ÷
 *   available place-days): no binomial interval, suppressed on `n` (the stays behind it);
 * - distribution: median (value), mean and p90 of a per-record value;
 * - paired_change: mean of a per-record paired difference, t-interval and d_z.
 */
export type Computation = "proportion" | "count" | "ratio" | "distribution" | "paired_change";

/**
 * An aggregate over fact rows `f`, declared so the compiler can also derive the cell key of the
 * records behind it (sum of their record keys mod 256).
 * - count: rows where `where` holds (default: every row);
 * - count_distinct: distinct values of `expr` among rows where `where` holds;
 * - sum: sum of `expr` (a per-row count) among rows where `where` holds; `top` is the largest
 *   single record's share of a row when a row pools several records (default: the row's value),
 *   which sets the size of the noise an external release adds (../release/magnitude.ts).
 */
export type Aggregate =
  | { count: true; where?: string }
  | { countDistinct: string; where?: string }
  | { sum: string; where?: string; top?: string };

export interface IndicatorDefinition {
  code: string;
  label: Bilingual;
  description: Bilingual;
  unit: IndicatorUnit;
  polarity: Polarity;
  attribution: Attribution;
  /** Disaggregations allowed; only these may appear in `by`. */
  dimensions: readonly Dimension[];
  /** Where the indicator comes from in the seeds (../shared/seeds). */
  source: string;
  target: number | null;
  /** Shown as a percentage although not a proportion of cases (occupancy: place-days ÷ capacity). */
  display?: "percent";
  fact: FactName;
  computation: Computation;
  /** Extra row condition over `f`, on top of the period rule. */
  where?: string;
  numerator?: Aggregate;
  denominator?: Aggregate;
  /** Per-row value for distribution / paired_change (rows where it is NULL are left out). */
  value?: string;
  /** What `n` counts; default: the denominator (proportion/ratio) or the numerator (count). */
  n?: Aggregate;
  /**
   * Attrition, for follow-up and pre/post indicators: who should have a value, and who lacks one.
   * `measured` names the figure that counts those with a value, so missing = eligible − measured
   * (a catalogue test checks it on data): an external release perturbs `eligible` and derives
   * `missing` from it, instead of publishing a third noisy count that could be averaged.
   */
  coverage?: { eligible: Aggregate; missing: Aggregate; measured: "numerator" | "denominator"; note: Bilingual };
  /**
   * The ratio's denominator is not a count of people but a registry figure (capacity × days
   * open): released exactly, as the registry is.
   */
  publicDenominator?: boolean;
  /**
   * Case-mix variables for indirect standardisation ("adjusted for case mix"), in the order their
   * strata are merged (./casemix.ts). Only proportions over stays declare them.
   */
  caseMix?: readonly CaseMixVariableCode[];
  /** Aurora recommendations whose progress the indicator shows. */
  recommendations?: readonly string[];
  /**
   * Units the indicator says nothing about, answered as such instead of as a suppressed zero:
   * - stay_limit: only shelters whose model has a stay limit (others: "not_applicable");
   * - compliance_check: only shelters with a NOM-217 check in the period (others: "not_assessed").
   * A row none of whose shelters qualify gets that state and the reason.
   */
  applicability?: { rule: "stay_limit" | "compliance_check"; state: "not_applicable" | "not_assessed"; reason: Bilingual };
}
