// Adapts the API's funnel curve (limits per level at each denominator) to the points the UI's
// FunnelPlot draws. Pure, so it is unit-tested without a browser.
import type { FunnelLimitPoint } from "@refugio/ui";

export interface ApiFunnelPoint {
  n: number;
  limits: { level: number; low: number; high: number }[];
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * `maxN` trims the curve to the compared units' range (plus the first point beyond it), so a
 * curve drawn for a larger population does not squeeze the units into the plot's left edge.
 */
export function toFunnelLimitPoints(curve: readonly ApiFunnelPoint[], maxN = Infinity): FunnelLimitPoint[] {
  const out: FunnelLimitPoint[] = [];
  const sorted = [...curve].sort((a, b) => a.n - b.n);
  const cut = sorted.findIndex((p) => p.n >= maxN);
  for (const point of cut === -1 ? sorted : sorted.slice(0, cut + 1)) {
    const l95 = point.limits.find((l) => near(l.level, 0.95));
    const l998 = point.limits.find((l) => near(l.level, 0.998));
    if (!l95 || !l998) continue;
    out.push({ denominator: point.n, lower95: l95.low, upper95: l95.high, lower998: l998.low, upper998: l998.high });
  }
  return out;
}

export interface ApiRatioFunnelPoint {
  expected: number;
  limits: { level: number; low: number; high: number }[];
}

/** The O/E funnel (limits per level at each expected count) as FunnelPlot points, x = expected. */
export function toRatioFunnelPoints(curve: readonly ApiRatioFunnelPoint[], maxE = Infinity): FunnelLimitPoint[] {
  return toFunnelLimitPoints(
    curve.map((p) => ({ n: p.expected, limits: p.limits })),
    maxE,
  );
}
