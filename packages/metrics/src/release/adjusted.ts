// Case-mix-adjusted figures (indirect standardisation, ../stats/standardise.ts) as the release
// engine publishes them. Inputs: the crude table of the same query, already released (so each
// unit's observed count and its suppression are the crude ones: suppression applies to adjusted
// figures exactly as to crude ones, complementary cells included), and the case-mix query's true
// per-stratum blocks with their cell keys (../catalogue/casemix.ts). By audience:
// - owner / internal: the true stratum counts;
// - external: every stratum count (each unit's, and the reference population's events and
//   records) perturbed with its own cell key before anything is computed, so expected counts,
//   reference rates, merges and ratios come from perturbed blocks only.
// Strata are merged along the variables' declared order until each reaches max(k, MIN_STRATUM)
// reference records (as released), so no reference rate rests on a small cell.
import type { Comparison, IndicatorResult } from "@refugio/schemas";
import type { CaseMixRow, CaseMixVariable } from "../catalogue/casemix";
import type { IndicatorDefinition } from "../catalogue/types";
import { compareToBenchmark } from "../stats/compare";
import { indirectStandardise, mergeStrata, type ReferenceStratum, type StratumCounts } from "../stats/standardise";
import { treatmentFor, type Audience } from "../suppression/audience";
import { perturbCount, perturbationTable } from "../suppression/cell-key";
import { isReleased, markReleased } from "./ledger";

/** Fewest reference records a (merged) stratum may rest on, unless k is larger. */
export const MIN_STRATUM = 20;

export interface AdjustedResult {
  indicator: string;
  group: Record<string, string | null>;
  /** Observed events: the unit's released crude numerator. */
  observed: number | null;
  expected: number | null;
  ratio: number | null;
  ratio_low: number | null;
  ratio_high: number | null;
  /** The reference population's crude rate (as released). */
  reference_rate: number | null;
  adjusted: number | null;
  adjusted_low: number | null;
  adjusted_high: number | null;
  suppressed: boolean;
  suppression_reason: IndicatorResult["suppression_reason"];
  /** The unit judged on O/E against 1 (its interval), with the indicator's polarity. */
  comparison: Comparison;
  perturbed?: boolean;
}

export interface AdjustmentMethod {
  method: "indirect_standardisation";
  /** Variables used, in merge order. */
  variables: { code: string; label: { es: string; en: string } }[];
  /** Strata merged into one (only groups of more than one), each stratum as "variable=level, …". */
  merges: string[][];
  /** Strata used after merging (a count of strata, not of people). */
  strata: number;
  interval: "exact_poisson";
}

export interface AdjustedRelease {
  rows: AdjustedResult[];
  method: AdjustmentMethod;
}

export interface AdjustedInput {
  def: IndicatorDefinition;
  /** The released crude table (units and their total) of the same query. */
  crude: readonly IndicatorResult[];
  strata: readonly CaseMixRow[];
  unit: string;
  variables: readonly CaseMixVariable[];
  audience: Audience;
  k: number;
  level?: number;
}

const whole = (x: number | null): number => Math.max(0, Math.round(x ?? 0));

function requireKey(key: number | null | undefined, what: string, def: IndicatorDefinition): number {
  if (key === null || key === undefined) throw new Error(`release: ${def.code} has no cell key for case-mix ${what}`);
  return key;
}

/** The declared-order position of a stratum (lexicographic over the variables' level orders). */
function stratumOrder(variables: readonly CaseMixVariable[], row: CaseMixRow): number[] {
  return variables.map((v) => {
    const i = v.levels.findIndex((l) => l.code === row[`s_${v.code}`]);
    return i < 0 ? v.levels.length : i;
  });
}

const stratumId = (variables: readonly CaseMixVariable[], row: CaseMixRow) => variables.map((v) => `${v.code}=${row[`s_${v.code}`] ?? "unknown"}`).join(", ");

export function releaseAdjusted(input: AdjustedInput): AdjustedRelease {
  const { def, crude, strata, variables, audience, k, unit } = input;
  const level = input.level ?? 0.95;
  if (!crude.every(isReleased)) throw new Error("release: adjusted figures need the released crude table");
  const treatment = treatmentFor(audience);
  const table = perturbationTable(0);
  // Stratum blocks as released: true, or each perturbed with its own cell key.
  const count = (x: number | null, key: number | null, what: string) =>
    treatment.perturb ? perturbCount(whole(x), requireKey(key, what, def), table) : whole(x);

  const reference = strata.filter((r) => r.is_total);
  const ids = reference
    .map((r) => ({ id: stratumId(variables, r), order: stratumOrder(variables, r), row: r }))
    .sort((a, b) => {
      for (let i = 0; i < a.order.length; i++) if ((a.order[i] ?? 0) !== (b.order[i] ?? 0)) return (a.order[i] ?? 0) - (b.order[i] ?? 0);
      return 0;
    });
  const refBlocks = ids.map(({ row }) => {
    const n = count(row.den, row.den_key, "reference records");
    return { n, events: Math.min(n, count(row.num, row.num_key, "reference events")) };
  });
  const groups = mergeStrata(refBlocks.map((b) => b.n), Math.max(k, MIN_STRATUM));
  const groupOf = new Map<string, number>();
  groups.forEach((g, gi) => g.forEach((i) => groupOf.set(ids[i]?.id ?? "", gi)));
  const refMerged: ReferenceStratum[] = groups.map((g) => ({
    n: g.reduce((a, i) => a + (refBlocks[i]?.n ?? 0), 0),
    events: g.reduce((a, i) => a + (refBlocks[i]?.events ?? 0), 0),
  }));

  // Each unit's records per merged stratum.
  const perUnit = new Map<string, StratumCounts[]>();
  for (const r of strata) {
    if (r.is_total) continue;
    const code = r[`g_${unit}`] ?? "";
    const gi = groupOf.get(stratumId(variables, r));
    if (gi === undefined) continue; // a stratum with no released reference records
    const counts = perUnit.get(code) ?? groups.map(() => ({ n: 0 }));
    (counts[gi] as StratumCounts).n += count(r.den, r.den_key, "unit records");
    perUnit.set(code, counts);
  }

  const rows: AdjustedResult[] = crude
    .filter((r) => Object.keys(r.group).length > 0)
    .map((r) => {
      const base = { indicator: def.code, group: { ...r.group }, ...(treatment.perturb ? { perturbed: true } : {}) };
      if (r.suppressed || r.numerator === null) {
        return markReleased({
          ...base,
          observed: null, expected: null, ratio: null, ratio_low: null, ratio_high: null, reference_rate: null,
          adjusted: null, adjusted_low: null, adjusted_high: null,
          suppressed: r.suppressed, suppression_reason: r.suppression_reason, comparison: "not_compared" as Comparison,
        });
      }
      const counts = perUnit.get(r.group[unit] ?? "") ?? groups.map(() => ({ n: 0 }));
      const s = indirectStandardise(r.numerator, counts, refMerged, level);
      const comparison = s.ratio === null ? "not_compared" : compareToBenchmark({ low: s.ratio_low, high: s.ratio_high }, 1, def.polarity);
      return markReleased({ ...base, ...s, suppressed: false, suppression_reason: null, comparison });
    });

  const merges = groups.filter((g) => g.length > 1).map((g) => g.map((i) => ids[i]?.id ?? ""));
  const method = markReleased({
    method: "indirect_standardisation" as const,
    variables: variables.map((v) => ({ code: v.code, label: { ...v.label } })),
    merges,
    strata: groups.length,
    interval: "exact_poisson" as const,
  });
  return { rows, method };
}
