// The single entry point the API uses: IndicatorResult-shaped rows in, publishable rows out.
import type { IndicatorResult } from "@refugio/schemas";
import { wilson } from "../stats/wilson";
import { perturbCount, perturbationTable } from "./cell-key";
import { DEFAULT_K } from "./primary";
import { suppressCells } from "./secondary";
import type { Cell, Constraint } from "./types";

/** Cell keys computed in SQL as `sum(record_key) % 256` over the records behind each quantity. */
export interface CellKeys {
  numerator?: number | null;
  denominator?: number | null;
}

export type SuppressibleRow = Pick<
  IndicatorResult,
  "indicator" | "group" | "numerator" | "denominator" | "value" | "ci_low" | "ci_high" | "n" | "suppressed" | "suppression_reason"
> & { perturbed?: boolean; cell_keys?: CellKeys };

/** Constraint between rows of the table, by index: rows[total] = Σ rows[parts]. */
export interface RowConstraint {
  total: number;
  parts: readonly number[];
  applies?: Constraint["applies"];
}

export interface SuppressionTable<R extends SuppressibleRow> {
  rows: readonly R[];
  constraints: readonly RowConstraint[];
}

export interface SuppressionOptions<R extends SuppressibleRow> {
  /** Minimum publishable count / denominator. Default 5. */
  k?: number;
  /** Cell-key perturbation (researchers, shelter peers, the public). Requires `cell_keys` on rows. */
  perturb?: boolean;
  /** Level of the Wilson interval recomputed after perturbing a proportion. Default 0.95. */
  level?: number;
  /** How a row maps to a cell; the default is `rowCell`. */
  cellOf?: (row: R) => Pick<Cell, "kind" | "numerator" | "denominator">;
}

/**
 * Default row → cell mapping:
 * - a denominator → a rate of numerator ÷ denominator;
 * - else a numerator → a count;
 * - else an n (a median, a mean change) → a rate-like statistic over n, suppressed when n < k;
 * - else the value as a count.
 */
export function rowCell(row: SuppressibleRow): Pick<Cell, "kind" | "numerator" | "denominator"> {
  if (row.denominator !== null) return { kind: "rate", numerator: row.numerator, denominator: row.denominator };
  if (row.numerator !== null) return { kind: "count", numerator: row.numerator, denominator: null };
  if (row.n !== null) return { kind: "rate", numerator: null, denominator: row.n };
  return { kind: "count", numerator: row.value, denominator: null };
}

/**
 * The common case: for each indicator, every row that is not its total sums to the row that
 * `isTotal` picks (e.g. `(r) => Object.keys(r.group).length === 0`). Indicators without exactly
 * one total row get no constraint.
 */
export function constraintsForGrouping<R extends SuppressibleRow>(
  rows: readonly R[],
  isTotal: (row: R) => boolean,
): RowConstraint[] {
  const byIndicator = new Map<string, { totals: number[]; parts: number[] }>();
  rows.forEach((r, i) => {
    const g = byIndicator.get(r.indicator) ?? { totals: [], parts: [] };
    (isTotal(r) ? g.totals : g.parts).push(i);
    byIndicator.set(r.indicator, g);
  });
  const out: RowConstraint[] = [];
  for (const { totals, parts } of byIndicator.values()) {
    const total = totals[0];
    if (totals.length === 1 && total !== undefined && parts.length > 0) out.push({ total, parts });
  }
  return out;
}

