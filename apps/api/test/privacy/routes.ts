// The differencing attacks ("routes"). Each one asks the API only what an external user may ask,
// combines the answers, and records an estimate per target cell. Which cells were small (1..k−1)
// and whether the estimate was right is decided later, from the truth, by the suite.
import type { IndicatorResult } from "@refugio/schemas";
import { tQuantile, wilson } from "@refugio/metrics";
import {
  addDays,
  at,
  type Attacker,
  type CellRef,
  daysIn,
  field,
  firstYear,
  lastYear,
  type Field,
  groupOf,
  isTotal,
  monthSpan,
  num,
  quarterSpan,
  stat,
  yearSpan,
} from "./attacker";
import type { Shelter, World } from "./world";

/** Exit-attributed indicators: their counts add up over periods and shelters. */
export const EXITS = "completed_stays";
/** Carries coverage (eligible = exits, missing = exits without a self-esteem change). */
export const COVERED = "self_esteem_improved";
export const LOS = "length_of_stay";
export const PAIRED = "self_esteem_change";
export const OCC = "occupancy_rate";

export const ROUTES = {
  totalMinusParts: "total − parts",
  overlap: "overlapping periods",
  quarterMonths: "quarter − months",
  grains: "month/quarter/year",
  meanN: "mean × n",
  ciWidth: "interval width → n",
  coverage: "coverage counts",
  occupancyDay: "occupancy, windows 1 day apart",
  repeat: "repeated identical queries",
  equivalent: "equivalent queries averaged",
  peerOccupancyDay: "benchmark occupancy, 1 day apart",
  peerConsecutive: "benchmark peers, consecutive months",
} as const;

type Span = { from: string; to: string };
type ShelterRows = Map<string, IndicatorResult>;

const byShelter = (rows: IndicatorResult[] | null, indicator: string): ShelterRows => {
  const m: ShelterRows = new Map();
  for (const r of rows ?? []) {
    const s = groupOf(r, "shelter");
    if (r.indicator === indicator && s !== null) m.set(s, r);
  }
  return m;
};
/**
 * A shelter's quantity in a grouped answer: its row's field; 0 when the query was answered and the
 * shelter has no row (grouped queries list non-empty groups only); null when the query was refused.
 */
const shelterField = (rows: IndicatorResult[] | null, byCode: ShelterRows, code: string, f: Field): number | null => {
  if (rows === null) return null;
  const r = byCode.get(code);
  return r === undefined ? 0 : field(r, f);
};
const totalOf = (rows: IndicatorResult[] | null, indicator: string) => (rows ?? []).find((r) => r.indicator === indicator && isTotal(r));
const cell = (indicator: string, f: Field, span: Span, shelter: string | null): CellRef => ({ indicator, field: f, from: span.from, to: span.to, shelter });
const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/**
 * Linear constraints "total = Σ parts" over named unknowns, solved the way an attacker does by
 * hand: a constraint with exactly one unknown left gives it; repeat until nothing changes.
 */
export function solveSums(known: Map<string, number | null>, constraints: { total: string; parts: string[] }[]): Map<string, number> {
  const value = new Map<string, number>();
  for (const [k, v] of known) if (v !== null) value.set(k, v);
  const solved = new Map<string, number>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of constraints) {
      const members = [c.total, ...c.parts];
      const unknown = members.filter((m) => !value.has(m));
      if (unknown.length !== 1) continue;
      const u = at(unknown, 0);
      const partsSum = c.parts.reduce((s, p) => s + (p === u ? 0 : (value.get(p) ?? 0)), 0);
      const v = u === c.total ? partsSum : (value.get(c.total) ?? 0) - partsSum;
      value.set(u, v);
      solved.set(u, v);
      changed = true;
    }
  }
  return solved;
}

