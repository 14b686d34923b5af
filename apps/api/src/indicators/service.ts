// Indicator values for a query: compiled catalogue SQL → the release engine (@refugio/metrics
// release/), which suppresses, perturbs and derives every statistic by audience. Used by the API
// and the CLI.
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  catalogue,
  batchRows,
  caseMixOf,
  compileCaseMix,
  compileIndicator,
  compileIndicatorBatch,
  compilesToCells,
  disallowedDimensions,
  getIndicator,
  IndicatorQueryError,
  releaseAdjusted,
  releaseIndicator,
  releasePeriod,
  withAttrition,
  type AdjustedRelease,
  type CaseMixRow,
  type CompiledRow,
  type CompileInput,
  type IndicatorDefinition,
} from "@refugio/metrics";
import { codeValues, indicatorQuerySchema, type Dimension, type IndicatorQuery, type IndicatorResult } from "@refugio/schemas";
import type { Audience, Scope } from "../auth/scope";
import { recordKeySecret } from "../db/facts";
import { readEveryTime, type Lookups } from "../db/lookups";
import { queryState, type QueryState } from "../db/query-state";
import { all, one } from "../db/query";
import { bilingualIssue } from "../issues";
import { attachReporting } from "../quality/coverage";
import { noDataRows, withStates } from "./states";

export { IndicatorQueryError };

export interface ComputeOptions {
  scope: Scope;
  audience: Audience;
  /** Minimum publishable count / denominator (a query's own `k` may only raise it). */
  k: number;
  /** Coverage under this share is flagged "cobertura baja / low coverage" (default LOW_COVERAGE, 60 %). */
  lowCoverage?: number;
  /** Where facts about the database are read once per data version (the server's); default: read every time. */
  lookups?: Lookups;
}

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
 * (admissions, exits, reference dates, survey answers and years, checks, recommendation updates,
 * referrals not admitted).
 * Occupancy needs finite bounds; the other indicators are unaffected by bounds that cover all data.
 */
async function dataBounds(conn: DuckDBConnection, state: QueryState, lookups: Lookups): Promise<{ lo: string; hi: string }> {
  // The stays' bounds per shelter are derived at load (stay_bounds, written with the horizon); a
  // database from before, or a lake exported without them (its table is then empty), reads the stays.
  const stays = state.stayMonthsUntil !== null && state.stayBounds
    ? `SELECT min(first_date) AS lo, max(last_date) AS hi FROM stay_bounds`
    : `SELECT min(admission_date) AS lo, max(greatest(coalesce(exit_date, admission_date), coalesce(reference_date, admission_date))) AS hi FROM stay_facts`;
  const row = await lookups.get(["bounds", stays], () => one<{ lo: string | null; hi: string | null }>(
    conn,
    `SELECT CAST(min(lo) AS VARCHAR) AS lo, CAST(max(hi) AS VARCHAR) AS hi FROM (
      ${stays}
      UNION ALL SELECT min(answered_on), max(answered_on) FROM service_surveys
      UNION ALL SELECT min(make_date(year, 1, 1)), max(make_date(year, 12, 31)) FROM coordinator_surveys
      UNION ALL SELECT min(assessed_on), max(assessed_on) FROM compliance_checks
      UNION ALL SELECT min(updated_on), max(updated_on) FROM recommendation_updates
      UNION ALL SELECT min(referral_date), max(referral_date) FROM referrals_not_admitted
    )`,
  ));
  const today = new Date().toISOString().slice(0, 10);
  return { lo: row?.lo ?? today, hi: row?.hi ?? today };
}

/** One indicator before any privacy treatment: the compiled rows (true figures, cell keys) and their true values. */
export interface RawIndicatorTable {
  def: IndicatorDefinition;
  compiled: CompiledRow[];
  dimensions: Dimension[];
  /** The period computed over, and whether it starts after the data's last date (then nothing is computed). */
  period: { from: string; to: string; afterData: boolean };
}

/** Owner treatment only for one shelter reading its own figures; anything wider is a peer view. */
function effectiveAudience(audience: Audience, scope: Scope): Audience {
  if (audience !== "owner") return audience;
  return scope.shelters?.length === 1 ? "owner" : "external";
}

