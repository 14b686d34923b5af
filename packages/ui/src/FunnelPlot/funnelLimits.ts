// Where a point lies relative to control limits drawn by the caller (the UI does no statistics,
// it only reads the limit curves it was given, interpolating between their points).

/** Control limits at one denominator. The caller computes them (exact binomial or normal approximation). */
export interface FunnelLimitPoint {
  denominator: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export type FunnelPosition = "above998" | "above95" | "within" | "below95" | "below998";

type LimitKey = Exclude<keyof FunnelLimitPoint, "denominator">;

/** Linear interpolation of one limit curve at x; flat beyond the first and last points. */
export function limitAt(limits: FunnelLimitPoint[], key: LimitKey, x: number): number | null {
  const sorted = [...limits].sort((a, b) => a.denominator - b.denominator);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return null;
  if (x <= first.denominator) return first[key];
  if (x >= last.denominator) return last[key];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a && b && x <= b.denominator) {
      const t = b.denominator === a.denominator ? 0 : (x - a.denominator) / (b.denominator - a.denominator);
      return a[key] + t * (b[key] - a[key]);
    }
  }
  return last[key];
}

export function funnelPosition(limits: FunnelLimitPoint[], denominator: number, value: number): FunnelPosition {
  const u998 = limitAt(limits, "upper998", denominator);
  const l998 = limitAt(limits, "lower998", denominator);
  const u95 = limitAt(limits, "upper95", denominator);
  const l95 = limitAt(limits, "lower95", denominator);
  if (u998 !== null && value > u998) return "above998";
  if (l998 !== null && value < l998) return "below998";
  if (u95 !== null && value > u95) return "above95";
  if (l95 !== null && value < l95) return "below95";
  return "within";
}
