// A trend split by network, region or model: one series per group, each in time order.
import type { IndicatorResult } from "@refugio/schemas";

/** [group code, its periods] in first-seen order; rows without the period (per-group totals) are left out. */
export function splitSeries(rows: readonly IndicatorResult[], grain: string, by: string): [string | null, IndicatorResult[]][] {
  const series = new Map<string | null, IndicatorResult[]>();
  for (const r of rows) {
    if (r.group[grain] === undefined || !(by in r.group)) continue;
    const code = r.group[by] ?? null;
    series.set(code, [...(series.get(code) ?? []), r]);
  }
  return [...series.entries()].map(([code, rs]) => [code, [...rs].sort((a, b) => String(a.group[grain]).localeCompare(String(b.group[grain])))]);
}
