// Attrition made visible: a proportion measured on only some of the women who should have been
// measured (follow-up reached, exit assessment done) is bounded by the two extreme assumptions
// about the unmeasured — the "worst–best case" bounds of Horowitz & Manski (2000), "Nonparametric
// analysis of randomized experiments with missing covariate and outcome data", JASA 95:77–84:
//   low  = x / E              (no unmeasured woman had the outcome)
//   high = (x + E − m) / E    (every unmeasured woman had it)
// with x the measured events, m the measured, E the eligible; coverage = m / E.

/** Coverage under this share is flagged "cobertura baja / low coverage" unless configured otherwise. */
export const LOW_COVERAGE = 0.6;

export interface AttritionBounds {
  /** Measured ÷ eligible. */
  coverage: number;
  /** The value if no unmeasured woman had the outcome, and if every one had it. */
  low: number;
  high: number;
  /** The value if every unmeasured woman had the good outcome (by the indicator's polarity), and if none had. */
  best: number;
  worst: number;
  low_coverage: boolean;
  threshold: number;
}

export function attritionBounds(
  events: number,
  measured: number,
  eligible: number,
  polarity: "higher_is_better" | "lower_is_better" | "no_judgement",
  threshold = LOW_COVERAGE,
): AttritionBounds | null {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`attritionBounds: threshold must be in [0, 1], got ${threshold}`);
  if (!(eligible > 0) || !(measured >= 0) || measured > eligible || !(events >= 0) || events > measured) return null;
  const low = events / eligible;
  const high = (events + eligible - measured) / eligible;
  const coverage = measured / eligible;
  const lowerIsBetter = polarity === "lower_is_better";
  return { coverage, low, high, best: lowerIsBetter ? low : high, worst: lowerIsBetter ? high : low, low_coverage: coverage < threshold, threshold };
}
