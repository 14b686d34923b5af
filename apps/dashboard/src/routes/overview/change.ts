// A headline figure against the previous period of the same length: the change with its own 95 %
// interval, judged like a comparison (the interval excludes no change: better or worse by the
// catalogue's polarity; else similar). Built from released figures only.
import type { Comparison, IndicatorResult, Polarity } from "@refugio/schemas";

/** The period just before `period`, as long as it (whole years, as the period filter sets them). */
export function previousPeriod(period: { from?: string; to?: string }): { from: string; to: string } | null {
  if (!period.from || !period.to) return null;
  const a = Number(period.from.slice(0, 4));
  const b = Number(period.to.slice(0, 4));
  if (!Number.isInteger(a) || !Number.isInteger(b) || b < a) return null;
  const span = b - a + 1;
  return { from: `${a - span}${period.from.slice(4)}`, to: `${b - span}${period.to.slice(4)}` };
}

export interface Change {
  difference: number;
  low: number | null;
  high: number | null;
  judgement: Comparison;
}

/**
 * Difference of two independent proportions with Newcombe's hybrid score interval (method 10,
 * Newcombe 1998), from each period's own Wilson interval as released: the square-root combination
 * of each end's distance. Counts and other units get the difference without an interval.
 */
export function changeBetween(current: IndicatorResult, previous: IndicatorResult | undefined, unit: string, polarity: Polarity): Change | null {
  if (!previous || current.suppressed || previous.suppressed || current.value === null || previous.value === null) return null;
  const d = current.value - previous.value;
  const ends = [current.ci_low, current.ci_high, previous.ci_low, previous.ci_high];
  if (unit !== "proportion" || ends.some((e) => e === null)) return { difference: d, low: null, high: null, judgement: "not_compared" };
  const [l1, u1, l0, u0] = ends as [number, number, number, number];
  const p1 = current.value;
  const p0 = previous.value;
  const low = d - Math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2);
  const high = d + Math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2);
  let judgement: Comparison = "similar";
  if (polarity === "no_judgement") judgement = "not_compared";
  else if (low > 0) judgement = polarity === "higher_is_better" ? "better" : "worse";
  else if (high < 0) judgement = polarity === "higher_is_better" ? "worse" : "better";
  return { difference: d, low, high, judgement };
}

/** Whether a value meets the catalogue's target, in the indicator's direction; null without either. */
export function meetsTarget(value: number | null, target: number | null, polarity: Polarity): boolean | null {
  if (value === null || target === null || polarity === "no_judgement") return null;
  return polarity === "higher_is_better" ? value >= target : value <= target;
}