/** Total minus its visible parts: network, network-filter, region-filter and by-region totals against shelters. */
export async function totalMinusParts(att: Attacker, w: World, route: string, indicator: string, fields: Field[]): Promise<void> {
  const regions = [...new Set(w.shelters.map((s) => s.region))].slice(0, 10);
  const networks = [...new Set(w.shelters.map((s) => s.network))];
  for (const year of w.years) {
    const span = yearSpan(year, year);
    const q = { indicators: [indicator], ...span };
    const all = await att.values(route, { ...q, by: ["shelter"] });
    const perRegion = await att.values(route, { ...q, by: ["region"] });
    const regionFiltered = new Map<string, IndicatorResult[] | null>();
    for (const r of regions) regionFiltered.set(r, await att.values(route, { ...q, region: r, by: ["shelter"] }));
    const netFiltered = new Map<string, IndicatorResult[] | null>();
    for (const n of networks) netFiltered.set(n, await att.values(route, { ...q, network: n, by: ["shelter"] }));
    for (const f of fields) {
      const known = new Map<string, number | null>();
      const constraints: { total: string; parts: string[] }[] = [];
      const put = (k: string, v: number | null) => {
        if (v !== null || !known.has(k)) known.set(k, v ?? known.get(k) ?? null);
      };
      const shelterRows = byShelter(all, indicator);
      for (const s of w.shelters) put(`s:${s.code}`, shelterField(all, shelterRows, s.code, f));
      put("T", field(totalOf(all, indicator), f));
      constraints.push({ total: "T", parts: w.shelters.map((s) => `s:${s.code}`) });
      const regionRows = new Map((perRegion ?? []).filter((r) => r.indicator === indicator && groupOf(r, "region") !== null).map((r) => [groupOf(r, "region") ?? "", r]));
      for (const r of new Set(w.shelters.map((s) => s.region))) {
        const parts = w.shelters.filter((s) => s.region === r).map((s) => `s:${s.code}`);
        put(`r:${r}`, perRegion === null ? null : regionRows.has(r) ? field(regionRows.get(r), f) : 0);
        constraints.push({ total: `r:${r}`, parts });
        const filtered = regionFiltered.get(r);
        if (filtered) {
          put(`rf:${r}`, field(totalOf(filtered, indicator), f));
          for (const [code, row] of byShelter(filtered, indicator)) put(`s:${code}`, field(row, f));
          constraints.push({ total: `rf:${r}`, parts });
        }
      }
      constraints.push({ total: "T", parts: [...new Set(w.shelters.map((s) => `r:${s.region}`))] });
      for (const [n, rows] of netFiltered) {
        put(`n:${n}`, field(totalOf(rows, indicator), f));
        for (const [code, row] of byShelter(rows, indicator)) put(`s:${code}`, field(row, f));
        constraints.push({ total: `n:${n}`, parts: w.shelters.filter((s) => s.network === n).map((s) => `s:${s.code}`) });
      }
      for (const [k, v] of solveSums(known, constraints)) {
        if (k.startsWith("s:")) att.add(route, cell(indicator, f, span, k.slice(2)), v);
      }
    }
  }
}

/** How the per-shelter rows of one period are obtained (one request by default). */
type Fetch = (span: Span) => Promise<Map<string, Map<Field, number | null>> | null>;

function fetchByShelter(att: Attacker, route: string, indicator: string, fields: Field[], repeat = 1): Fetch {
  return async (span) => {
    const sums = new Map<string, Map<Field, number[]>>();
    let answered = false;
    for (let i = 0; i < repeat; i++) {
      const res = await att.values(route, { indicators: [indicator], ...span, by: ["shelter"] });
      answered ||= res !== null;
      const rows = byShelter(res, indicator);
      for (const [s, r] of rows) {
        const m = sums.get(s) ?? new Map<Field, number[]>();
        for (const f of fields) {
          const v = field(r, f);
          if (v !== null) m.set(f, [...(m.get(f) ?? []), v]);
        }
        sums.set(s, m);
      }
    }
    return answered ? averaged(sums, fields) : null;
  };
}

