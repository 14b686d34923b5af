// A proportion released to an external reader: numerator and denominator perturbed separately,
// each with its own cell key, then the value and its interval recomputed from the perturbed
// figures (so the interval's width never gives back the true denominator).
import { wilson } from "../stats/wilson";
import { perturbCount, perturbationTable } from "../suppression/cell-key";
import { DEFAULT_K } from "../suppression/primary";

export interface PerturbedRate {
  numerator: number;
  denominator: number;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/**
 * The denominator floors at k (a publishable denominator is never shown below k), the
 * numerator at 0 and never above the perturbed denominator.
 */
export function perturbRate(
  numerator: number,
  denominator: number,
  keys: { numerator: number; denominator: number },
  k = DEFAULT_K,
  level = 0.95,
): PerturbedRate {
  const den = perturbCount(denominator, keys.denominator, perturbationTable(k));
  const num = Math.min(den, perturbCount(numerator, keys.numerator, perturbationTable(0)));
  if (den === 0) return { numerator: num, denominator: den, value: null, ci_low: null, ci_high: null };
  const ci = wilson(num, den, level);
  return { numerator: num, denominator: den, value: num / den, ci_low: ci.low, ci_high: ci.high };
}
