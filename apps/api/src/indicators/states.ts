// The four ways a result can lack a value, told apart after release (schemas: resultStateSchema):
// suppressed (the release engine withheld it), no data (a period after the data's export date),
// not assessed / not applicable (the catalogue's `applicability`: no shelter behind the row was
// ever checked, or none has a model the indicator applies to). Only registry facts and the
// existence of NOM-217 checks decide the last two (institutional, not personal data), so a row
// answered as "not applicable" reveals nothing a suppressed zero would have hidden.
import type { DuckDBConnection } from "@duckdb/node-api";
import { deriveFrom, type IndicatorDefinition } from "@refugio/metrics";
import { NO_FIGURES, type IndicatorQuery, type IndicatorResult, type ResultState } from "@refugio/schemas";
import type { Scope } from "../auth/scope";
import { readEveryTime, type Lookups } from "../db/lookups";
import { all } from "../db/query";
import { GROUP_KEY, sheltersBehind, type RegistryUnit, type UnitKey } from "./units";

export const NO_DATA_REASON = {
  es: "Sin datos para este período: es posterior a la fecha de exportación de los datos",
  en: "No data for this period: it is after the data's export date",
};

const NO_RECORDS_REASON = { es: "Sin registros en el período", en: "No records in the period" };

/** A row with no figure (released: it derives from nothing), with the state that says why. */
const blankRow = (indicator: string, group: Record<string, string | null>, state?: Pick<IndicatorResult, "state" | "state_reason">): IndicatorResult =>
  deriveFrom([], () => ({ indicator, group, ...NO_FIGURES, ...state }));

/** One total row per indicator saying the period holds no data (nothing was computed). */
export function noDataRows(defs: readonly IndicatorDefinition[]): IndicatorResult[] {
  return defs.map((def) => blankRow(def.code, {}, { state: "no_data", state_reason: NO_DATA_REASON }));
}

interface RegistryShelter extends RegistryUnit {
  has_limit: boolean;
  checked: boolean;
}

const qualifies = (rule: "stay_limit" | "compliance_check", s: RegistryShelter) => (rule === "stay_limit" ? s.has_limit : s.checked);

/**
 * Units (by shelter, region, network, country or model only) the indicator's fact relation left
 * out because none of their shelters qualifies (HRT stays have no limit, a shelter never
 * checked): listed as blank rows, so they are answered "not applicable" / "not assessed" instead
 * of vanishing from the table. Only units in the caller's scope, named by registry codes.
 */
function missingUnits(
  def: IndicatorDefinition,
  rows: readonly IndicatorResult[],
  shelters: readonly RegistryShelter[],
  q: IndicatorQuery,
  scope: Scope,
): IndicatorResult[] {
  const by = q.by ?? [];
  if (!def.applicability || by.length === 0 || !by.every((d) => GROUP_KEY[d])) return [];
  const keyOf = (g: Record<string, string | null>) => by.map((d) => g[d] ?? "").join("\u0000");
  const present = new Set(rows.map((r) => keyOf(r.group)));
  const rule = def.applicability.rule;
  const out = new Map<string, IndicatorResult>();
  for (const s of sheltersBehind(shelters, q, scope, {})) {
    const group = Object.fromEntries(by.map((d) => [d, s[GROUP_KEY[d] as UnitKey]]));
    const key = keyOf(group);
    if (present.has(key) || out.has(key)) continue;
    // A unit some of whose shelters qualify but reported nothing stays out, as any empty cell does.
    if (sheltersBehind(shelters, q, scope, group).some((x) => qualifies(rule, x))) continue;
    out.set(key, blankRow(def.code, group));
  }
  return [...out.values()];
}

/** `state` on every released row; rows that no shelter behind them qualifies for get their applicability state. */
export async function withStates(
  conn: DuckDBConnection,
  tables: readonly { def: IndicatorDefinition; rows: IndicatorResult[] }[],
  q: IndicatorQuery,
  scope: Scope,
  period: { from: string; to: string },
  lookups: Lookups = readEveryTime,
): Promise<IndicatorResult[]> {
  const needsRegistry = tables.some((t) => t.def.applicability);
  const shelters = needsRegistry
    ? await lookups.get(["registry-states", period.from, period.to], () => all<RegistryShelter>(
        conn,
        `SELECT s.shelter_code, s.network_code, s.country, s.region_code, s.model,
           s.model IN (SELECT model FROM stay_limits) AS has_limit,
           EXISTS (SELECT 1 FROM compliance_checks c WHERE c.shelter_code = s.shelter_code
                   AND c.assessed_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)) AS checked
         FROM shelters s`,
        { from: period.from, to: period.to },
      ))
    : [];
  return tables.flatMap(({ def, rows }) =>
    [...rows, ...missingUnits(def, rows, shelters, q, scope)].map((r) => {
      const rule = def.applicability;
      if (rule) {
        const behind = sheltersBehind(shelters, q, scope, r.group);
        if (!behind.some((s) => qualifies(rule.rule, s))) {
          return deriveFrom([r], () => ({ ...r, ...NO_FIGURES, state: rule.state, state_reason: rule.reason }));
        }
      }
      const state: ResultState = r.suppressed ? "suppressed" : r.value === null ? "no_data" : "value";
      return deriveFrom([r], () => ({ ...r, state, ...(state === "no_data" ? { state_reason: NO_RECORDS_REASON } : {}) }));
    }),
  );
}