function averaged(sums: Map<string, Map<Field, number[]>>, fields: Field[]): Map<string, Map<Field, number | null>> {
  const out = new Map<string, Map<Field, number | null>>();
  for (const [s, m] of sums) {
    out.set(s, new Map(fields.map((f) => {
      const xs = m.get(f) ?? [];
      return [f, xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null] as const;
    })));
  }
  return out;
}

/**
 * Overlapping periods: a year Y = [first, Y] − [first, Y−1] for every shelter. With `round`, the
 * estimate is rounded (used when the inputs are averages).
 */
export async function overlappingYears(att: Attacker, w: World, route: string, indicator: string, fields: Field[], fetch: Fetch, round = false, targets: Shelter[] = w.shelters): Promise<void> {
  const first = firstYear(w.years);
  let previous: Map<string, Map<Field, number | null>> | null = null;
  for (const year of w.years) {
    const current = await fetch(yearSpan(first, year));
    for (const s of targets) {
      for (const f of fields) {
        const d = diff(read(current, s.code, f), year === first ? 0 : read(previous, s.code, f));
        att.add(route, cell(indicator, f, yearSpan(year, year), s.code), d === null ? null : round ? Math.round(d) : d);
      }
    }
    previous = current;
  }
}

/** A shelter missing from an answered grouped query has no records there (0); a refused query tells nothing. */
function read(rows: Map<string, Map<Field, number | null>> | null, shelter: string, f: Field): number | null {
  if (rows === null) return null;
  const r = rows.get(shelter);
  return r === undefined ? 0 : (r.get(f) ?? null);
}

export const plainFetch = fetchByShelter;

/**
 * Equivalent queries: the same cumulative cell reached by shelter filter, by=shelter, a region with
 * one shelter, and compare.units; the year estimates of each way are averaged and rounded.
 */
export function equivalentFetch(att: Attacker, w: World, route: string, indicator: string, fields: Field[], targets: Shelter[]): Fetch {
  return async (span) => {
    const sums = new Map<string, Map<Field, number[]>>();
    // `answered`: the query was answered, so a missing row is a zero, not "no information".
    const push = (s: string, r: IndicatorResult | undefined, answered: boolean) => {
      const m = sums.get(s) ?? new Map<Field, number[]>();
      for (const f of fields) {
        const v = r === undefined ? (answered ? 0 : null) : field(r, f);
        if (v !== null) m.set(f, [...(m.get(f) ?? []), v]);
      }
      sums.set(s, m);
    };
    const groupedRes = await att.values(route, { indicators: [indicator], ...span, by: ["shelter"] });
    if (groupedRes === null) return null;
    const grouped = byShelter(groupedRes, indicator);
    const units = await att.call<{ units: { unit: string | null; result: IndicatorResult }[] }>(route, "compare.units", { indicator, ...span, units: "shelter" });
    const unitRows = new Map((units?.units ?? []).filter((u) => typeof u.unit === "string").map((u) => [u.unit as string, u.result]));
    for (const s of targets) {
      push(s.code, grouped.get(s.code), true);
      push(s.code, unitRows.get(s.code), units !== null);
      const own = await att.values(route, { indicators: [indicator], ...span, shelter: s.code });
      push(s.code, totalOf(own, indicator), own !== null);
      if (w.shelters.filter((x) => x.region === s.region).length === 1) {
        const region = await att.values(route, { indicators: [indicator], ...span, region: s.region });
        push(s.code, totalOf(region, indicator), region !== null);
      }
    }
    return averaged(sums, fields);
  };
}

