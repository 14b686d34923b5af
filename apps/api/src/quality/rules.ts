// Consistency rules on a shelter's monthly figures (pure: the SQL that builds the series is
// findings.ts). Outliers use the robust z-score of Iglewicz and Hoaglin: 0.6745 (x − median) / MAD,
// against the shelter's own last 12 months and against its network's other shelters the same
// month. A completed-stay rate is also tested against the binomial distribution of its exits, so
// a month of few exits is not judged by a spread that sampling alone explains. Thresholds are in
// THRESHOLDS and in docs/quality.md.
import { binomialCdf, median } from "@refugio/metrics";

export const findingRules = [
  "outlier_own_history",
  "outlier_peers",
  "over_capacity",
  "over_stay_limit",
  "exit_assessment_identical",
  "followups_one_day",
] as const;
export type FindingRule = (typeof findingRules)[number];

export const findingSeverities = ["high", "medium", "low"] as const;
export type FindingSeverity = (typeof findingSeverities)[number];

/** Monthly metrics the outlier rules look at. */
export const outlierMetrics = ["admissions", "occupancy_rate", "completed_rate"] as const;
export type OutlierMetric = (typeof outlierMetrics)[number];

export const THRESHOLDS = {
  /** |robust z| at or above which a value is an outlier (Iglewicz and Hoaglin's 3.5). */
  z: 3.5,
  /** …and at or above which the finding is `high`. */
  zHigh: 7,
  /** Months of own history needed before a month is judged (of the 12 before it). */
  minHistory: 6,
  /** Other shelters of the network with a value that month needed for the peer rule. */
  minPeers: 4,
  /**
   * The smallest departure from the median worth a finding, per metric: a small shelter whose
   * admissions go from 3 to 10 in a month has a large z but nothing implausible.
   */
  minDeparture: { admissions: 10, occupancy_rate: 0.25, completed_rate: 0.4 } as Record<OutlierMetric, number>,
  /** Floor of the MAD, so a flat history (MAD 0) does not make every change infinite. */
  /**
   * Occupancy's floor is wider: a home of a few families fills and empties a family at a time
   * (one family of three is 0.2 of a 15-place home), so 0.2 to 0.9 within a year is ordinary.
   */
  madFloor: { admissions: 1, occupancy_rate: 0.15, completed_rate: 0.1 } as Record<OutlierMetric, number>,
  /** Exits a month needs before its completed-stay rate is judged (below 10, one exit moves it 0.1 or more). */
  minExits: 10,
  /**
   * A completed-stay rate is an outlier only if, besides its z, so few or so many completed stays
   * among the month's exits would happen with probability below this (two-sided binomial test at
   * the reference median rate).
   */
  rateP: 0.001,
  /**
   * Over capacity: the month's average people per night above the registered places (a single
   * night over is an emergency admission, not an error).
   */
  overCapacityAverage: 1,
  /** The peer rule compares rates only: admissions depend on a shelter's size. */
  peerMetrics: ["occupancy_rate", "completed_rate"] as readonly OutlierMetric[],
  /** Identical exit assessments: at least this many pairs identical, and this share of the month's pairs. */
  identicalMin: 3,
  identicalShare: 0.5,
  /** Follow-ups all on one day: at least this many contacts in the month, on a single date. */
  oneDayMin: 5,
} as const;

/** One shelter-month of the series (null: no value that month, e.g. fewer than 3 exits). */
export interface MonthValues {
  shelter_code: string;
  network_code: string | null;
  /** First day of the month (YYYY-MM-DD). */
  month: string;
  month_end: string;
  /** Whether the month is judged (the last 12 complete months before the shelter's data end). */
  evaluated: boolean;
  values: Record<OutlierMetric, number | null>;
  /** Exits that month (the denominator of the completed-stay rate). */
  exits: number;
}

