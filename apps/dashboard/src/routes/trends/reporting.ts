// Periods of a trend whose submission coverage differs from the trend's usual one: totals over
// periods with different numbers of shelters reporting are not comparable, so they are named.
import type { IndicatorResult } from "@refugio/schemas";

/** "period (reporting/expected)" for each period whose coverage is not the trend's most common one, or incomplete. */
export function periodsWithDifferentReporting(periods: readonly IndicatorResult[], periodKey: string): string[] {
  const withReporting = periods.filter((r) => r.reporting && r.group[periodKey]);
  if (withReporting.length === 0) return [];
  const key = (r: IndicatorResult) => `${r.reporting?.shelters_reporting ?? 0}/${r.reporting?.shelters_expected ?? 0}`;
  const counts = new Map<string, number>();
  for (const r of withReporting) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  const usual = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return withReporting
    .filter((r) => key(r) !== usual || (r.reporting?.shelters_reporting ?? 0) < (r.reporting?.shelters_expected ?? 0))
    .map((r) => `${r.group[periodKey] ?? ""} (${key(r)})`);
}
