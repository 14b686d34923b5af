// Benchmark comparison in the style of public-health profiles (e.g. England's Fingertips):
// the interval either excludes the benchmark (a significant difference) or it does not.
import type { Comparison, Polarity } from "@refugio/schemas";
import { wilson } from "./wilson";

export interface ComparableValue {
  low: number | null;
  high: number | null;
  suppressed?: boolean;
  /** When given, the Wilson interval is recomputed at `level` (e.g. 99.8 %) from x / n. */
  x?: number | null;
  n?: number | null;
}

/**
 * "better" / "similar" / "worse" / "not_compared".
 *
 * - suppressed, a missing interval or a missing benchmark → "not_compared".
 * - interval contains the benchmark (ends inclusive) → "similar".
 * - interval entirely above / below it → "better" or "worse" according to the polarity.
 * - polarity "no_judgement" with a significant difference → "not_compared": the schema has no
 *   "higher"/"lower" and calling it "similar" would be false, so we decline to judge rather
 *   than mislabel. Without a difference it is still "similar".
 *
 * `level` only matters when x and n are supplied; otherwise the interval is taken as given.
 */
export function compareToBenchmark(
  value: ComparableValue,
  benchmark: number | null,
  polarity: Polarity,
  level = 0.95,
): Comparison {
  if (value.suppressed || benchmark === null || !Number.isFinite(benchmark)) return "not_compared";
  let { low, high } = value;
  if (value.x != null && value.n != null) ({ low, high } = wilson(value.x, value.n, level));
  if (low === null || high === null) return "not_compared";
  if (low <= benchmark && benchmark <= high) return "similar";
  if (polarity === "no_judgement") return "not_compared";
  const higher = low > benchmark;
  return higher === (polarity === "higher_is_better") ? "better" : "worse";
}
