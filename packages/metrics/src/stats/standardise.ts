// Indirect standardisation (case-mix adjustment) of a unit's proportion against a reference
// population, after Breslow & Day (1987), "Statistical Methods in Cancer Research, vol. II",
// IARC Sci. Publ. 82, ch. 2, and the definitions of R's epitools::ageadjust.indirect:
//   expected E = Σ_s n_s · r_s        (the unit's count in stratum s × the reference rate in s)
//   ratio  O/E                          (the standardised ratio, SMR/SIR)
//   adjusted rate = O/E · R             (R = the reference population's crude rate)
// with an exact Poisson interval for O/E (Garwood 1936; = base R's poisson.test(O, E)):
//   low = qgamma(α/2, O) / E,  high = qgamma(1 − α/2, O + 1) / E.
// Funnel limits for O/E against E are the exact Poisson ones with Spiegelhalter's (2005,
// Stat Med 24:1185, appendix A.1.2) interpolation for discreteness.
import { gammaQuantile, poissonCdf, poissonQuantile } from "./gamma";
import { checkLevel } from "./validate";

export interface Interval2 {
  low: number | null;
  high: number | null;
}

/** Exact (Garwood) Poisson interval for the rate O / E (= poisson.test(O, E)$conf.int in R). */
export function poissonRatioInterval(observed: number, expected: number, level = 0.95): Interval2 {
  checkLevel("poissonRatioInterval", level);
  if (!(observed >= 0) || !Number.isFinite(observed)) throw new RangeError(`poissonRatioInterval: observed must be ≥ 0, got ${observed}`);
  if (!(expected > 0) || !Number.isFinite(expected)) return { low: null, high: null };
  const a = (1 - level) / 2;
  const low = observed === 0 ? 0 : gammaQuantile(a, observed) / expected;
  const high = gammaQuantile(1 - a, observed + 1) / expected;
  return { low, high };
}

export interface StratumCounts {
  /** The unit's count in the stratum (the denominator of the proportion). */
  n: number;
}

export interface ReferenceStratum {
  /** Events and count of the reference population in the stratum. */
  events: number;
  n: number;
}

export interface Standardised {
  observed: number;
  expected: number;
  /** O / E; null when E = 0. */
  ratio: number | null;
  ratio_low: number | null;
  ratio_high: number | null;
  /** The reference population's crude rate R. */
  reference_rate: number | null;
  /** O/E × R and its interval (the ratio's interval × R). */
  adjusted: number | null;
  adjusted_low: number | null;
  adjusted_high: number | null;
}

/**
 * Indirect standardisation: `unit[s].n` is the unit's count in stratum s, `reference[s]` the
 * reference population's events and count there, `observed` the unit's events. Strata where the
 * reference has no one contribute nothing (the unit, part of the reference, has no one there either).
 */
export function indirectStandardise(
  observed: number,
  unit: readonly StratumCounts[],
  reference: readonly ReferenceStratum[],
  level = 0.95,
): Standardised {
  if (unit.length !== reference.length) throw new RangeError(`indirectStandardise: ${unit.length} unit strata but ${reference.length} reference strata`);
  let expected = 0;
  let refEvents = 0;
  let refN = 0;
  unit.forEach((u, s) => {
    const r = reference[s] as ReferenceStratum;
    refEvents += r.events;
    refN += r.n;
    if (r.n > 0) expected += u.n * (r.events / r.n);
  });
  const R = refN > 0 ? refEvents / refN : null;
  const ratio = expected > 0 ? observed / expected : null;
  const ci = poissonRatioInterval(observed, expected, level);
  const times = (x: number | null) => (x === null || R === null ? null : x * R);
  return {
    observed,
    expected,
    ratio,
    ratio_low: ci.low,
    ratio_high: ci.high,
    reference_rate: R,
    adjusted: times(ratio),
    adjusted_low: times(ci.low),
    adjusted_high: times(ci.high),
  };
}

/** Exact Poisson limit for O/E at probability p for expected E (ratio 1), interpolated. */
function poissonLimit(p: number, expected: number): number {
  const r = poissonQuantile(p, expected);
  const fr = poissonCdf(r, expected);
  const frm1 = poissonCdf(r - 1, expected);
  const alpha = fr > frm1 ? (fr - p) / (fr - frm1) : 0;
  return Math.max(0, (r - alpha) / expected);
}

export interface RatioLimit {
  level: number;
  low: number;
  high: number;
}

/** Funnel limits of O/E around 1 for a unit with expected count E, at each level. */
export function ratioFunnelLimits(expected: number, levels: readonly number[] = [0.95, 0.998]): RatioLimit[] {
  if (!(expected > 0) || !Number.isFinite(expected)) throw new RangeError(`ratioFunnelLimits: expected must be > 0, got ${expected}`);
  return levels.map((level) => {
    checkLevel("ratioFunnelLimits", level);
    const pLow = (1 - level) / 2;
    return { level, low: poissonLimit(pLow, expected), high: poissonLimit(1 - pLow, expected) };
  });
}

/** Points for drawing the O/E funnel from E = 1 up to eMax (geometric spacing). */
export function ratioFunnelCurve(eMax: number, points = 40, levels: readonly number[] = [0.95, 0.998]): { expected: number; limits: RatioLimit[] }[] {
  if (!(eMax > 0)) return [];
  const start = Math.min(1, eMax);
  const out: { expected: number; limits: RatioLimit[] }[] = [];
  for (let i = 0; i < points; i++) {
    const e = start * Math.pow(eMax / start, points === 1 ? 1 : i / (points - 1));
    out.push({ expected: e, limits: ratioFunnelLimits(e, levels) });
  }
  return out;
}

/** "higher" / "lower" / "similar" of O/E against 1 on its interval; null without an interval. */
export function ratioPosition(low: number | null, high: number | null): "higher" | "lower" | "similar" | null {
  if (low === null || high === null) return null;
  if (low > 1) return "higher";
  if (high < 1) return "lower";
  return "similar";
}

export interface StratumMerge {
  /** Keys of the strata merged into one, in the declared order. */
  strata: string[];
  /** The merged stratum's reference count. */
  n: number;
}

/**
 * Groups strata, listed in the declared order of their variables (lexicographic), so that every
 * group has at least `min` reference records: adjacent strata are merged along that order, and a
 * short tail joins the group before it. Returns the groups as indexes; strata with no reference
 * records at all are left out (nothing to standardise with, nobody to count).
 */
export function mergeStrata(referenceCounts: readonly number[], min: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let sum = 0;
  referenceCounts.forEach((n, i) => {
    if (!(n > 0)) return;
    current.push(i);
    sum += n;
    if (sum >= min) {
      groups.push(current);
      current = [];
      sum = 0;
    }
  });
  if (current.length > 0) {
    const last = groups.pop();
    groups.push(last ? [...last, ...current] : current);
  }
  return groups;
}
