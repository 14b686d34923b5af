// Compiles (indicator definition, query) into one parameterised DuckDB statement returning the
// requested groups and the total row (group = {}), with the figures the API needs per row.
// Values from the caller only ever become parameters; identifiers come from the catalogue.
import type { Dimension, IndicatorQuery } from "@refugio/schemas";
import { cellAggregate, cellPresent, cellRelation, readsCells, type CellAttribution, type Slot } from "./cells";
import { factRelation, type TimeGrain } from "./sources";
import type { Aggregate, IndicatorDefinition } from "./types";

/** What the caller may see (structurally the API's Scope): null = no restriction on that axis. */
export interface CompileScope {
  networks: readonly string[] | null;
  shelters: readonly string[] | null;
}

export type SqlParam = string | number | boolean;

export interface CompiledQuery {
  sql: string;
  params: Record<string, SqlParam>;
  /** Group columns of the result, in order: `g_<dimension>`. */
  dimensions: Dimension[];
}

/** Result columns, per row: g_<dim>…, is_total, and these (NULL when they do not apply). */
export interface CompiledRow {
  is_total: boolean;
  num: number | null;
  num_key: number | null;
  den: number | null;
  den_key: number | null;
  n: number | null;
  n_key: number | null;
  /** Largest single record's contribution to num / den (sum aggregates: magnitude perturbation). */
  num_top: number | null;
  den_top: number | null;
  eligible: number | null;
  eligible_key: number | null;
  missing: number | null;
  /** Σ value, Σ value², max |value| over records with a value (distribution, paired_change). */
  v_sum: number | null;
  v_sumsq: number | null;
  v_top: number | null;
  stat_median: number | null;
  stat_mean: number | null;
  stat_p90: number | null;
  stat_sd: number | null;
  [group: `g_${string}`]: string | null;
}

export class IndicatorQueryError extends Error {
  constructor(
    readonly es: string,
    readonly en: string,
  ) {
    super(`${es} / ${en}`);
    this.name = "IndicatorQueryError";
  }
}

const TIME_GRAINS: readonly Dimension[] = ["month", "quarter", "year"];

/** Column of each dimension on a fact relation `f`. */
export const dimensionSql: Record<Dimension, string> = {
  network: "f.network_code",
  country: "f.country",
  region: "f.region_code",
  shelter: "f.shelter_code",
  model: "f.model",
  age_band: "f.age_band",
  referral_source: "f.referral_source",
  risk_level: "f.risk_level",
  disability: "CAST(f.disability AS VARCHAR)",
  minority_language: "CAST(f.minority_language AS VARCHAR)",
  month: "strftime(f.bucket, '%Y-%m')",
  quarter: "CAST(year(f.bucket) AS VARCHAR) || '-Q' || CAST(quarter(f.bucket) AS VARCHAR)",
  year: "CAST(year(f.bucket) AS VARCHAR)",
};

/**
 * What a compiled statement groups on: the column itself (time grains: the bucket date), so rows
 * are grouped on dates, integers and dictionary strings; `dimensionSql` formats it as text once
 * per group (`formatGroup`), not once per row.
 */
const groupKeySql: Record<Dimension, string> = {
  ...dimensionSql,
  disability: "f.disability",
  minority_language: "f.minority_language",
  month: "f.bucket",
  quarter: "f.bucket",
  year: "f.bucket",
};

/** The group's text label from its grouped key `col` (the same text `dimensionSql` gives per row). */
function formatGroup(d: Dimension, col: string): string {
  return `CAST(${dimensionSql[d].replaceAll(groupKeySql[d], col)} AS VARCHAR)`;
}

const REGISTRY_DIMENSIONS: readonly Dimension[] = ["network", "country", "region", "model"];

