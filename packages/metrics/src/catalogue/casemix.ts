// Case-mix variables and the query behind indirect standardisation (../stats/standardise.ts).
// Each variable is a column of a stay with its levels in a declared order: strata with too few
// records are merged with their neighbours along that order (risk first, then age, children,
// disability), so the order is part of the method and is stated in docs/methods.md. The query
// returns, per stratum, the true building blocks (numerator, denominator) and their cell keys for
// every unit and for the reference population (all units of the query together), so the release
// engine (../release/adjusted.ts) can perturb them like any other published cell.
import { codeValues, type Dimension } from "@refugio/schemas";
import { dimensionSql, filterClause, IndicatorQueryError, measures, usedParams, type CompiledRow, type CompileInput, type SqlParam } from "./compile";
import { factRelation } from "./sources";
import type { Bilingual, CaseMixVariableCode, IndicatorDefinition } from "./types";

export interface CaseMixLevel {
  code: string;
  label: Bilingual;
}

export interface CaseMixVariable {
  code: CaseMixVariableCode;
  label: Bilingual;
  /** SQL over a stay `f` giving the level's code (never NULL: unrecorded is "unknown"). */
  sql: string;
  /** Levels in their declared order ("unknown" last). */
  levels: readonly CaseMixLevel[];
}

const UNKNOWN: CaseMixLevel = { code: "unknown", label: { es: "sin dato", en: "not recorded" } };
const fromCodes = (list: "risk_level" | "woman_age_band"): CaseMixLevel[] =>
  codeValues(list).map((code) => ({ code, label: { es: code, en: code } }));

export const caseMixVariables: Readonly<Record<CaseMixVariableCode, CaseMixVariable>> = {
  risk_level: {
    code: "risk_level",
    label: { es: "nivel de riesgo al ingreso", en: "risk level at admission" },
    sql: "coalesce(CAST(f.risk_level AS VARCHAR), 'unknown')",
    levels: [...fromCodes("risk_level"), UNKNOWN],
  },
  age_band: {
    code: "age_band",
    label: { es: "grupo de edad", en: "age band" },
    sql: "coalesce(CAST(f.age_band AS VARCHAR), 'unknown')",
    levels: [...fromCodes("woman_age_band"), UNKNOWN],
  },
  children: {
    code: "children",
    label: { es: "hijas e hijos en la estancia", en: "children in the stay" },
    sql: "CASE WHEN coalesce(f.children_in_stay, f.children_rows) IS NULL THEN 'unknown' WHEN coalesce(f.children_in_stay, f.children_rows) >= 3 THEN '3+' ELSE CAST(coalesce(f.children_in_stay, f.children_rows) AS VARCHAR) END",
    levels: [
      { code: "0", label: { es: "0", en: "0" } },
      { code: "1", label: { es: "1", en: "1" } },
      { code: "2", label: { es: "2", en: "2" } },
      { code: "3+", label: { es: "3 o más", en: "3 or more" } },
      UNKNOWN,
    ],
  },
  disability: {
    code: "disability",
    label: { es: "discapacidad", en: "disability" },
    sql: "CASE WHEN f.disability IS NULL THEN 'unknown' WHEN f.disability THEN 'yes' ELSE 'no' END",
    levels: [
      { code: "no", label: { es: "no", en: "no" } },
      { code: "yes", label: { es: "sí", en: "yes" } },
      UNKNOWN,
    ],
  },
};

/** The case-mix variables of an indicator, in merge order; an error when it declares none. */
export function caseMixOf(def: IndicatorDefinition): CaseMixVariable[] {
  if (!def.caseMix || def.caseMix.length === 0 || def.computation !== "proportion" || def.fact !== "stays") {
    throw new IndicatorQueryError(
      `El indicador ${def.code} no admite ajuste por perfil de ingreso`,
      `Indicator ${def.code} cannot be adjusted for case mix`,
    );
  }
  return def.caseMix.map((c) => caseMixVariables[c]);
}

/** One row of the case-mix query: a unit's stratum (is_total false) or the reference's (true). */
export type CaseMixRow = CompiledRow & { [stratum: `s_${string}`]: string | null };

export interface CompiledCaseMix {
  sql: string;
  params: Record<string, SqlParam>;
  unit: Dimension;
  variables: CaseMixVariable[];
}

/**
 * Per-stratum numerator and denominator (with cell keys) of every unit and of the reference
 * population, for the same period, filters and scope as the crude query. Stratum columns are
 * `s_<variable>`; the unit column is `g_<unit>`; reference rows have is_total = true.
 */
export function compileCaseMix(def: IndicatorDefinition, input: CompileInput & { unit: Dimension }): CompiledCaseMix {
  const variables = caseMixOf(def);
  const { params, whereSql } = filterClause(def, input);
  const rel = factRelation(def.fact, def.attribution, null);
  const strata = variables.map((v) => `s_${v.code}`);
  const g = `g_${input.unit}`;
  const inner = `SELECT f.*, CAST(${dimensionSql[input.unit]} AS VARCHAR) AS ${g}${variables.map((v) => `, ${v.sql} AS s_${v.code}`).join("")} FROM (${rel.sql}) f ${whereSql}`;
  const sql = `SELECT ${g}, ${strata.join(", ")}, grouping(${g}) <> 0 AS is_total,
  ${measures(def).join(",\n  ")}
FROM (${inner}) f
GROUP BY GROUPING SETS ((${g}, ${strata.join(", ")}), (${strata.join(", ")}))
ORDER BY is_total DESC, ${g} NULLS LAST, ${strata.join(", ")}`;
  return { sql, params: usedParams(sql, params), unit: input.unit, variables };
}
