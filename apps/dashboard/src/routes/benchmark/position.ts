// Where a shelter's value sits in its peers' distribution, in words (no statistics beyond the
// quartiles the API returns: peers are anonymous and the API already withheld small groups).
import type { Comparison, Polarity } from "@refugio/schemas";

export type PeerPosition = "below_p25" | "p25_p75" | "above_p75";

export function positionAmongPeers(
  value: number | null,
  quantiles: { p25: number; p75: number } | null,
): PeerPosition | null {
  if (value === null || quantiles === null) return null;
  if (value < quantiles.p25) return "below_p25";
  if (value > quantiles.p75) return "above_p75";
  return "p25_p75";
}

/** x of a value on a 0..1 strip spanning [min, max] of all shown values (own value included). */
export function stripScale(values: readonly number[]): (v: number) => number {
  const finite = values.filter(Number.isFinite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (finite.length === 0 || max === min) return () => 0.5;
  return (v) => (v - min) / (max - min);
}

/**
 * The shelter's own value in the same terms as its peers'. Peers are external figures, where a
 * distribution indicator's value is the mean (medians are not released); the shelter's own row
 * gives the median as its value and the mean among its stats, so the mean is compared.
 */
export function comparableOwnValue(own: {
  suppressed: boolean;
  value: number | null;
  statistic?: "median" | "mean";
  stats?: Record<string, number | null>;
} | undefined): { value: number | null; asMean: boolean } {
  if (!own || own.suppressed) return { value: null, asMean: false };
  const mean = own.stats?.mean;
  if (own.statistic === "median" && typeof mean === "number") return { value: mean, asMean: true };
  return { value: own.value, asMean: false };
}

/**
 * Whether a position is good or bad, from the catalogue's polarity: outside the middle half on
 * the better side is "better", on the worse side "worse", inside it "similar"; an indicator with
 * no better direction (a count, occupancy) is never judged.
 */
export function judgePosition(position: PeerPosition | null, polarity: Polarity): Comparison {
  if (position === null || polarity === "no_judgement") return "not_compared";
  if (position === "p25_p75") return "similar";
  const high = position === "above_p75";
  return high === (polarity === "higher_is_better") ? "better" : "worse";
}