/** Whether a query reads the shelters' registry attributes (filters, scope or groups; see filterClause). */
function readsRegistry(input: CompileInput, by: readonly Dimension[]): boolean {
  const q = input.query;
  return (
    by.some((d) => REGISTRY_DIMENSIONS.includes(d)) ||
    [q.network, q.country, q.region, q.model].some((v) => typeof v === "string") ||
    input.scope.networks !== null
  );
}

/** Dimensions of `by` the definition does not allow (empty = fine). */
export function disallowedDimensions(def: IndicatorDefinition, by: readonly Dimension[]): Dimension[] {
  return by.filter((d) => !def.dimensions.includes(d));
}

function aggregateSql(a: Aggregate, only: string | null = null): { value: string; key: string; top: string } {
  // `only`: the indicator's own row condition when several indicators share one statement.
  const cond = only && a.where ? `(${only}) AND (${a.where})` : (only ?? a.where ?? null);
  const filter = (c: string | null) => (c ? ` FILTER (WHERE ${c})` : "");
  if ("countDistinct" in a) {
    return {
      value: `count(DISTINCT ${a.countDistinct})${filter(cond)}`,
      top: "1",
      key: `CAST(coalesce(sum(f.record_key)${filter(cond ? `(${cond}) AND ${a.countDistinct} IS NOT NULL` : `${a.countDistinct} IS NOT NULL`)}, 0) % 256 AS INTEGER)`,
    };
  }
  if ("sum" in a) {
    // Records behind a summed count are those contributing at least one.
    const contributes = `(${a.sum}) > 0`;
    return {
      value: `coalesce(sum(${a.sum})${filter(cond)}, 0)`,
      // One fact row may hold several records (occupancy: a shelter's stays), so the catalogue
      // may name the largest single record's share (`top`); by default it is the row's value.
      top: `coalesce(max(abs(${a.top ?? a.sum}))${filter(cond)}, 0)`,
      key: `CAST(coalesce(sum(f.record_key)${filter(cond ? `(${cond}) AND ${contributes}` : contributes)}, 0) % 256 AS INTEGER)`,
    };
  }
  return {
    value: `count(*)${filter(cond)}`,
    top: "1",
    key: `CAST(coalesce(sum(f.record_key)${filter(cond)}, 0) % 256 AS INTEGER)`,
  };
}

/** How an aggregate becomes SQL: over the stays (aggregateSql) or over load-time cells (./cells.ts). */
type AggregateRenderer = (slot: Slot, a: Aggregate) => { value: string; key: string; top: string };

/**
 * The aggregate select list of a definition, always the same columns (CompiledRow). `render`
 * reads the aggregates from elsewhere than the fact rows (the cells); default: over the rows.
 */
