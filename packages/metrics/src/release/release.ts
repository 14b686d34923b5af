// The one release engine. Every indicator figure that leaves the server passes here: the true
// building blocks of each row (counts, sums of bounded magnitudes, their cell keys) go in, and
// what comes out depends on who reads it (docs/privacy.md):
// - owner (a shelter reading its own figures): the true blocks, nothing hidden;
// - internal (ministry, network directors for their network, admins): small-cell suppression;
// - external (researchers, shelter peers): suppression, then cell-key perturbation of every block,
//   and every published statistic (rate, mean, interval, coverage, n) derived from the perturbed
//   blocks only, so nothing computed on a true value reaches an external reader.
// Suppression decisions always use the true figures; perturbation applies to published cells.
import { NO_FIGURES, type Comparison, type IndicatorResult } from "@refugio/schemas";
import type { CompiledRow } from "../catalogue/compile";
import type { IndicatorDefinition } from "../catalogue/types";
import { compareToBenchmark } from "../stats/compare";
import { pairedFromMoments, pairedFromSums } from "../stats/paired";
import { wilson } from "../stats/wilson";
import { treatmentFor, type Audience } from "../suppression/audience";
import { perturbCount, perturbationTable } from "../suppression/cell-key";
import { perturbRate } from "./rate";
import { suppressCells } from "../suppression/secondary";
import type { Cell, Constraint } from "../suppression/types";
import { markReleased } from "./ledger";
import { perturbSum } from "./magnitude";

export interface ReleaseInput {
  def: IndicatorDefinition;
  /** The compiled query's rows: the total (is_total) and the groups, true figures with cell keys. */
  rows: readonly CompiledRow[];
  /** Group dimensions of the rows, in order (`g_<dimension>` columns). */
  dimensions: readonly string[];
  audience: Audience;
  /** Minimum publishable count / denominator. */
  k: number;
  /** Level of every interval. Default 0.95. */
  level?: number;
}

/** The building blocks of one row as released: true (owner, internal) or perturbed (external). */
interface Blocks {
  num: number | null;
  den: number | null;
  n: number | null;
  eligible: number | null;
  missing: number | null;
  /** Σ value and Σ value² (distribution, paired_change). */
  vSum: number | null;
  vSumSq: number | null;
  perturbed: boolean;
}

type Row = CompiledRow;

function requireKey(key: number | null | undefined, what: string, def: IndicatorDefinition): number {
  // Fail closed: a block without its cell key cannot be perturbed, so it is not released.
  if (key === null || key === undefined) throw new Error(`release: ${def.code} has no cell key for ${what}`);
  return key;
}

const whole = (x: number | null): number => Math.max(0, Math.round(x ?? 0));

function trueBlocks(r: Row): Blocks {
  return { num: r.num, den: r.den, n: r.n, eligible: r.eligible, missing: r.missing, vSum: r.v_sum, vSumSq: r.v_sumsq, perturbed: false };
}