export interface Finding {
  shelter_code: string;
  network_code: string | null;
  rule: FindingRule;
  metric: string;
  severity: FindingSeverity;
  period_start: string;
  period_end: string;
  observed: number | null;
  expected: number | null;
  score: number | null;
  /** How many records the finding is about (days, stays, pairs, contacts); null for outliers. */
  affected: number | null;
}

/** Median absolute deviation (unscaled); null for no values. */
export function mad(values: readonly number[]): number | null {
  const m = median(values);
  if (m === null) return null;
  return median(values.map((v) => Math.abs(v - m)));
}

/** Robust z of x against a reference set, with a floor on the MAD; null without a reference. */
export function robustZ(x: number, reference: readonly number[], madFloor: number): { z: number; median: number } | null {
  const m = median(reference);
  const d = mad(reference);
  if (m === null || d === null) return null;
  return { z: (0.6745 * (x - m)) / Math.max(d, madFloor), median: m };
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Two-sided binomial tail: the chance of a count as far from n·θ as k (twice the smaller tail). */
export function binomialTwoSided(k: number, n: number, theta: number): number {
  const lower = binomialCdf(k, n, theta);
  const upper = 1 - binomialCdf(k - 1, n, theta);
  return Math.min(1, 2 * Math.min(lower, upper));
}

function outlier(metric: OutlierMetric, m: MonthValues, x: number, reference: readonly number[]): { z: number; median: number; severity: FindingSeverity } | null {
  const r = robustZ(x, reference, THRESHOLDS.madFloor[metric]);
  if (!r || Math.abs(r.z) < THRESHOLDS.z || Math.abs(x - r.median) < THRESHOLDS.minDeparture[metric]) return null;
  if (metric === "completed_rate" && binomialTwoSided(Math.round(x * m.exits), m.exits, r.median) >= THRESHOLDS.rateP) return null;
  return { ...r, severity: Math.abs(r.z) >= THRESHOLDS.zHigh ? "high" : "medium" };
}

/**
 * Outlier findings over monthly series (any order): each evaluated month against the shelter's
 * 12 months before it, and (rates) against the other shelters of its network that month.
 */
export function outlierFindings(series: readonly MonthValues[]): Finding[] {
  const out: Finding[] = [];
  const byShelter = new Map<string, MonthValues[]>();
  for (const m of series) byShelter.set(m.shelter_code, [...(byShelter.get(m.shelter_code) ?? []), m]);
  const byNetworkMonth = new Map<string, MonthValues[]>();
  for (const m of series) {
    const key = `${m.network_code ?? ""}|${m.month}`;
    byNetworkMonth.set(key, [...(byNetworkMonth.get(key) ?? []), m]);
  }
  for (const months of byShelter.values()) {
    months.sort((a, b) => (a.month < b.month ? -1 : 1));
    months.forEach((m, i) => {
      if (!m.evaluated) return;
      for (const metric of outlierMetrics) {
        const x = m.values[metric];
        if (x === null) continue;
        const history = months
          .slice(Math.max(0, i - 12), i)
          .map((h) => h.values[metric])
          .filter((v): v is number => v !== null);
        const base = { shelter_code: m.shelter_code, network_code: m.network_code, metric, period_start: m.month, period_end: m.month_end, observed: round(x), affected: null };
        if (history.length >= THRESHOLDS.minHistory) {
          const o = outlier(metric, m, x, history);
          if (o) out.push({ ...base, rule: "outlier_own_history", severity: o.severity, expected: round(o.median), score: round(o.z, 2) });
        }
        if (!THRESHOLDS.peerMetrics.includes(metric) || m.network_code === null) continue;
        const peers = (byNetworkMonth.get(`${m.network_code}|${m.month}`) ?? [])
          .filter((p) => p.shelter_code !== m.shelter_code)
          .map((p) => p.values[metric])
          .filter((v): v is number => v !== null);
        if (peers.length < THRESHOLDS.minPeers) continue;
        const o = outlier(metric, m, x, peers);
        if (o) out.push({ ...base, rule: "outlier_peers", severity: o.severity, expected: round(o.median), score: round(o.z, 2) });
      }
    });
  }
  return out;
}