/** A quarter minus its visible months (and a hidden quarter from its visible months). */
export async function quarterMinusMonths(att: Attacker, w: World, route: string, indicator: string, fields: Field[], years: number[]): Promise<void> {
  for (const year of years) {
    for (let q = 1; q <= 4; q++) {
      const qs = quarterSpan(year, q);
      const quarterRes = await att.values(route, { indicators: [indicator], from: qs.from, to: qs.to, by: ["shelter"] });
      const quarter = byShelter(quarterRes, indicator);
      const months = [];
      for (const m of qs.months) {
        const ms = monthSpan(year, m);
        const res = await att.values(route, { indicators: [indicator], from: ms.from, to: ms.to, by: ["shelter"] });
        months.push({ span: ms, res, rows: byShelter(res, indicator) });
      }
      for (const s of w.shelters) {
        for (const f of fields) {
          const known = new Map<string, number | null>([["Q", shelterField(quarterRes, quarter, s.code, f)]]);
          months.forEach((m, i) => known.set(`M${i}`, shelterField(m.res, m.rows, s.code, f)));
          for (const [k, v] of solveSums(known, [{ total: "Q", parts: ["M0", "M1", "M2"] }])) {
            const span = k === "Q" ? qs : at(months, Number(k.slice(1))).span;
            att.add(route, cell(indicator, f, span, s.code), v);
          }
        }
      }
    }
  }
}

/** indicators.trend at month, quarter and year grain: year = Σ quarters, quarter = Σ months. */
export async function grainHierarchy(att: Attacker, w: World, route: string, indicator: string, fields: Field[]): Promise<void> {
  const span = yearSpan(firstYear(w.years), lastYear(w.years));
  const grains = {} as Record<"month" | "quarter" | "year", IndicatorResult[] | null>;
  for (const grain of ["month", "quarter", "year"] as const) {
    grains[grain] = await att.trend(route, { indicators: [indicator], ...span, grain, by: ["shelter"] });
  }
  for (const f of fields) {
    for (const s of w.shelters) {
      const known = new Map<string, number | null>();
      const spans = new Map<string, Span>();
      for (const grain of ["month", "quarter", "year"] as const) {
        for (const r of grains[grain] ?? []) {
          const key = groupOf(r, grain);
          if (r.indicator === indicator && groupOf(r, "shelter") === s.code && key !== null) known.set(key, field(r, f));
        }
      }
      const constraints: { total: string; parts: string[] }[] = [];
      for (const year of w.years) {
        spans.set(String(year), yearSpan(year, year));
        constraints.push({ total: String(year), parts: [1, 2, 3, 4].map((q) => `${year}-Q${q}`) });
        for (let q = 1; q <= 4; q++) {
          const qs = quarterSpan(year, q);
          spans.set(qs.key, qs);
          constraints.push({ total: qs.key, parts: qs.months.map((m) => monthSpan(year, m).key) });
          for (const m of qs.months) spans.set(monthSpan(year, m).key, monthSpan(year, m));
        }
      }
      // A period without a row has no exits: the grouped query only lists non-empty groups.
      for (const [k, sp] of spans) if (!known.has(k)) known.set(k, answeredGrain(grains, sp) ? 0 : null);
      for (const [k, v] of solveSums(known, constraints)) {
        const sp = spans.get(k);
        if (sp) att.add(route, cell(indicator, f, sp, s.code), v);
      }
    }
  }
}

/** Whether the grain of this period was answered (a refused grain tells nothing, not zero). */
function answeredGrain(grains: Record<"month" | "quarter" | "year", IndicatorResult[] | null>, sp: Span & { key?: string }): boolean {
  const key = sp.key ?? sp.from.slice(0, 4);
  const grain = /Q/.test(key) ? "quarter" : key.length === 7 ? "month" : "year";
  return grains[grain] !== null;
}

/**
 * Mean × n: a mean published beside n gives the sum of days when the mean was computed on the
 * true n (the n with n·mean a whole number of days, within the perturbation's ±2 of the
 * published n). Then overlapping periods give a year's n and sum.
 */