/** Cell-key perturbation of every block of a published row (ABS method: counts and magnitudes). */
function perturbedBlocks(def: IndicatorDefinition, r: Row, k: number, level: number): Blocks {
  const counts = perturbationTable(k);
  const count = (x: number | null, key: number | null, what: string) => (x === null ? null : perturbCount(whole(x), requireKey(key, what, def), counts));
  const b: Blocks = { ...trueBlocks(r), perturbed: true };
  switch (def.computation) {
    case "count":
      b.num = count(r.num, r.num_key, "numerator");
      b.n = def.n ? count(r.n, r.n_key, "n") : b.num;
      break;
    case "proportion": {
      const p = perturbRate(whole(r.num), whole(r.den), { numerator: requireKey(r.num_key, "numerator", def), denominator: requireKey(r.den_key, "denominator", def) }, k, level);
      b.num = p.numerator;
      b.den = p.denominator;
      b.n = def.n ? count(r.n, r.n_key, "n") : p.denominator;
      break;
    }
    case "ratio":
      // Place-days and answers are whole units: the perturbed totals are rounded to them.
      b.num = Math.round(perturbSum({ sum: r.num ?? 0, top: r.num_top ?? 0, key: requireKey(r.num_key, "numerator", def) }, { nonNegative: true }));
      b.den = def.publicDenominator
        ? r.den
        : Math.round(perturbSum({ sum: r.den ?? 0, top: r.den_top ?? 0, key: requireKey(r.den_key, "denominator", def) }, { nonNegative: true }));
      b.n = count(r.n, r.n_key, "n");
      break;
    case "distribution":
    case "paired_change": {
      // Σ value and Σ value² are magnitudes of the same records as n, so they share its cell key.
      const key = requireKey(r.n_key, "n", def);
      const top = r.v_top ?? 0;
      b.n = count(r.n, r.n_key, "n");
      b.vSum = perturbSum({ sum: r.v_sum ?? 0, top, key }, { nonNegative: def.unit === "days" });
      b.vSumSq = perturbSum({ sum: r.v_sumsq ?? 0, top: top * top, key }, { nonNegative: true });
      break;
    }
  }
  if (def.coverage) {
    // Eligible is perturbed with its own key; missing is derived (eligible − measured), so the
    // reader gets no third, independently perturbed count to average against the other two.
    const measured = def.coverage.measured === "numerator" ? b.num : b.den;
    const eligible = count(r.eligible, r.eligible_key, "coverage.eligible");
    if (eligible !== null && measured !== null) {
      b.eligible = Math.max(eligible, measured);
      b.missing = b.eligible - measured;
    } else {
      b.eligible = null;
      b.missing = null;
    }
  }
  return b;
}

/** Figures of a published row, derived from its (true or perturbed) blocks. */
function derive(def: IndicatorDefinition, r: Row, b: Blocks, level: number): Omit<IndicatorResult, "indicator" | "group" | "comparison"> {
  const base = {
    numerator: null as number | null,
    denominator: null as number | null,
    value: null as number | null,
    ci_low: null as number | null,
    ci_high: null as number | null,
    n: b.n,
    suppressed: false,
    suppression_reason: null,
  };
  let extra: Partial<IndicatorResult> = {};
  switch (def.computation) {
    case "count":
      Object.assign(base, { numerator: b.num, value: b.num });
      break;
    case "proportion": {
      const x = whole(b.num);
      const n = whole(b.den);
      const ci = wilson(Math.min(x, n), n, level);
      Object.assign(base, { numerator: x, denominator: n, value: n > 0 ? x / n : null, ci_low: ci.low, ci_high: ci.high });
      break;
    }
    case "ratio":
      Object.assign(base, { numerator: b.num, denominator: b.den, value: b.den ? (b.num ?? 0) / b.den : null });
      break;
    case "distribution":
      if (b.perturbed) {
        // Quantiles are not sums: an external reader gets the mean from perturbed blocks only.
        const mean = b.n ? (b.vSum ?? 0) / b.n : null;
        Object.assign(base, { value: mean });
        extra = { stats: { median: null, mean, p90: null }, statistic: "mean" };
      } else {
        Object.assign(base, { value: r.stat_median });
        extra = { stats: { median: r.stat_median, mean: r.stat_mean, p90: r.stat_p90 }, statistic: "median" };
      }
      break;
    case "paired_change": {
      const p = b.perturbed ? pairedFromSums(b.n ?? 0, b.vSum ?? 0, b.vSumSq ?? 0, level) : pairedFromMoments(r.n ?? 0, r.stat_mean, r.stat_sd, level);
      Object.assign(base, { value: p.mean, ci_low: p.ci_low, ci_high: p.ci_high });
      extra = { stats: { mean: p.mean, sd: p.sd, dz: p.dz } };
      break;
    }
  }
  return { ...base, ...extra, ...(b.perturbed ? { perturbed: true } : {}) };
}

/** How a row enters suppression: counts by their count; rates and statistics over n by n. */
function mainCell(def: IndicatorDefinition, r: Row): Omit<Cell, "id"> {
  if (def.computation === "count") return { kind: "count", numerator: r.num, denominator: null };
  if (def.computation === "proportion") return { kind: "rate", numerator: r.num, denominator: r.den };
  // Ratios (place-days, survey answers), distributions and paired changes: the people behind them.
  return { kind: "rate", numerator: null, denominator: r.n };
}