/**
 * The period the query is computed over. External readers get whole calendar units only (one
 * month, one quarter or whole years; open bounds become the data's whole years), so overlapping
 * windows cannot be differenced (`releasePeriod`); others get what they ask, open bounds filled
 * with the data's first and last dates.
 */
async function periodFor(conn: DuckDBConnection, q: IndicatorQuery, audience: Audience, state: QueryState, lookups: Lookups): Promise<{ from: string; to: string; afterData: boolean }> {
  const bounds = await dataBounds(conn, state, lookups);
  // A period starting after the last date in the data (its export date) holds nothing: answered
  // as "no data", never computed (open stays would otherwise count in years not yet lived).
  const afterData = q.from !== undefined && q.from > bounds.hi;
  if (audience === "external") return { ...releasePeriod(q.from, q.to, { from: bounds.lo, to: bounds.hi }), afterData };
  // Nothing is known after the export date: the period ends there (open stays, occupied days).
  const to = q.to !== undefined && q.to < bounds.hi ? q.to : bounds.hi;
  return { from: q.from ?? bounds.lo, to, afterData };
}

/**
 * True figures of every requested indicator for the caller's scope: the total row first, then
 * the groups. Never send these out as they are: `computeIndicators` releases them.
 */
export async function computeRawIndicators(
  conn: DuckDBConnection,
  query: IndicatorQuery,
  opts: { scope: Scope; audience?: Audience; lookups?: Lookups },
): Promise<RawIndicatorTable[]> {
  const q = parseIndicatorQuery(query);
  const defs = definitionsFor(q);
  await assertKnownCodes(conn, q);
  const lookups = opts.lookups ?? readEveryTime;
  const state = await lookups.get(["query-state"], () => queryState(conn));
  if (!state.stayFacts) {
    // Only a read-only database from before this version gets here.
    throw new IndicatorQueryError(
      "La base de datos no tiene hechos por estancia (stay_facts): vuelva a cargar los datos con esta versión",
      "The database has no per-stay facts (stay_facts): load the data again with this version",
    );
  }
  // Overlap indicators by a time grain read the load-time stay_months up to its horizon.
  const period = await periodFor(conn, q, opts.audience ?? "internal", state, lookups);
  if (period.afterData) return defs.map((def) => ({ def, compiled: [], dimensions: q.by ?? [], period }));
  const { from, to } = period;
  const filters = { ...q, ...(q.country ? { country: q.country.toUpperCase() } : {}) };
  const { keySecret, stayMonthsUntil, cells } = state;
  const input: CompileInput = { query: filters, scope: opts.scope, from, to, keySecret, stayMonthsUntil, cells };
  // Indicators over the same fact relation and attribution share one statement (one scan); the
  // rows each gets are exactly those its own statement would give (compileIndicatorBatch). Those
  // the load-time cells hold read them in a statement of their own.
  const compiledRows = new Map<IndicatorDefinition, { rows: CompiledRow[]; dimensions: Dimension[] }>();
  const groups = new Map<string, IndicatorDefinition[]>();
  for (const def of defs) {
    const key = `${def.fact}|${def.attribution}|${compilesToCells(def, input)}`;
    groups.set(key, [...(groups.get(key) ?? []), def]);
  }
  for (const group of groups.values()) {
    if (group.length === 1) {
      const def = group[0] as IndicatorDefinition;
      const compiled = compileIndicator(def, input);
      compiledRows.set(def, { rows: await all<CompiledRow>(conn, compiled.sql, compiled.params), dimensions: compiled.dimensions });
      continue;
    }
    const compiled = compileIndicatorBatch(group, input);
    const rows = await all<Record<string, unknown>>(conn, compiled.sql, compiled.params);
    group.forEach((def, i) => compiledRows.set(def, { rows: batchRows(rows, i, compiled.dimensions), dimensions: compiled.dimensions }));
  }
  const out: RawIndicatorTable[] = [];
  for (const def of defs) {
    const { rows, dimensions } = compiledRows.get(def) ?? { rows: [], dimensions: [] };
    out.push({ def, compiled: rows, dimensions, period });
  }
  return out;
}

