// Submission coverage of indicator values: for each value, the shelters of its scope open during
// its period (registry) and those among them whose exports reach the period's end (load log).
// A value grouped by month, quarter or year has that group's period; by network, shelter,
// region, country or model, that group's shelters.
import type { DuckDBConnection } from "@duckdb/node-api";
import { withReporting } from "@refugio/metrics";
import type { IndicatorQuery, IndicatorResult } from "@refugio/schemas";
import type { Scope } from "../auth/scope";
import { readEveryTime, type Lookups } from "../db/lookups";
import { all } from "../db/query";
import { sheltersBehind, type RegistryUnit } from "../indicators/units";

interface ShelterFacts extends RegistryUnit {
  opened_on: string | null;
  closed_on: string | null;
}

interface Interval {
  start: string | null;
  end: string;
}

const monthEnd = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, "0");

/** The calendar span of a time group value ("2024", "2024-Q2", "2024-03"), else null. */
export function groupSpan(group: Record<string, string | null>): { start: string; end: string } | null {
  const q = group.quarter ? /^(\d{4})-Q([1-4])$/.exec(group.quarter) : null;
  if (q) {
    const y = Number(q[1]);
    const first = (Number(q[2]) - 1) * 3 + 1;
    return { start: `${y}-${pad(first)}-01`, end: monthEnd(y, first + 2) };
  }
  const m = group.month ? /^(\d{4})-(\d{2})$/.exec(group.month) : null;
  if (m) return { start: `${m[1]}-${m[2]}-01`, end: monthEnd(Number(m[1]), Number(m[2])) };
  const y = group.year ? /^(\d{4})$/.exec(group.year) : null;
  if (y) return { start: `${y[1]}-01-01`, end: `${y[1]}-12-31` };
  return null;
}

/** Attaches `reporting` to every released value (rows keep their order). */
export async function attachReporting(
  conn: DuckDBConnection,
  rows: readonly IndicatorResult[],
  opts: { scope: Scope; query: IndicatorQuery; from: string; to: string; asOf?: string; lookups?: Lookups },
): Promise<IndicatorResult[]> {
  const lookups = opts.lookups ?? readEveryTime;
  if (rows.length === 0) return [];
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  // Every registry shelter: which stand behind each row (filters, scope, unit) is sheltersBehind's rule.
  const shelters = await lookups.get(["registry"], () => all<ShelterFacts>(
    conn,
    `SELECT shelter_code, network_code, region_code, country, model,
            CAST(opened_on AS VARCHAR) AS opened_on, CAST(closed_on AS VARCHAR) AS closed_on
     FROM shelters`,
  ));
  const intervals = new Map<string, Interval[]>();
  const loads = await lookups.get(["load-periods"], () => all<{ shelter_code: string; start: string | null; end: string | null }>(
    conn,
    `SELECT shelter_code, CAST(period_start AS VARCHAR) AS start, CAST(coalesce(period_end, exported_on, CAST(loaded_at AS DATE)) AS VARCHAR) AS "end" FROM load_log`,
  ));
  for (const l of loads) if (l.end) intervals.set(l.shelter_code, [...(intervals.get(l.shelter_code) ?? []), { start: l.start, end: l.end }]);
  const coverageOf = (r: IndicatorResult) => {
    const span = groupSpan(r.group);
    const start = span && span.start > opts.from ? span.start : opts.from;
    const end = span && span.end < opts.to ? span.end : opts.to;
    const cut = end < asOf ? end : asOf;
    const expected = sheltersBehind(shelters, opts.query, opts.scope, r.group).filter((s) => (s.opened_on ?? "0000") <= end && (s.closed_on ?? "9999") >= start);
    const reporting = expected.filter((s) => (intervals.get(s.shelter_code) ?? []).some((i) => (i.start ?? "0000") <= cut && i.end >= cut));
    return { shelters_expected: expected.length, shelters_reporting: reporting.length };
  };
  return rows.map((r) => withReporting(r, coverageOf(r)));
}