export interface PerturbedRate {
  numerator: number;
  denominator: number;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/**
 * Perturb numerator and denominator independently with their own cell keys, keep
 * numerator ≤ denominator, then recompute the value and its Wilson interval from the perturbed
 * figures (so the interval never reveals the true ones).
 */
export function perturbRate(
  numerator: number,
  denominator: number,
  keys: { numerator: number; denominator: number },
  k = DEFAULT_K,
  level = 0.95,
): PerturbedRate {
  const den = perturbCount(denominator, keys.denominator, perturbationTable(k));
  const num = Math.min(den, perturbCount(numerator, keys.numerator, perturbationTable(0)));
  if (den === 0) return { numerator: num, denominator: den, value: null, ci_low: null, ci_high: null };
  const ci = wilson(num, den, level);
  return { numerator: num, denominator: den, value: num / den, ci_low: ci.low, ci_high: ci.high };
}

const isWhole = (x: number | null): x is number => x !== null && Number.isInteger(x) && x >= 0;

function requireKey(v: number | null | undefined, what: string, row: SuppressibleRow): number {
  if (v === null || v === undefined) {
    throw new Error(`applySuppression: perturb needs cell_keys.${what} (indicator ${row.indicator}, group ${JSON.stringify(row.group)})`);
  }
  return v;
}

function perturbRow<R extends SuppressibleRow>(row: R, cell: Pick<Cell, "kind" | "numerator" | "denominator">, k: number, level: number): R {
  const keys = row.cell_keys ?? {};
  if (cell.kind === "count" && isWhole(cell.numerator)) {
    const key = requireKey(keys.numerator, "numerator", row);
    const c = perturbCount(cell.numerator, key, perturbationTable(k));
    // Interval of a count is not recomputable here; dropping it avoids leaking the true count.
    return { ...row, numerator: row.numerator === null ? null : c, value: c, ci_low: null, ci_high: null, n: row.n === null ? null : c, perturbed: true };
  }
  if (cell.kind === "rate" && cell.numerator === null && isWhole(cell.denominator)) {
    const n = perturbCount(cell.denominator, requireKey(keys.denominator, "denominator", row), perturbationTable(k));
    return { ...row, n, perturbed: true };
  }
  if (cell.kind === "rate" && isWhole(cell.numerator) && isWhole(cell.denominator) && cell.numerator <= cell.denominator) {
    const p = perturbRate(
      cell.numerator,
      cell.denominator,
      { numerator: requireKey(keys.numerator, "numerator", row), denominator: requireKey(keys.denominator, "denominator", row) },
      k,
      level,
    );
    const hadCi = row.ci_low !== null || row.ci_high !== null;
    return {
      ...row,
      numerator: p.numerator,
      denominator: p.denominator,
      value: p.value,
      ci_low: hadCi ? p.ci_low : null,
      ci_high: hadCi ? p.ci_high : null,
      n: row.n === null ? null : p.denominator,
      perturbed: true,
    };
  }
  // Non-integer quantities (e.g. place-days ratios) are not counts of people: left as they are.
  return row;
}

/**
 * Suppress (and optionally perturb) a table of indicator rows. Decisions use the true figures;
 * perturbation is applied afterwards to the published cells only. Suppressed rows get
 * numerator, denominator, value, ci_low, ci_high and n set to null (and `stats` removed).
 * `cell_keys` never leave this function.
 */
export function applySuppression<R extends SuppressibleRow>(
  table: SuppressionTable<R>,
  options: SuppressionOptions<R> = {},
): Omit<R, "cell_keys">[] {
  const k = options.k ?? DEFAULT_K;
  const level = options.level ?? 0.95;
  const cellOf = options.cellOf ?? rowCell;
  const ids = table.rows.map((_, i) => String(i));
  const cells: Cell[] = table.rows.map((r, i) => ({ id: ids[i] ?? String(i), ...cellOf(r) }));
  const constraints: Constraint[] = table.constraints.map((c) => {
    const id = (i: number) => {
      if (!Number.isInteger(i) || i < 0 || i >= table.rows.length) throw new RangeError(`applySuppression: constraint row ${i} out of range`);
      return String(i);
    };
    return { total: id(c.total), parts: c.parts.map(id), ...(c.applies ? { applies: c.applies } : {}) };
  });
  const decisions = suppressCells(cells, constraints, { k });
  return table.rows.map((row, i) => {
    const d = decisions[i];
    const cell = cells[i];
    let out: R = { ...row };
    if (d?.suppressed) {
      out = {
        ...out,
        numerator: null,
        denominator: null,
        value: null,
        ci_low: null,
        ci_high: null,
        n: null,
        suppressed: true,
        suppression_reason: d.reason,
      };
      // A verdict computed from the hidden figures would hint at them.
      if ("comparison" in out) (out as { comparison?: unknown }).comparison = "not_compared";
      delete (out as { stats?: unknown }).stats;
    } else {
      out = { ...out, suppressed: false, suppression_reason: null };
      if (options.perturb && cell) out = perturbRow(out, cell, k, level);
    }
    const { cell_keys: _drop, ...clean } = out;
    return clean;
  });
}