export function measures(def: IndicatorDefinition, only: string | null = null, prefix = "", render?: AggregateRenderer): string[] {
  const agg: AggregateRenderer = render ?? ((_slot, a) => aggregateSql(a, only));
  const fil = only ? ` FILTER (WHERE ${only})` : "";
  const NULL_NUM = "CAST(NULL AS DOUBLE)";
  const NULL_KEY = "CAST(NULL AS INTEGER)";
  const cols: Record<string, string> = {
    num: NULL_NUM,
    num_key: NULL_KEY,
    den: NULL_NUM,
    den_key: NULL_KEY,
    n: NULL_NUM,
    n_key: NULL_KEY,
    num_top: NULL_NUM,
    den_top: NULL_NUM,
    eligible: NULL_NUM,
    eligible_key: NULL_KEY,
    missing: NULL_NUM,
    v_sum: NULL_NUM,
    v_sumsq: NULL_NUM,
    v_top: NULL_NUM,
    stat_median: NULL_NUM,
    stat_mean: NULL_NUM,
    stat_p90: NULL_NUM,
    stat_sd: NULL_NUM,
  };
  const set = (name: "num" | "den" | "n", a: Aggregate | undefined) => {
    if (!a) return;
    const s = agg(name, a);
    cols[name] = `CAST(${s.value} AS DOUBLE)`;
    cols[`${name}_key`] = s.key;
    if (name !== "n") cols[`${name}_top`] = `CAST(${s.top} AS DOUBLE)`;
  };
  switch (def.computation) {
    case "count":
      set("num", def.numerator);
      set("n", def.n ?? def.numerator);
      break;
    case "proportion":
    case "ratio":
      set("num", def.numerator);
      set("den", def.denominator);
      set("n", def.n ?? def.denominator);
      break;
    case "distribution":
    case "paired_change": {
      if (!def.value) throw new Error(`catalogue: ${def.code} needs a value expression`);
      const v = def.value;
      set("n", { count: true, where: `${v} IS NOT NULL` });
      cols.stat_mean = `CAST(avg(${v})${fil} AS DOUBLE)`;
      // Building blocks an external release perturbs (means and intervals are derived from them).
      cols.v_sum = `CAST(coalesce(sum(${v})${fil}, 0) AS DOUBLE)`;
      cols.v_sumsq = `CAST(coalesce(sum((${v}) * (${v}))${fil}, 0) AS DOUBLE)`;
      cols.v_top = `CAST(coalesce(max(abs(${v}))${fil}, 0) AS DOUBLE)`;
      if (def.computation === "distribution") {
        cols.stat_median = `CAST(median(${v})${fil} AS DOUBLE)`;
        cols.stat_p90 = `CAST(quantile_cont(${v}, 0.9)${fil} AS DOUBLE)`;
      } else {
        cols.stat_sd = `CAST(stddev_samp(${v})${fil} AS DOUBLE)`;
      }
      break;
    }
  }
  if (def.coverage) {
    const eligible = agg("eligible", def.coverage.eligible);
    cols.eligible = `CAST(${eligible.value} AS DOUBLE)`;
    cols.eligible_key = eligible.key;
    cols.missing = `CAST(${agg("missing", def.coverage.missing).value} AS DOUBLE)`;
  }
  return Object.entries(cols).map(([name, sql]) => `${sql} AS ${prefix}${name}`);
}

export interface CompileInput {
  query: IndicatorQuery;
  scope: CompileScope;
  /** Resolved period bounds (ISO dates, inclusive); the API fills missing ones from the data. */
  from: string;
  to: string;
  /** Secret keying the record keys of relations without a stay. */
  keySecret: string;
  /**
   * Last date through which the load-time table stay_months holds every stay (./sources.ts,
   * FactOptions); null or absent: overlap by a grain expands the stays per request.
   */
  stayMonthsUntil?: string | null;
  /**
   * Whether the load-time cells of the additive stay indicators are derived from this catalogue
   * (./cells.ts); then indicators they hold, by dimensions they know, read them.
   */
  cells?: boolean;
}

/** True when the statement of `def` for this input reads the load-time cells (./cells.ts). */
export function compilesToCells(def: IndicatorDefinition, input: CompileInput): boolean {
  return input.cells === true && readsCells(def, [...new Set(input.query.by ?? [])]);
}

/**
 * The row filter of a compiled query: the definition's own condition, the query's filters and
 * the caller's scope, as SQL over `f` with the values as parameters (also used by ./casemix.ts).
 */
