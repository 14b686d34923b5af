// Shapes shared by the API, the CLI (`refugio indicators --json`), the metrics package and the UI.
import { z } from "zod";
import { isoDate } from "../contract/zod";

/** Disaggregations an indicator may allow. Time grains are for trends. */
export const dimensionCodes = [
  "network",
  "country",
  "region",
  "shelter",
  "model",
  "age_band",
  "referral_source",
  "risk_level",
  "disability",
  "minority_language",
  "month",
  "quarter",
  "year",
] as const;
export const dimensionSchema = z.enum(dimensionCodes);
export type Dimension = z.infer<typeof dimensionSchema>;

export const polaritySchema = z.enum(["higher_is_better", "lower_is_better", "no_judgement"]);
export type Polarity = z.infer<typeof polaritySchema>;

export const comparisonSchema = z.enum(["better", "similar", "worse", "not_compared"]);
export type Comparison = z.infer<typeof comparisonSchema>;

export const suppressionReasonSchema = z.enum(["primary", "secondary"]);
export type SuppressionReason = z.infer<typeof suppressionReasonSchema>;

/**
 * Why a result has (or has no) value — four different things a blank can mean, worded apart:
 * - value: a figure is shown;
 * - suppressed: withheld to protect small groups (suppression_reason says which rule);
 * - no_data: nothing was reported for the period (e.g. a period after the data's export date);
 * - not_assessed: the source was never collected for these units (no NOM-217 check on record);
 * - not_applicable: the indicator does not apply to them (a model with no stay limit).
 */
export const resultStateSchema = z.enum(["value", "suppressed", "no_data", "not_assessed", "not_applicable"]);
export type ResultState = z.infer<typeof resultStateSchema>;

/**
 * Years a period may name: from the first year any network reports (2000) to the current year.
 * A period that has not started cannot hold data (a later year would count open stays in years
 * that have not happened), so it is refused here rather than answered with zeros.
 */
export const MIN_PERIOD_YEAR = 2000;
export const periodDateSchema = isoDate.refine(
  (d) => {
    const year = Number(d.slice(0, 4));
    return year >= MIN_PERIOD_YEAR && year <= new Date().getUTCFullYear();
  },
  { error: `año fuera de rango (${MIN_PERIOD_YEAR} al año en curso) / year out of range (${MIN_PERIOD_YEAR} to the current year)` },
);

const code = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, {
  error: "solo letras, números, _ . - / letters, digits, _ . - only",
});

/** Filters of `refugio indicators` and `indicators.values`. */
export const indicatorQuerySchema = z
  .object({
    indicators: z.array(code).max(60).optional(),
    from: periodDateSchema.optional(),
    to: periodDateSchema.optional(),
    network: code.optional(),
    country: z.string().length(2).optional(),
    region: code.optional(),
    shelter: code.optional(),
    model: code.optional(),
    by: z.array(dimensionSchema).max(3).optional(),
    k: z.number().int().min(2).max(50).optional(),
  })
  // Unknown fields are refused, not ignored: a misspelt filter (`shelter_code`, `indicator`)
  // would otherwise widen the query silently to the whole network or every indicator.
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ["to"],
    message: "'to' es anterior a 'from' / 'to' is before 'from'",
  });
export type IndicatorQuery = z.infer<typeof indicatorQuerySchema>;

/** One value of one indicator for one group (empty group = the total of the query). */
export const indicatorResultSchema = z.object({
  indicator: z.string(),
  group: z.record(z.string(), z.string().nullable()),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  n: z.number().nullable(),
  suppressed: z.boolean(),
  suppression_reason: suppressionReasonSchema.nullable(),
  comparison: comparisonSchema.nullable(),
  /** What the row holds (absent in older answers: read `suppressed`). */
  state: resultStateSchema.optional(),
  /** For no_data / not_assessed / not_applicable: why, in both languages. */
  state_reason: z.object({ es: z.string(), en: z.string() }).optional(),
  /** Perturbed by the cell-key method (outputs for people outside the data's owner). */
  perturbed: z.boolean().optional(),
  /**
   * What `value` is for a distribution indicator: the median (owner and internal readers) or the
   * mean (external readers, whose figures are derived from perturbed sums; quantiles are not).
   */
  statistic: z.enum(["median", "mean"]).optional(),
  /** Extra statistics: median/p90/mean for lengths, d_z for paired change, etc. */
  stats: z.record(z.string(), z.number().nullable()).optional(),
  /** Attrition for follow-up and pre/post indicators: read a rate with its coverage. */
  coverage: z
    .object({ eligible: z.number().nullable(), missing: z.number().nullable(), note: z.string().optional() })
    .optional(),
  /**
   * Submission coverage of the value's scope and period: shelters expected to report (open in the
   * registry) and shelters whose exports reach the period's end (docs/quality.md). Not the
   * attrition `coverage` above: a total from 18 of 22 shelters is not comparable with one from 22.
   */
  reporting: z.object({ shelters_expected: z.number().int(), shelters_reporting: z.number().int() }).optional(),
  /**
   * Proportions measured on part of the eligible (pre/post, follow-up): coverage, the worst–best
   * bounds over the unmeasured and the "cobertura baja / low coverage" flag (docs/methods.md).
   */
  attrition: z
    .object({
      coverage: z.number(),
      low: z.number(),
      high: z.number(),
      best: z.number(),
      worst: z.number(),
      low_coverage: z.boolean(),
      threshold: z.number(),
    })
    .optional(),
});
export type IndicatorResult = z.infer<typeof indicatorResultSchema>;

/**
 * Every figure of a result row left out: what a suppressed row keeps (with `suppressed: true` and
 * its reason), what a row with no value for another reason carries (the API's result states), and
 * the blank a fixture starts from. One object, so a new figure field is left out everywhere at once.
 */
export const NO_FIGURES = {
  numerator: null,
  denominator: null,
  value: null,
  ci_low: null,
  ci_high: null,
  n: null,
  suppressed: false,
  suppression_reason: null,
  comparison: null,
} as const satisfies Omit<IndicatorResult, "indicator" | "group">;

export const indicatorUnitSchema = z.enum(["proportion", "count", "days", "score_change", "rate"]);
export type IndicatorUnit = z.infer<typeof indicatorUnitSchema>;

/** What the catalogue tells clients about an indicator (no SQL). */
export const indicatorInfoSchema = z.object({
  code: z.string(),
  label: z.object({ es: z.string(), en: z.string() }),
  description: z.object({ es: z.string(), en: z.string() }),
  unit: indicatorUnitSchema,
  polarity: polaritySchema,
  attribution: z.string(),
  dimensions: z.array(dimensionSchema),
  source: z.string(),
  target: z.number().nullable(),
  /** A ratio read as a share of a whole (occupancy of places): shown as a percentage; its statistics stay a ratio's. */
  display: z.enum(["percent"]).optional(),
  /** Case-mix variables the indicator can be adjusted for (compare.units with adjust: true). */
  caseMix: z.array(z.string()).optional(),
});
export type IndicatorInfo = z.infer<typeof indicatorInfoSchema>;