export async function meanTimesN(att: Attacker, w: World, route: string): Promise<void> {
  const recover = (r: IndicatorResult | undefined): { n: number; sum: number } | null => {
    const mean = stat(r, "mean");
    const published = num(r?.n);
    if (mean === null || published === null) return null;
    const candidates = [];
    for (let n = Math.max(1, published - 2); n <= published + 2; n++) {
      const s = mean * n;
      if (Math.abs(s - Math.round(s)) < 1e-6 * Math.max(1, s)) candidates.push(n);
    }
    // No n near the published one makes the sum whole: the mean is not over the true n and
    // sum of days; the attacker still takes mean × published n as its best estimate of the sum.
    if (candidates.length === 0) return { n: published, sum: Math.round(mean * published) };
    const n = candidates.includes(published) ? published : at(candidates.sort((a, b) => Math.abs(a - published) - Math.abs(b - published)), 0);
    return { n, sum: Math.round(mean * n) };
  };
  const fetch: Fetch = async (span) => {
    const res = await att.values(route, { indicators: [LOS], ...span, by: ["shelter"] });
    if (res === null) return null;
    const rows = byShelter(res, LOS);
    return new Map([...rows].map(([s, r]) => {
      const x = recover(r);
      return [s, new Map<Field, number | null>([["n", x?.n ?? null], ["sum", x?.sum ?? null]])];
    }));
  };
  await overlappingYears(att, w, route, LOS, ["n", "sum"], fetch);
}

/** Interval width → n: a t interval (paired change) or a Wilson interval (proportion) solved for n, then overlapping periods. */
export async function intervalWidth(att: Attacker, w: World, route: string): Promise<void> {
  const tN = (r: IndicatorResult | undefined): number | null => {
    const sd = stat(r, "sd");
    const lo = num(r?.ci_low);
    const hi = num(r?.ci_high);
    if (sd === null || lo === null || hi === null || sd <= 0) return null;
    const half = (hi - lo) / 2;
    const published = num(r?.n);
    const [a, b] = published !== null ? [Math.max(2, published - 3), published + 3] : [2, 3000];
    for (let n = a; n <= b; n++) {
      if (Math.abs(tQuantile(0.975, n - 1) * (sd / Math.sqrt(n)) - half) < 1e-9 * Math.max(1, half)) return n;
    }
    return null;
  };
  const wilsonN = (r: IndicatorResult | undefined): number | null => {
    const p = num(r?.value);
    const lo = num(r?.ci_low);
    const hi = num(r?.ci_high);
    if (p === null || lo === null || hi === null) return null;
    const published = num(r?.denominator);
    const [a, b] = published !== null ? [Math.max(1, published - 3), published + 3] : [1, 3000];
    for (let n = a; n <= b; n++) {
      const x = Math.round(p * n);
      if (Math.abs(x / n - p) > 1e-9) continue;
      const ci = wilson(x, n);
      if (ci.low !== null && ci.high !== null && Math.abs(ci.low - lo) < 1e-9 && Math.abs(ci.high - hi) < 1e-9) return n;
    }
    return null;
  };
  const fetchWith = (indicator: string, f: Field, solve: (r: IndicatorResult | undefined) => number | null): Fetch => async (span) => {
    const res = await att.values(route, { indicators: [indicator], ...span, by: ["shelter"] });
    if (res === null) return null;
    return new Map([...byShelter(res, indicator)].map(([s, r]) => [s, new Map<Field, number | null>([[f, solve(r)]])]));
  };
  await overlappingYears(att, w, route, PAIRED, ["n"], fetchWith(PAIRED, "n", tN));
  await overlappingYears(att, w, route, EXITS, ["denominator"], fetchWith(EXITS, "denominator", wilsonN));
}