/** total = Σ groups, for the cells `prefix<i>` (one total row and at least one group). */
function familyConstraints(rows: readonly Row[], prefix: string): Constraint[] {
  const total = rows.findIndex((r) => r.is_total);
  const parts = rows.map((r, i) => (r.is_total ? -1 : i)).filter((i) => i >= 0);
  if (total < 0 || parts.length === 0 || rows.filter((r) => r.is_total).length !== 1) return [];
  return [{ total: `${prefix}${total}`, parts: parts.map((i) => `${prefix}${i}`) }];
}

interface Hidden {
  row: Map<number, "primary" | "secondary">;
  coverage: Set<number>;
}

/**
 * Which rows, and which rows' attrition counts, are hidden. Attrition counts are counts of people
 * too: they form their own table (eligible as denominator, missing as numerator) with the same
 * total = Σ groups constraint, and a suppressed row's attrition counts start hidden, so the
 * complementary search hides enough of the others that none can be subtracted back out.
 */
function suppression(def: IndicatorDefinition, rows: readonly Row[], k: number): Hidden {
  const main = suppressCells(rows.map((r, i) => ({ id: `m${i}`, ...mainCell(def, r) })), familyConstraints(rows, "m"), { k });
  const row = new Map<number, "primary" | "secondary">();
  main.forEach((d, i) => {
    if (d.suppressed && d.reason) row.set(i, d.reason);
  });
  const coverage = new Set<number>(row.keys());
  if (def.coverage) {
    const cells: Cell[] = rows.map((r, i) => ({ id: `c${i}`, kind: "rate", numerator: r.missing, denominator: r.eligible }));
    const decisions = suppressCells(cells, familyConstraints(rows, "c"), { k, hidden: [...row.keys()].map((i) => `c${i}`) });
    decisions.forEach((d, i) => {
      if (d.suppressed) coverage.add(i);
    });
  }
  return { row, coverage };
}

function groupOf(r: Row, dims: readonly string[]): Record<string, string | null> {
  return r.is_total ? {} : Object.fromEntries(dims.map((d) => [d, r[`g_${d}`] ?? null]));
}

const isTotal = (r: { group: Record<string, unknown> }) => Object.keys(r.group).length === 0;

/** A group against the query's total (Fingertips style), from the released figures only. */
function comparison(def: IndicatorDefinition, row: IndicatorResult, total: IndicatorResult | undefined, k: number): Comparison | null {
  if (isTotal(row)) return null;
  if (row.suppressed || !total || total.suppressed || total.value === null) return "not_compared";
  if (row.n !== null && row.n < k) return "not_compared";
  if (def.computation !== "proportion" && def.computation !== "paired_change") return "not_compared";
  return compareToBenchmark({ low: row.ci_low, high: row.ci_high, suppressed: row.suppressed }, total.value, def.polarity);
}

/** One indicator's table as the audience may see it; every returned row is marked released. */
export function releaseIndicator(input: ReleaseInput): IndicatorResult[] {
  const { def, rows, dimensions, audience, k } = input;
  const level = input.level ?? 0.95;
  const treatment = treatmentFor(audience);
  const hidden: Hidden = treatment.suppress ? suppression(def, rows, k) : { row: new Map(), coverage: new Set() };
  const coverageNote = def.coverage ? `${def.coverage.note.es} / ${def.coverage.note.en}` : null;
  const out: IndicatorResult[] = rows.map((r, i) => {
    const group = groupOf(r, dimensions);
    const reason = hidden.row.get(i);
    if (reason) {
      return {
        indicator: def.code,
        group,
        ...NO_FIGURES,
        suppressed: true,
        suppression_reason: reason,
        ...(coverageNote ? { coverage: { eligible: null, missing: null, note: coverageNote } } : {}),
      };
    }
    const blocks = treatment.perturb ? perturbedBlocks(def, r, k, level) : trueBlocks(r);
    const figures = derive(def, r, blocks, level);
    const coverage = coverageNote
      ? hidden.coverage.has(i)
        ? { eligible: null, missing: null, note: coverageNote }
        : { eligible: blocks.eligible, missing: blocks.missing, note: coverageNote }
      : undefined;
    return { indicator: def.code, group, ...figures, comparison: null, ...(coverage ? { coverage } : {}) };
  });
  const total = out.find(isTotal);
  return out.map((r) => markReleased({ ...r, comparison: r.suppressed ? (isTotal(r) ? null : "not_compared") : comparison(def, r, total, k) }));
}
