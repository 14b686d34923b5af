// Load-time cells of the additive stay indicators: per shelter and day, every count and sum the
// catalogue's exit- and admission-attributed proportions and counts aggregate, with the cell keys
// of the records behind them. A page asking those indicators by shelter, registry attribute or
// time grain then sums a few thousand cells instead of scanning every stay (issue 18: Compare and
// Trends read 1 M stays per request).
//
// Exact by construction: a day is the finest period bound a query has, and every figure an
// eligible indicator publishes is a sum over its records (counts, sums, the cell key as the sum
// of record keys mod 256) or a maximum (the largest single record's share), so summing (or taking
// the maximum of) the cells of the period gives the per-stay statement's figures, which
// apps/api/test/indicators/cells.test.ts checks for every eligible indicator and dimension.
// Distinct counts, medians and standard deviations are not sums: their indicators keep reading
// the stays. The API writes the tables (apps/api/src/db/aggregates.ts) and reads them only when
// the database says they were derived from this catalogue (its `CELLS_SIGNATURE`).
import type { Dimension } from "@refugio/schemas";
import { catalogue } from "./definitions";
import { STAY_FACTS, bucketOf, FROM, TO, type TimeGrain } from "./sources";
import type { Aggregate, IndicatorDefinition } from "./types";

export type CellAttribution = "exit" | "admission";
export const CELL_ATTRIBUTIONS: readonly CellAttribution[] = ["exit", "admission"];

/** The cell table of an attribution. */
export const cellTable = (attribution: CellAttribution) => `stay_${attribution}_cells`;

/** Dimensions a cell knows: its shelter (and so the registry's attributes) and its day. */
const CELL_DIMENSIONS: readonly Dimension[] = ["network", "country", "region", "shelter", "model", "month", "quarter", "year"];

/** The figures a definition publishes as aggregates: numerator, denominator, n, coverage. */
export type Slot = "num" | "den" | "n" | "eligible" | "missing";

function slots(def: IndicatorDefinition): [Slot, Aggregate][] {
  const out: [Slot, Aggregate | undefined][] = [];
  if (def.computation === "count") out.push(["num", def.numerator], ["n", def.n ?? def.numerator]);
  else out.push(["num", def.numerator], ["den", def.denominator], ["n", def.n ?? def.denominator]);
  if (def.coverage) out.push(["eligible", def.coverage.eligible], ["missing", def.coverage.missing]);
  return out.filter((s): s is [Slot, Aggregate] => s[1] !== undefined);
}

/** True when every figure of `def` is a sum over its stays, so cells can hold it. */
export function cellEligible(def: IndicatorDefinition): def is IndicatorDefinition & { attribution: CellAttribution } {
  return (
    def.fact === "stays" &&
    (CELL_ATTRIBUTIONS as readonly string[]).includes(def.attribution) &&
    (def.computation === "proportion" || def.computation === "count") &&
    slots(def).every(([, a]) => !("countDistinct" in a))
  );
}

/** True when a query of `def` by `by` may read the cells (the caller also needs them derived). */
export function readsCells(def: IndicatorDefinition, by: readonly Dimension[]): boolean {
  return cellEligible(def) && by.every((d) => CELL_DIMENSIONS.includes(d));
}

const column = (def: IndicatorDefinition, name: string) => {
  // Catalogue codes are identifiers already; the check keeps a bad one out of DDL.
  if (!/^[a-z][a-z0-9_]*$/.test(def.code)) throw new Error(`catalogue: bad indicator code for a cell column: ${def.code}`);
  return `${def.code}__${name}`;
};

/** The condition of an aggregate over one stay: the indicator's own row condition and the aggregate's. */
function condition(def: IndicatorDefinition, a: Aggregate): string | null {
  if (def.where && a.where) return `(${def.where}) AND (${a.where})`;
  return def.where ? `(${def.where})` : (a.where ?? null);
}

const filter = (c: string | null) => (c ? ` FILTER (WHERE ${c})` : "");

/** Per cell: each column's aggregate over the cell's stays `f` (a stay_facts row). */
function cellColumns(attribution: CellAttribution): [string, string][] {
  const cols: [string, string][] = [];
  for (const def of catalogue.filter((d) => cellEligible(d) && d.attribution === attribution)) {
    cols.push([column(def, "present"), `count(*)${filter(def.where ? `(${def.where})` : null)}`]);
    for (const [slot, a] of slots(def)) {
      const cond = condition(def, a);
      if ("sum" in a) {
        const contributes = `(${a.sum}) > 0`;
        cols.push([column(def, slot), `coalesce(sum(${a.sum})${filter(cond)}, 0)`]);
        cols.push([column(def, `${slot}_top`), `coalesce(max(abs(${a.top ?? a.sum}))${filter(cond)}, 0)`]);
        cols.push([column(def, `${slot}_key`), `coalesce(sum(f.record_key)${filter(cond ? `(${cond}) AND ${contributes}` : contributes)}, 0)`]);
      } else {
        cols.push([column(def, slot), `count(*)${filter(cond)}`]);
        cols.push([column(def, `${slot}_key`), `coalesce(sum(f.record_key)${filter(cond)}, 0)`]);
      }
    }
  }
  return cols;
}

/**
 * The statement deriving an attribution's cells from stay_facts, for the shelters `shelterFilter`
 * (SQL over `f.shelter_code`) selects: one row per shelter and day with a stay on that date.
 * Its text is the cells' signature: a catalogue that changes a figure changes it.
 */
export function cellsSelectSql(attribution: CellAttribution, shelterFilter: string): string {
  const date = `f.${attribution}_date`;
  // BIGINT: sum() of an INTEGER is a HUGEINT, and summing HUGEINT cells per request took several
  // times as long as the rest of the statement. Every cell figure is a count (a `sum` aggregate
  // sums per-row counts, ./types.ts), so nothing is lost.
  const cols = cellColumns(attribution).map(([name, sql]) => `CAST(${sql} AS BIGINT) AS ${name}`);
  return `SELECT f.shelter_code, ${date} AS cell_date${cols.map((c) => `,\n    ${c}`).join("")}
  FROM ${STAY_FACTS} f WHERE ${date} IS NOT NULL AND ${shelterFilter}
  GROUP BY f.shelter_code, ${date}`;
}

/** What the compiler puts in place of an aggregate when it reads cells (see ./compile.ts, measures). */
export function cellAggregate(def: IndicatorDefinition, slot: Slot, a: Aggregate): { value: string; key: string; top: string } {
  return {
    value: `coalesce(sum(f.${column(def, slot)}), 0)`,
    // (Σ cells' key sums) mod 256 = (Σ record keys) mod 256.
    key: `CAST(coalesce(sum(f.${column(def, `${slot}_key`)}), 0) % 256 AS INTEGER)`,
    top: "sum" in a ? `coalesce(max(f.${column(def, `${slot}_top`)}), 0)` : "1",
  };
}

/** Rows of the definition's own condition (a group without any is not one of its groups). */
export const cellPresent = (def: IndicatorDefinition) => `coalesce(sum(f.${column(def, "present")}), 0)`;

/** The cells of the period, with the shelter's registry attributes and the bucket at `grain`. */
export function cellRelation(attribution: CellAttribution, grain: TimeGrain | null): string {
  return `SELECT c.*, r.network_code, r.country, r.region_code, r.model, ${grain ? bucketOf(grain, "c.cell_date") : "CAST(NULL AS DATE)"} AS bucket
    FROM ${cellTable(attribution)} c LEFT JOIN shelters r ON r.shelter_code = c.shelter_code
    WHERE c.cell_date BETWEEN ${FROM} AND ${TO}`;
}
