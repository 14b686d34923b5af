// Indicator values for a query: compiled catalogue SQL → per-row statistics → comparison with
// the query's total → the one suppression engine, by audience. Used by the API and the CLI.
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  applySuppression,
  catalogue,
  compareToBenchmark,
  compileIndicator,
  constraintsForGrouping,
  disallowedDimensions,
  getIndicator,
  IndicatorQueryError,
  wilson,
  type Cell,
  type CompiledRow,
  type IndicatorDefinition,
  type SuppressibleRow,
} from "@refugio/metrics";
import { codeValues, indicatorQuerySchema, type IndicatorQuery, type IndicatorResult } from "@refugio/schemas";
import type { Audience, Scope } from "../auth/scope";
import { hasStayFacts, recordKeySecret } from "../db/facts";
import { all, one } from "../db/query";
import { bilingualIssue } from "../issues";
import { pairedFromMoments } from "./paired";

export { IndicatorQueryError };

export interface ComputeOptions {
  scope: Scope;
  audience: Audience;
  /** Minimum publishable count / denominator (a query's own `k` may only raise it). */
  k: number;
}

type Row = IndicatorResult & SuppressibleRow & { cell_keys?: { numerator?: number | null; denominator?: number | null } };

/** Validated query, or an IndicatorQueryError with every problem in both languages. */
export function parseIndicatorQuery(query: unknown): IndicatorQuery {
  const parsed = indicatorQuerySchema.safeParse(query);
  if (!parsed.success) {
    // Worded as the API words its input errors; each issue is already "español / English", so
    // the detail is given once, after both headings.
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${bilingualIssue(i)}`).join("; ");
    throw new IndicatorQueryError("Consulta no válida", `Invalid query: ${detail}`);
  }
  return parsed.data;
}

/** Where the codes a filter may name are stored (models: the contract's code list). */
const registryFilters = [
  { key: "shelter", es: "Refugio desconocido", en: "Unknown shelter", sql: "SELECT shelter_code AS code FROM shelters" },
  { key: "network", es: "Red desconocida", en: "Unknown network", sql: "SELECT network_code AS code FROM networks UNION SELECT network_code FROM shelters" },
  { key: "region", es: "Región desconocida", en: "Unknown region", sql: "SELECT region_code AS code FROM shelters" },
  { key: "country", es: "País desconocido", en: "Unknown country", sql: "SELECT country AS code FROM networks UNION SELECT country FROM shelters" },
  { key: "model", es: "Modelo desconocido", en: "Unknown model", sql: null },
] as const;

/**
 * A filter naming a code that is not stored would match nothing and read as a true zero: refuse
 * it, suggesting the stored code when only the case differs. Scoped callers never get here with
 * such a code (assertInScope answers FORBIDDEN first), so this reveals nothing outside a scope.
 */
async function assertKnownCodes(conn: DuckDBConnection, q: IndicatorQuery): Promise<void> {
  const problems: { es: string; en: string }[] = [];
  for (const f of registryFilters) {
    const value = q[f.key];
    if (value === undefined) continue;
    // Countries are matched in upper case (see computeRawIndicators), the other codes exactly.
    const code = f.key === "country" ? value.toUpperCase() : value;
    const sameLetters = f.sql
      ? (await all<{ code: string }>(conn, `SELECT DISTINCT code FROM (${f.sql}) WHERE lower(code) = lower($v) ORDER BY code`, { v: code })).map((r) => r.code)
      : codeValues(f.key).filter((c) => c.toLowerCase() === code.toLowerCase());
    if (sameLetters.includes(code)) continue;
    const hint = sameLetters[0];
    problems.push({
      es: `${f.es}: ${value}${hint ? ` (¿quiso decir ${hint}?)` : ""}`,
      en: `${f.en}: ${value}${hint ? ` (did you mean ${hint}?)` : ""}`,
    });
  }
  if (problems.length > 0) {
    throw new IndicatorQueryError(problems.map((p) => p.es).join("; "), problems.map((p) => p.en).join("; "));
  }
}

/** The definitions a query asks for (all when none named), with a clear error for unknown codes or dimensions. */
export function definitionsFor(query: IndicatorQuery): IndicatorDefinition[] {
  const codes = query.indicators ?? catalogue.map((d) => d.code);
  const unknown = codes.filter((c) => !getIndicator(c));
  if (unknown.length > 0) {
    throw new IndicatorQueryError(`Indicador desconocido: ${unknown.join(", ")}`, `Unknown indicator: ${unknown.join(", ")}`);
  }
  const defs = [...new Set(codes)].map((c) => getIndicator(c)).filter((d): d is IndicatorDefinition => d !== undefined);
  const by = query.by ?? [];
  const problems = defs
    .map((d) => ({ d, bad: disallowedDimensions(d, by) }))
    .filter((x) => x.bad.length > 0)
    .map((x) => `${x.d.code} (${x.bad.join(", ")}; ${x.d.dimensions.join(", ") || "-"})`);
  if (problems.length > 0) {
    throw new IndicatorQueryError(
      `Desagregación no admitida (indicador (pedida; admitidas)): ${problems.join("; ")}`,
      `Breakdown not allowed (indicator (requested; allowed)): ${problems.join("; ")}`,
    );
  }
  return defs;
}

/**
 * Period bounds when the query leaves them open: the earliest and latest dates in the data
 * (admissions, exits, reference dates, survey answers and years, checks, recommendation updates).
 * Occupancy needs finite bounds; the other indicators are unaffected by bounds that cover all data.
 */
async function dataBounds(conn: DuckDBConnection): Promise<{ lo: string; hi: string }> {
  const row = await one<{ lo: string | null; hi: string | null }>(
    conn,
    `SELECT CAST(min(lo) AS VARCHAR) AS lo, CAST(max(hi) AS VARCHAR) AS hi FROM (
      SELECT min(admission_date) AS lo, max(greatest(coalesce(exit_date, admission_date), coalesce(reference_date, admission_date))) AS hi FROM stay_facts
      UNION ALL SELECT min(answered_on), max(answered_on) FROM service_surveys
      UNION ALL SELECT min(make_date(year, 1, 1)), max(make_date(year, 12, 31)) FROM coordinator_surveys
      UNION ALL SELECT min(assessed_on), max(assessed_on) FROM compliance_checks
      UNION ALL SELECT min(updated_on), max(updated_on) FROM recommendation_updates
    )`,
  );
  const today = new Date().toISOString().slice(0, 10);
  return { lo: row?.lo ?? today, hi: row?.hi ?? today };
}

const isTotal = (r: { group: Record<string, unknown> }) => Object.keys(r.group).length === 0;
const small = (x: number | null | undefined, k: number) => x !== null && x !== undefined && x > 0 && x < k;

function toResult(def: IndicatorDefinition, row: CompiledRow, dims: readonly string[]): Row {
  const group: Record<string, string | null> = row.is_total ? {} : Object.fromEntries(dims.map((d) => [d, row[`g_${d}`] ?? null]));
  const base: Row = {
    indicator: def.code,
    group,
    numerator: null,
    denominator: null,
    value: null,
    ci_low: null,
    ci_high: null,
    n: row.n,
    suppressed: false,
    suppression_reason: null,
    comparison: null,
  };
  switch (def.computation) {
    case "count":
      Object.assign(base, { numerator: row.num, value: row.num, cell_keys: { numerator: row.num_key } });
      break;
    case "proportion": {
      const x = row.num ?? 0;
      const n = row.den ?? 0;
      const ci = wilson(x, n);
      Object.assign(base, {
        numerator: x,
        denominator: n,
        value: n > 0 ? x / n : null,
        ci_low: ci.low,
        ci_high: ci.high,
        cell_keys: { numerator: row.num_key, denominator: row.den_key },
      });
      break;
    }
    case "ratio":
      Object.assign(base, {
        numerator: row.num,
        denominator: row.den,
        value: row.den ? (row.num ?? 0) / row.den : null,
        cell_keys: { denominator: row.n_key },
      });
      break;
    case "distribution":
      Object.assign(base, {
        value: row.stat_median,
        stats: { median: row.stat_median, mean: row.stat_mean, p90: row.stat_p90 },
        cell_keys: { denominator: row.n_key },
      });
      break;
    case "paired_change": {
      const p = pairedFromMoments(row.n ?? 0, row.stat_mean, row.stat_sd);
      Object.assign(base, {
        value: p.mean,
        ci_low: p.ci_low,
        ci_high: p.ci_high,
        stats: { mean: p.mean, sd: p.sd, dz: p.dz },
        cell_keys: { denominator: row.n_key },
      });
      break;
    }
  }
  if (def.coverage) {
    base.coverage = { eligible: row.eligible, missing: row.missing, note: `${def.coverage.note.es} / ${def.coverage.note.en}` };
  }
  return base;
}

/**
 * How a row enters the suppression engine. Ratios (place-days, survey answers) are not counts
 * of people: they are suppressed on `n`, the people or responses behind them.
 */
function cellFor(def: IndicatorDefinition) {
  return (row: SuppressibleRow): Pick<Cell, "kind" | "numerator" | "denominator"> => {
    if (def.computation === "ratio" || def.computation === "distribution" || def.computation === "paired_change") {
      return { kind: "rate", numerator: null, denominator: row.n };
    }
    if (def.computation === "count") return { kind: "count", numerator: row.numerator, denominator: null };
    return { kind: "rate", numerator: row.numerator, denominator: row.denominator };
  };
}

/** Owner treatment only for one shelter reading its own figures; anything wider is a peer view. */
function effectiveAudience(audience: Audience, scope: Scope): Audience {
  if (audience !== "owner") return audience;
  return scope.shelters?.length === 1 ? "owner" : "external";
}

function compare(def: IndicatorDefinition, row: IndicatorResult, total: IndicatorResult | undefined, k: number): IndicatorResult["comparison"] {
  if (isTotal(row)) return null;
  if (row.suppressed || !total || total.suppressed || total.value === null) return "not_compared";
  if (row.n !== null && row.n < k) return "not_compared";
  if (def.computation !== "proportion" && def.computation !== "paired_change") return "not_compared";
  return compareToBenchmark({ low: row.ci_low, high: row.ci_high, suppressed: row.suppressed }, total.value, def.polarity);
}

/** One indicator's rows before any privacy treatment (true figures, with cell keys). */
export interface RawIndicatorTable {
  def: IndicatorDefinition;
  rows: Row[];
}

/**
 * True figures of every requested indicator for the caller's scope: the total row first, then
 * the groups. Never send these out as they are: `computeIndicators` applies the privacy rules.
 */
export async function computeRawIndicators(conn: DuckDBConnection, query: IndicatorQuery, opts: { scope: Scope }): Promise<RawIndicatorTable[]> {
  const q = parseIndicatorQuery(query);
  const defs = definitionsFor(q);
  await assertKnownCodes(conn, q);
  if (!(await hasStayFacts(conn))) {
    // Only a read-only database from before this version gets here.
    throw new IndicatorQueryError(
      "La base de datos no tiene hechos por estancia (stay_facts): vuelva a cargar los datos con esta versión",
      "The database has no per-stay facts (stay_facts): load the data again with this version",
    );
  }
  const bounds = q.from && q.to ? null : await dataBounds(conn);
  const from = q.from ?? bounds?.lo ?? "";
  const to = q.to ?? bounds?.hi ?? "";
  const keySecret = await recordKeySecret(conn, { create: false });
  const filters = { ...q, ...(q.country ? { country: q.country.toUpperCase() } : {}) };
  const out: RawIndicatorTable[] = [];
  for (const def of defs) {
    const compiled = compileIndicator(def, { query: filters, scope: opts.scope, from, to, keySecret });
    const rows = await all<CompiledRow>(conn, compiled.sql, compiled.params);
    out.push({ def, rows: rows.map((r) => toResult(def, r, compiled.dimensions)) });
  }
  return out;
}

/** Apply the audience's privacy treatment to one indicator's rows, then compare each group with the total. */
export function publish(table: RawIndicatorTable, audience: Audience, scope: Scope, k: number): IndicatorResult[] {
  const { def, rows } = table;
  let published: IndicatorResult[];
  if (effectiveAudience(audience, scope) === "owner") {
    published = rows.map(({ cell_keys: _drop, ...r }) => r);
  } else {
    published = applySuppression<Row>(
      { rows, constraints: constraintsForGrouping(rows, isTotal) },
      { k, perturb: effectiveAudience(audience, scope) === "external", cellOf: cellFor(def) },
    );
    for (const r of published) {
      // Attrition counts are counts of people too: hide them with the row, or when small.
      if (r.coverage) {
        if (r.suppressed) r.coverage = { ...r.coverage, eligible: null, missing: null };
        else {
          if (small(r.coverage.eligible, k)) r.coverage = { ...r.coverage, eligible: null };
          if (small(r.coverage.missing, k)) r.coverage = { ...r.coverage, missing: null };
        }
      }
    }
  }
  const total = published.find(isTotal);
  return published.map((r) => ({ ...r, comparison: compare(def, r, total, k) }));
}

/**
 * Indicator values as they may leave the server: validated query, the caller's scope as SQL
 * filters, then by audience: owner (one shelter, its own figures) raw; internal small-cell
 * suppression with k; external suppression plus cell-key perturbation.
 */
export async function computeIndicators(conn: DuckDBConnection, query: IndicatorQuery, opts: ComputeOptions): Promise<IndicatorResult[]> {
  const tables = await computeRawIndicators(conn, query, { scope: opts.scope });
  const k = Math.max(opts.k, query.k ?? opts.k);
  return tables.flatMap((t) => publish(t, opts.audience, opts.scope, k));
}