/**
 * The true figures of a raw table as the owner treatment derives them: for tests and for scoring
 * the attack suite, never for a response (the request path releases each table once, for its
 * audience, in `computeIndicators`).
 */
export function trueRows(table: RawIndicatorTable): IndicatorResult[] {
  return releaseIndicator({ def: table.def, rows: table.compiled, dimensions: table.dimensions, audience: "owner", k: 2 });
}

/**
 * Indicator values as they may leave the server: validated query, the caller's scope as SQL
 * filters, then the release engine by audience: owner (one shelter, its own figures) exact;
 * internal small-cell suppression with k; external suppression plus cell-key perturbation, with
 * every statistic derived from the perturbed building blocks.
 */
export async function computeIndicators(conn: DuckDBConnection, query: IndicatorQuery, opts: ComputeOptions): Promise<IndicatorResult[]> {
  const audience = effectiveAudience(opts.audience, opts.scope);
  const lookups = opts.lookups ?? readEveryTime;
  const tables = await computeRawIndicators(conn, query, { scope: opts.scope, audience, lookups });
  const k = Math.max(opts.k, query.k ?? opts.k);
  const period = tables[0]?.period;
  if (!period) return [];
  if (period.afterData) return noDataRows(tables.map((t) => t.def));
  // Attrition bounds and the low-coverage flag are derived from the released rows only.
  const released = tables.map((t) => ({
    def: t.def,
    rows: withAttrition(t.def, releaseIndicator({ def: t.def, rows: t.compiled, dimensions: t.dimensions, audience, k }), opts.lowCoverage),
  }));
  const stated = await withStates(conn, released, query, opts.scope, period, lookups);
  // Each value says how many shelters of its scope reported for its period (quality/coverage.ts).
  return attachReporting(conn, stated, { scope: opts.scope, query, from: period.from, to: period.to, lookups });
}

/** A crude table and its case-mix-adjusted figures, released together. */
export interface AdjustedTable {
  crude: IndicatorResult[];
  adjusted: AdjustedRelease;
}

/**
 * One proportion indicator by `unit` (shelter or region), crude and adjusted for case mix by
 * indirect standardisation (docs/methods.md). The crude table is released first; the adjusted
 * figures are released from it and from the per-stratum blocks of the same period, filters and
 * scope (perturbed for external readers), so suppression is the crude table's. Used by
 * compare.units with adjust: true and by `refugio indicators --adjust`, which therefore agree.
 */
export async function computeAdjusted(conn: DuckDBConnection, query: IndicatorQuery, unit: "shelter" | "region", opts: ComputeOptions): Promise<AdjustedTable> {
  const audience = effectiveAudience(opts.audience, opts.scope);
  const q = parseIndicatorQuery({ ...query, by: [unit] });
  const defs = definitionsFor(q);
  const def = defs[0];
  if (!def || defs.length !== 1) {
    throw new IndicatorQueryError("El ajuste por perfil de ingreso se pide para un indicador a la vez", "Case-mix adjustment is asked for one indicator at a time");
  }
  const variables = caseMixOf(def);
  const k = Math.max(opts.k, q.k ?? opts.k);
  const [table] = await computeRawIndicators(conn, q, { scope: opts.scope, audience, lookups: opts.lookups });
  if (!table) throw new Error("computeAdjusted: no table");
  const crude = withAttrition(def, releaseIndicator({ def, rows: table.compiled, dimensions: table.dimensions, audience, k }), opts.lowCoverage);
  // The period the crude table was computed over (computeRawIndicators already resolved it).
  const { from, to } = table.period;
  const keySecret = await recordKeySecret(conn, { create: false });
  const filters = { ...q, ...(q.country ? { country: q.country.toUpperCase() } : {}) };
  const compiled = compileCaseMix(def, { query: filters, scope: opts.scope, from, to, keySecret, unit });
  const strata = await all<CaseMixRow>(conn, compiled.sql, compiled.params);
  return { crude, adjusted: releaseAdjusted({ def, crude, strata, unit, variables, audience, k }) };
}