export function filterClause(def: IndicatorDefinition, input: CompileInput, opts: { ownCondition?: boolean } = {}): { params: Record<string, SqlParam>; whereSql: string } {
  const params: Record<string, SqlParam> = { from: input.from, to: input.to, key_secret: input.keySecret };
  const where: string[] = [];
  // Without its own condition when several indicators share the statement (compileIndicatorBatch).
  if (def.where && opts.ownCondition !== false) where.push(`(${def.where})`);
  const q = input.query;
  const filters: [keyof IndicatorQuery & string, string][] = [
    ["network", "f.network_code"],
    ["country", "f.country"],
    ["region", "f.region_code"],
    ["shelter", "f.shelter_code"],
    ["model", "f.model"],
  ];
  for (const [name, column] of filters) {
    const v = q[name];
    if (typeof v === "string") {
      params[`f_${name}`] = v;
      where.push(`${column} = $f_${name}`);
    }
  }
  const scopeList = (name: string, column: string, values: readonly string[] | null) => {
    if (values === null) return;
    if (values.length === 0) {
      where.push("FALSE");
      return;
    }
    const names = values.map((v, i) => {
      params[`${name}_${i}`] = v;
      return `$${name}_${i}`;
    });
    where.push(`${column} IN (${names.join(", ")})`);
  };
  scopeList("scope_network", "f.network_code", input.scope.networks);
  scopeList("scope_shelter", "f.shelter_code", input.scope.shelters);
  const whereSql = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  return { params, whereSql };
}

/** Binds only the parameters the text uses (DuckDB rejects unknown names). */
export function usedParams(sql: string, params: Record<string, SqlParam>): Record<string, SqlParam> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql)));
}

export function compileIndicator(def: IndicatorDefinition, input: CompileInput): CompiledQuery {
  return compileStatement([def], input, false);
}

/**
 * Several indicators over the same fact relation and attribution in ONE statement (one scan
 * instead of one per indicator): each indicator's own row condition (`where`) moves into FILTERs
 * of its aggregates, and its columns are prefixed `d<i>_`, with `d<i>_present` counting its rows
 * per group. `batchRows` turns the result back into each indicator's CompiledRows, exactly those
 * `compileIndicator` gives (groups where it has no row dropped).
 */
export function compileIndicatorBatch(defs: readonly IndicatorDefinition[], input: CompileInput): CompiledQuery {
  const first = defs[0];
  if (!first || defs.some((d) => d.fact !== first.fact || d.attribution !== first.attribution)) {
    throw new Error("catalogue: a batch needs indicators of one fact relation and attribution");
  }
  return compileStatement(defs, input, true);
}

/** The CompiledRows of the batch's i-th indicator (see compileIndicatorBatch). */
export function batchRows(rows: readonly Record<string, unknown>[], i: number, dimensions: readonly Dimension[]): CompiledRow[] {
  const prefix = `d${i}_`;
  return rows
    .filter((r) => r.is_total === true || Number(r[`${prefix}present`] ?? 0) > 0)
    .map((r) => {
      const out: Record<string, unknown> = { is_total: r.is_total };
      for (const d of dimensions) out[`g_${d}`] = r[`g_${d}`];
      for (const [k, v] of Object.entries(r)) if (k.startsWith(prefix) && k !== `${prefix}present`) out[k.slice(prefix.length)] = v;
      return out as unknown as CompiledRow;
    });
}

