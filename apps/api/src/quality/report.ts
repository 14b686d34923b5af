// The data quality report of a scope: the submission grid with timeliness, completeness and the
// stored findings. One function for the `quality` router and `refugio quality`.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { QualityFinding, QualityReport } from "@refugio/schemas";
import type { Scope } from "../auth/scope";
import { all } from "../db/query";
import { completeness } from "./completeness";
import { medianDaysLate } from "./status";
import { scopeWhere } from "../auth/guard";
import { submissionGrid } from "./submissions";

export async function qualityReport(conn: DuckDBConnection, scope: Scope, opts: { asOf?: string; network?: string; shelter?: string } = {}): Promise<QualityReport> {
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const narrowed: Scope = opts.shelter ? { ...scope, shelters: [...(scope.shelters ?? []).filter((s) => s === opts.shelter), ...(scope.shelters ? [] : [opts.shelter])] } : scope;
  const grid = await submissionGrid(conn, narrowed, { asOf, network: opts.network });
  const codes = grid.map((g) => g.shelter.shelter_code);
  const complete = new Map((await completeness(conn, codes)).map((c) => [c.shelter_code, c]));
  const f = scopeWhere(narrowed, "f");
  const findings = await all<QualityFinding>(
    conn,
    `SELECT finding_id, shelter_code, network_code, rule, metric, severity, CAST(period_start AS VARCHAR) AS period_start, CAST(period_end AS VARCHAR) AS period_end,
            observed, expected, score, affected, explanation, explained_by, CAST(explained_at AS VARCHAR) AS explained_at
     FROM findings AS f WHERE ${f.sql} AND ($network IS NULL OR f.network_code = $network)
     ORDER BY period_start DESC, CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, shelter_code, rule, metric`,
    { ...f.params, network: opts.network ?? null },
  );
  return {
    as_of: asOf,
    shelters: grid.map(({ shelter, periods }) => {
      const c = complete.get(shelter.shelter_code);
      return {
        shelter_code: shelter.shelter_code,
        network_code: shelter.network_code,
        reporting_period: shelter.calendar.period,
        due_days: shelter.calendar.dueDays,
        periods,
        median_days_late: medianDaysLate(periods, asOf),
        completeness: {
          tables: c?.tables ?? [],
          exits: c?.exits ?? 0,
          exits_with_assessment: c?.exits_with_assessment ?? 0,
          followup_eligible: c?.followup_eligible ?? 0,
          followup_attempted: c?.followup_attempted ?? 0,
        },
      };
    }),
    findings: findings.map((x) => ({ ...x, affected: x.affected === null ? null : Number(x.affected) })),
  };
}
