// Completeness per shelter: for each table it sent, the share of required and of key optional
// cells filled; the share of exits with an exit assessment; the share of exits eligible for the
// 6-month follow-up (NOM 5.7.2) with a follow-up attempt at 6 months or later. Counts only: no
// row-level value leaves this module.
import type { DuckDBConnection } from "@duckdb/node-api";
import { FOLLOWUP_MIN_DAYS } from "@refugio/metrics";
import { batchTables, type BatchTableName } from "@refugio/schemas";
import { quoteIdent } from "../db/ddl";
import { all } from "../db/query";

/**
 * Optional columns a network's figures lean on (the indicators' breakdowns and outcomes): a blank
 * one is a gap, not a legitimate "does not apply". Tables not listed are judged on required cells only.
 */
export const KEY_OPTIONAL: Partial<Record<BatchTableName, readonly string[]>> = {
  stays: ["referral_source", "risk_level_at_admission", "age_band", "children_in_stay", "consent_followup"],
  children: ["age_band", "school_enrolled_at_admission", "psychological_care"],
  assessments: ["item_1"],
  followups: ["mode", "safe_environment", "life_plan_progress", "violence_recurrence"],
  referrals_not_admitted: ["referral_source", "age_band"],
};

export interface FieldCompleteness {
  column: string;
  required: boolean;
  /** Rows with the column filled. */
  filled: number;
}

export interface TableCompleteness {
  table: string;
  rows: number;
  /** The columns behind the shares, each as a count (what the Data quality page drills into). */
  fields: FieldCompleteness[];
  /** Filled ÷ all cells of the required columns (null: no rows). */
  required_filled: number | null;
  /** Filled ÷ all cells of the key optional columns (null: no rows, or none listed). */
  optional_filled: number | null;
}

export interface ShelterCompleteness {
  shelter_code: string;
  tables: TableCompleteness[];
  exits: number;
  exits_with_assessment: number;
  followup_eligible: number;
  followup_attempted: number;
}

const share = (filled: number, cells: number): number | null => (cells > 0 ? Math.round((filled / cells) * 1000) / 1000 : null);

export async function completeness(conn: DuckDBConnection, shelterCodes: readonly string[]): Promise<ShelterCompleteness[]> {
  if (shelterCodes.length === 0) return [];
  const params = { codes: shelterCodes.join("\u0001") };
  const inCodes = `list_contains(string_split($codes, '\u0001'), shelter_code)`;
  const out = new Map<string, ShelterCompleteness>(
    shelterCodes.map((s) => [s, { shelter_code: s, tables: [], exits: 0, exits_with_assessment: 0, followup_eligible: 0, followup_attempted: 0 }]),
  );
  for (const table of batchTables) {
    const required = table.columns.filter((c) => c.required && c.name !== "shelter_code").map((c) => c.name);
    const optional = (KEY_OPTIONAL[table.name] ?? []).filter((n) => table.columns.some((c) => c.name === n));
    // One count per judged column (aliased by position: column names are the contract's, quoted).
    const judged = [...required.map((c) => ({ column: c, required: true })), ...optional.map((c) => ({ column: c, required: false }))];
    const counts = judged.map((f, i) => `count(${quoteIdent(f.column)}) AS f${i}`).join(", ");
    const rows = await all<Record<string, number> & { shelter_code: string; n: number }>(
      conn,
      `SELECT shelter_code, count(*) AS n${counts ? `, ${counts}` : ""}
       FROM ${quoteIdent(table.name)} WHERE ${inCodes} GROUP BY shelter_code`,
      params,
    );
    for (const r of rows) {
      const fields = judged.map((f, i) => ({ ...f, filled: Number(r[`f${i}`] ?? 0) }));
      const sum = (req: boolean) => fields.filter((f) => f.required === req).reduce((a, f) => a + f.filled, 0);
      out.get(r.shelter_code)?.tables.push({
        table: table.name,
        rows: Number(r.n),
        required_filled: share(sum(true), Number(r.n) * required.length),
        optional_filled: share(sum(false), Number(r.n) * optional.length),
        fields,
      });
    }
  }
  const exits = await all<{ shelter_code: string; exits: number; assessed: number; eligible: number; attempted: number }>(
    conn,
    `SELECT f.shelter_code, count(*) AS exits,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM assessments a WHERE a.shelter_code = f.shelter_code AND a.stay_id = f.stay_id AND a.timepoint = 'exit')) AS assessed,
            count(*) FILTER (WHERE f.followup_eligible) AS eligible,
            count(*) FILTER (WHERE f.followup_eligible AND EXISTS (
              SELECT 1 FROM followups u WHERE u.shelter_code = f.shelter_code AND u.stay_id = f.stay_id AND u.contact_date >= f.exit_date + ${FOLLOWUP_MIN_DAYS})) AS attempted
     FROM stay_facts f WHERE list_contains(string_split($codes, '\u0001'), f.shelter_code) AND f.exit_date IS NOT NULL GROUP BY f.shelter_code`,
    params,
  );
  for (const r of exits) {
    const c = out.get(r.shelter_code);
    if (!c) continue;
    c.exits = Number(r.exits);
    c.exits_with_assessment = Number(r.assessed);
    c.followup_eligible = Number(r.eligible);
    c.followup_attempted = Number(r.attempted);
  }
  return [...out.values()];
}