function compileStatement(defs: readonly IndicatorDefinition[], input: CompileInput, batch: boolean): CompiledQuery {
  const def = defs[0] as IndicatorDefinition;
  const by = [...new Set(input.query.by ?? [])];
  for (const d of defs) {
    const bad = disallowedDimensions(d, by);
    if (bad.length > 0) {
      throw new IndicatorQueryError(
        `El indicador ${d.code} no admite desagregar por ${bad.join(", ")} (admite: ${d.dimensions.join(", ") || "ninguna"})`,
        `Indicator ${d.code} cannot be broken down by ${bad.join(", ")} (allowed: ${d.dimensions.join(", ") || "none"})`,
      );
    }
  }
  const grains = by.filter((d) => TIME_GRAINS.includes(d)) as TimeGrain[];
  if (grains.length > 1) {
    throw new IndicatorQueryError(
      `Solo se admite una escala de tiempo en 'by' (se pidió ${grains.join(", ")})`,
      `Only one time grain is allowed in 'by' (got ${grains.join(", ")})`,
    );
  }
  const grain = grains[0] ?? null;


  // Cells hold each indicator's figures with its own row condition applied (./cells.ts).
  const cells = defs.every((d) => compilesToCells(d, input));
  const { params, whereSql } = filterClause(def, input, { ownCondition: !batch && !cells });
  const cellRender = (d: IndicatorDefinition): AggregateRenderer => (slot, a) => cellAggregate(d, slot, a);

  const m = (
    batch
      ? defs.flatMap((d, i) => [
          cells
            ? `CAST(${cellPresent(d)} AS DOUBLE) AS d${i}_present`
            : `CAST(count(*)${d.where ? ` FILTER (WHERE ${d.where})` : ""} AS DOUBLE) AS d${i}_present`,
          ...(cells ? measures(d, null, `d${i}_`, cellRender(d)) : measures(d, d.where ? `(${d.where})` : null, `d${i}_`)),
        ])
      : cells
        ? measures(def, null, "", cellRender(def))
        : measures(def)
  ).join(",\n  ");
  const groupCols = by.map((d) => `g_${d}`);
  // Grouped on the raw keys (groupKeySql), labelled after aggregating under the same name g_<dim>:
  // GROUP BY and grouping() bind to the input column, the select list and ORDER BY to the label
  // (which sorts as its key does: dates as 'YYYY-MM', booleans as 'false' < 'true').
  const keyCols = groupCols;
  const labels = by.map((d) => `${formatGroup(d, `g_${d}`)} AS g_${d}`).join(", ");
  const withGroups = (relation: string) => `SELECT f.*${by.map((d) => `, ${groupKeySql[d]} AS g_${d}`).join("")} FROM (${relation}) f ${whereSql}`;
  const order = `ORDER BY is_total DESC${groupCols.map((g) => `, ${g} NULLS LAST`).join("")}`;

  let sql: string;
  if (cells) {
    // A cell is a shelter's day: never repeated across buckets, so the total is one grouping set.
    const rel = cellRelation(def.attribution as CellAttribution, grain);
    if (by.length === 0) {
      sql = `SELECT TRUE AS is_total,\n  ${m}\nFROM (${rel}) f ${whereSql}`;
    } else {
      // A single indicator's groups are those with a row meeting its own condition, as over the stays.
      const having = batch ? "" : `\nHAVING grouping(${keyCols.join(", ")}) <> 0 OR ${cellPresent(def)} > 0`;
      sql = `SELECT ${labels}, grouping(${keyCols.join(", ")}) <> 0 AS is_total,\n  ${m}
FROM (${withGroups(rel)}) f
GROUP BY GROUPING SETS ((${keyCols.join(", ")}), ())${having}
${order}`;
    }
  } else if (by.length === 0) {
    const rel = factRelation(def.fact, def.attribution, null);
    sql = `SELECT TRUE AS is_total,\n  ${m}\nFROM (${rel.sql}) f ${whereSql}`;
  } else {
    const rel = factRelation(def.fact, def.attribution, grain, { stayMonthsUntil: input.stayMonthsUntil ?? null, to: input.to, registry: readsRegistry(input, by) });
    if (rel.expands) {
      // A record repeated across buckets: groups from the bucketed relation, total from the plain one.
      const total = factRelation(def.fact, def.attribution, null);
      sql = `SELECT ${labels}, FALSE AS is_total,\n  ${m}\nFROM (${withGroups(rel.sql)}) f GROUP BY ${keyCols.join(", ")}
UNION ALL
SELECT ${groupCols.map((g) => `CAST(NULL AS VARCHAR) AS ${g}`).join(", ")}, TRUE AS is_total,\n  ${m}\nFROM (${total.sql}) f ${whereSql}
${order}`;
    } else {
      sql = `SELECT ${labels}, grouping(${keyCols.join(", ")}) <> 0 AS is_total,\n  ${m}
FROM (${withGroups(rel.sql)}) f
GROUP BY GROUPING SETS ((${keyCols.join(", ")}), ())
${order}`;
    }
  }
  return { sql, params: usedParams(sql, params), dimensions: by };
}