/** People present on day d = place-days of [1 Jan, d] − place-days of [1 Jan, d − 1], per shelter. */
export async function occupancyDay(att: Attacker, w: World, route: string, days: string[]): Promise<void> {
  for (const d of days) {
    const start = `${d.slice(0, 4)}-01-01`;
    const a = byShelter(await att.values(route, { indicators: [OCC], from: start, to: d, by: ["shelter"] }), OCC);
    const b = byShelter(await att.values(route, { indicators: [OCC], from: start, to: addDays(d, -1), by: ["shelter"] }), OCC);
    for (const s of w.shelters) {
      const x = diff(field(a.get(s.code), "numerator"), field(b.get(s.code), "numerator"));
      att.add(route, cell(OCC, "present", { from: d, to: d }, s.code), x === null ? null : Math.round(x));
    }
  }
}

interface PeerAnswer {
  indicators: { indicator: string; peers: { points: number[] | null; pooled?: boolean; window?: { from: string | null; to: string | null } } | null }[];
}

/**
 * A peer's place-days from the anonymous benchmark distribution: the capacity of every peer is
 * public (the registry), and a point p belongs to a peer of capacity c when p·c·days is a whole
 * number of place-days. Only a peer matched by exactly one point is read.
 */
async function peerPlaceDays(att: Attacker, w: World, route: string, span: Span): Promise<Map<string, number> | null> {
  const own = w.peerAccount.shelter;
  const res = await att.call<PeerAnswer>(route, "benchmark.shelter", { shelter: own, indicators: [OCC], peers: "network", ...span });
  const peers = res?.indicators.find((i) => i.indicator === OCC)?.peers;
  if (!peers?.points || peers.pooled === true) return res ? new Map() : null;
  const days = daysIn(span.from, span.to);
  const network = w.shelters.find((s) => s.code === own)?.network;
  const fits = (p: number, c: number) => Math.abs(p * c * days - Math.round(p * c * days)) < 1e-6;
  // Candidate points of each peer; then, as a hand solver would, assign a peer with a single
  // candidate point and remove that point from the others, until nothing changes.
  const points = peers.points.map((p) => num(p)).filter((p): p is number => p !== null);
  const remaining = new Map(points.map((p, i) => [i, p]));
  const candidates = new Map(
    w.shelters
      .filter((x) => x.network === network && x.code !== own && x.capacity > 0)
      .map((s) => [s, points.map((p, i) => (fits(p, s.capacity) ? i : -1)).filter((i) => i >= 0)] as const),
  );
  const out = new Map<string, number>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [s, list] of candidates) {
      const open = list.filter((i) => remaining.has(i));
      const values = new Set(open.map((i) => remaining.get(i)));
      if (values.size !== 1 || open.length === 0) continue;
      const i = at(open, 0);
      out.set(s.code, Math.round((remaining.get(i) ?? 0) * s.capacity * days));
      remaining.delete(i);
      candidates.delete(s);
      changed = true;
    }
  }
  return out;
}

export async function peerOccupancyDay(att: Attacker, w: World, route: string, days: string[]): Promise<void> {
  for (const d of days) {
    const start = `${d.slice(0, 4)}-01-01`;
    const a = await peerPlaceDays(att, w, route, { from: start, to: d });
    const b = await peerPlaceDays(att, w, route, { from: start, to: addDays(d, -1) });
    for (const [s, v] of a ?? []) {
      const u = b?.get(s);
      if (u !== undefined) att.add(route, cell(OCC, "present", { from: d, to: d }, s), v - u);
    }
  }
}

/** Place-days of month M = [1 Jan, end of M] − [1 Jan, end of M − 1], from the peer distribution. */
export async function peerConsecutive(att: Attacker, w: World, route: string, year: number): Promise<void> {
  let previous: Map<string, number> | null = new Map();
  for (let m = 1; m <= 12; m++) {
    const cur = await peerPlaceDays(att, w, route, { from: `${year}-01-01`, to: monthSpan(year, m).to });
    for (const [s, v] of cur ?? []) {
      const u = m === 1 ? 0 : previous?.get(s);
      if (u !== undefined) att.add(route, cell(OCC, "place_days", monthSpan(year, m), s), v - u);
    }
    previous = cur;
  }
}
