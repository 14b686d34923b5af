// k-anonymity (with optional distinct l-diversity) by full-domain generalisation over the lattice
// of hierarchy levels, then local record suppression up to a limit: the method of ARX.
//
// Input is the frequency set at level 0 (one entry per distinct combination of level-0
// quasi-identifier values, with its record count and the distinct sensitive values in it), so the
// search never touches records. A lattice node is a vector of levels, one per quasi-identifier.
// A node is "anonymous" when the records in classes smaller than k (or with fewer than l distinct
// values of a sensitive attribute) are at most the suppression limit; those records are then
// suppressed. This property is monotone: generalising further only merges classes, and merged
// classes never fail where both parts passed, so the failing records never increase (Kohlmayer et
// al. 2012; El Emam et al. 2009). The search uses that monotonicity as Flash does: it walks paths
// from the bottom of the lattice upwards, binary-searches each path for its lowest anonymous
// node, and tags every successor of an anonymous node as anonymous and every predecessor of a
// non-anonymous node as not anonymous without evaluating them (predictive tagging). The node
// released is the anonymous node with the least information loss: the smallest mean
// generalisation intensity (Sweeney's precision, "Prec"), ties broken by the fewest suppressed
// records, then by the lattice order (deterministic).
import { SUPPRESSED_VALUE, type Hierarchy } from "./hierarchy";

export class AnonymiseError extends Error {
  constructor(
    readonly es: string,
    readonly en: string,
  ) {
    super(`${es} / ${en}`);
    this.name = "AnonymiseError";
  }
}

export interface BaseClass {
  /** Level-0 values, one per quasi-identifier (same order as the hierarchies). */
  values: readonly (string | null)[];
  count: number;
  /** Distinct values of each sensitive attribute among the class's records (null, missing, is one value). */
  sensitive?: Readonly<Record<string, readonly (string | null)[]>>;
}

export interface AnonymiseOptions {
  hierarchies: readonly Hierarchy[];
  classes: readonly BaseClass[];
  /** Smallest class size released (≥ 2; exports use ≥ 3). */
  k: number;
  /** Distinct l-diversity required of every attribute in `sensitive` (absent or 1: measured, not required). */
  l?: number;
  sensitive?: readonly string[];
  /** Share of records that may be suppressed (0–1). */
  maxSuppression: number;
  /** Prosecutor risk above which a record counts as "at risk" (default 0.1: classes under 10). */
  riskThreshold?: number;
}

export interface RiskFigures {
  /** Highest re-identification probability of a released record (1 / smallest class). */
  highest: number;
  /** Average over released records of 1 / class size (= classes / records). */
  average: number;
  /** Share of released records whose risk exceeds the threshold. */
  atRisk: number;
  threshold: number;
}

export interface GeneralisationChoice {
  variable: string;
  level: number;
  levelName: string;
  es: string;
  en: string;
  /** level / top level: 0 = as detailed as released at all, 1 = fully suppressed. */
  intensity: number;
}

export interface AnonymiseResult {
  levels: number[];
  generalisations: GeneralisationChoice[];
  /** Per base class: released values (null for suppressed classes) and whether its records are kept. */
  released: ((string | null)[] | null)[];
  records: number;
  kept: number;
  suppressed: number;
  classes: number;
  kReached: number;
  /** Smallest number of distinct values of each sensitive attribute in a released class. */
  lReached: Record<string, number>;
  risk: RiskFigures;
  /** The same figures before anonymisation (level 0, nothing suppressed), for comparison. */
  riskBefore: RiskFigures;
  loss: { perVariable: Record<string, number>; mean: number; suppressedShare: number };
  search: { nodes: number; evaluated: number; anonymousNodes: number };
}

interface Evaluation {
  levels: number[];
  failing: number;
  /** One base class standing for each generalised class (every member has the same values at these levels). */
  reps: Int32Array;
  sizes: number[];
  fails: boolean[];
  diversity: number[][];
}

const popcount = (x: number) => {
  let n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
};

export function riskFigures(sizes: readonly number[], threshold: number): RiskFigures {
  let records = 0;
  let classes = 0;
  let atRisk = 0;
  let smallest = Infinity;
  for (const s of sizes) {
    if (s <= 0) continue;
    records += s;
    classes += 1;
    if (1 / s > threshold) atRisk += s;
    smallest = Math.min(smallest, s);
  }
  if (records === 0) return { highest: 0, average: 0, atRisk: 0, threshold };
  return { highest: 1 / smallest, average: classes / records, atRisk: atRisk / records, threshold };
}

export function anonymise(opts: AnonymiseOptions): AnonymiseResult {
  const { hierarchies, classes } = opts;
  const k = opts.k;
  const l = opts.l ?? 1;
  // Sensitive attributes are always measured (l reached is reported); l > 1 also enforces them.
  const sensitive = [...(opts.sensitive ?? [])];
  const threshold = opts.riskThreshold ?? 0.1;
  if (!Number.isInteger(k) || k < 2) throw new AnonymiseError("k debe ser un entero ≥ 2", "k must be a whole number ≥ 2");
  if (!(opts.maxSuppression >= 0 && opts.maxSuppression <= 1)) throw new AnonymiseError("el límite de supresión debe estar entre 0 y 1", "the suppression limit must be between 0 and 1");
  const dims = hierarchies.length;
  const records = classes.reduce((s, c) => s + c.count, 0);
  const maxSuppressed = Math.floor(opts.maxSuppression * records);

  // Dictionary-encode level-0 values per dimension, then the generalised code at every level.
  const baseCodes: Int32Array[] = [];
  const genCodes: Int32Array[][] = []; // [dim][level][baseCode]
  const genValues: (string | null)[][][] = []; // [dim][level][genCode]
  const radix: number[] = [];
  for (let d = 0; d < dims; d++) {
    const h = hierarchies[d] as Hierarchy;
    const dict = new Map<string | null, number>();
    const codes = new Int32Array(classes.length);
    classes.forEach((c, i) => {
      const v = c.values[d] ?? null;
      let code = dict.get(v);
      if (code === undefined) dict.set(v, (code = dict.size));
      codes[i] = code;
    });
    baseCodes.push(codes);
    const perLevel: Int32Array[] = [];
    const valuesPerLevel: (string | null)[][] = [];
    for (let level = 0; level < h.levels.length; level++) {
      const out = new Int32Array(dict.size);
      const genDict = new Map<string | null, number>();
      for (const [v, code] of dict) {
        const g = h.generalise(v, level);
        let gc = genDict.get(g);
        if (gc === undefined) genDict.set(g, (gc = genDict.size));
        out[code] = gc;
      }
      perLevel.push(out);
      valuesPerLevel.push([...genDict.keys()]);
    }
    genCodes.push(perLevel);
    genValues.push(valuesPerLevel);
    radix.push(dict.size + 1);
  }

  // Sensitive values as bit masks per base class (distinct l-diversity needs only the set).
  const masks: number[][] = sensitive.map((attr) => {
    const dict = new Map<string, number>();
    return classes.map((c) => {
      let m = 0;
      for (const raw of c.sensitive?.[attr] ?? []) {
        // Missing is a value of its own (an open stay has no exit reason yet, and says so).
        const v = raw ?? "\u0000missing";
        let bit = dict.get(v);
        if (bit === undefined) dict.set(v, (bit = dict.size));
        if (bit > 30) throw new AnonymiseError(`demasiados valores distintos en ${attr}`, `too many distinct values in ${attr}`);
        m |= 1 << bit;
      }
      return m;
    });
  });

  // Lattice: mixed radix over the number of levels of each dimension.
  const height = hierarchies.map((h) => h.levels.length);
  const stride: number[] = [];
  let nodes = 1;
  for (const h of height) {
    stride.push(nodes);
    nodes *= h;
  }
  const decode = (id: number) => height.map((h, d) => Math.floor(id / (stride[d] as number)) % h);
  const status = new Uint8Array(nodes); // 0 unknown, 1 anonymous, 2 not anonymous
  const cache = new Map<number, Evaluation>();
  let evaluated = 0;

  /** Generalised code of base class i in dimension d at a level. */
  const gen = (d: number, level: number, i: number): number => (genCodes[d] as Int32Array[])[level]?.[(baseCodes[d] as Int32Array)[i] as number] ?? 0;

  // The frequency set itself, as the evaluation every other one can be rolled up from.
  const base: Evaluation = {
    levels: hierarchies.map(() => 0),
    failing: 0,
    reps: Int32Array.from(classes.keys()),
    sizes: classes.map((c) => c.count),
    fails: [],
    diversity: masks,
  };

  /** The generalised key of base class i at the given levels. */
  const keyOf = (levels: readonly number[], i: number): number => {
    let key = 0;
    for (let d = 0; d < dims; d++) key = key * (radix[d] as number) + gen(d, levels[d] as number, i);
    return key;
  };

  const evaluate = (id: number): Evaluation => {
    const hit = cache.get(id);
    if (hit) return hit;
    evaluated++;
    const levels = decode(id);
    // Roll up from the smallest cached evaluation this node generalises (levels ≤ componentwise):
    // a value at a higher level is a function of the value at a lower one, so one member per
    // class says where the whole class goes (as Flash rolls up frequency sets).
    let source = base;
    for (const e of cache.values()) {
      if (e.reps.length < source.reps.length && e.levels.every((lv, d) => lv <= (levels[d] as number))) source = e;
    }
    const index = new Map<number, number>();
    const reps: number[] = [];
    const sizes: number[] = [];
    const diversity: number[][] = sensitive.map(() => []);
    for (let c0 = 0; c0 < source.reps.length; c0++) {
      const rep = source.reps[c0] as number;
      const key = keyOf(levels, rep);
      let c = index.get(key);
      if (c === undefined) {
        index.set(key, (c = sizes.length));
        reps.push(rep);
        sizes.push(0);
        for (const div of diversity) div.push(0);
      }
      sizes[c] = (sizes[c] as number) + (source.sizes[c0] as number);
      for (let s = 0; s < sensitive.length; s++) {
        const div = diversity[s] as number[];
        div[c] = (div[c] as number) | ((source.diversity[s] as number[])[c0] as number);
      }
    }
    const fails = sizes.map((size, c) => size < k || (l > 1 && diversity.some((div) => popcount(div[c] as number) < l)));
    let failing = 0;
    fails.forEach((f, c) => {
      if (f) failing += sizes[c] as number;
    });
    const e: Evaluation = { levels, failing, reps: Int32Array.from(reps), sizes, fails, diversity };
    // Keep memory bounded on large frequency sets: only the last few evaluations are cached.
    if (cache.size > 64) cache.delete(cache.keys().next().value as number);
    cache.set(id, e);
    return e;
  };

  const tag = (id: number, value: 1 | 2) => {
    const stack = [id];
    while (stack.length) {
      const n = stack.pop() as number;
      if (status[n] === value) continue;
      status[n] = value;
      const lv = decode(n);
      for (let d = 0; d < dims; d++) {
        const next = value === 1 ? (lv[d] as number) + 1 : (lv[d] as number) - 1;
        if (next < 0 || next >= (height[d] as number)) continue;
        const m = n + (next - (lv[d] as number)) * (stride[d] as number);
        if (status[m] !== value) stack.push(m);
      }
    }
  };

  const anonymous = (id: number) => evaluate(id).failing <= maxSuppressed;

  // Nodes bottom-up by height (sum of levels), then by id.
  const order = Array.from({ length: nodes }, (_, i) => i);
  const sumOf = order.map((i) => decode(i).reduce((a, b) => a + b, 0));
  order.sort((a, b) => (sumOf[a] as number) - (sumOf[b] as number) || a - b);
  for (const start of order) {
    if (status[start] !== 0) continue;
    // A path upwards through unknown nodes, raising the first dimension that can be raised.
    const path = [start];
    for (;;) {
      const cur = path[path.length - 1] as number;
      const lv = decode(cur);
      let next = -1;
      for (let d = 0; d < dims && next < 0; d++) {
        if ((lv[d] as number) + 1 < (height[d] as number) && status[cur + (stride[d] as number)] === 0) next = cur + (stride[d] as number);
      }
      if (next < 0) break;
      path.push(next);
    }
    let lo = 0;
    let hi = path.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const id = path[mid] as number;
      if (status[id] === 1 || (status[id] === 0 && anonymous(id))) {
        tag(id, 1);
        hi = mid - 1;
      } else {
        tag(id, 2);
        lo = mid + 1;
      }
    }
  }

  const precision = (id: number) => decode(id).reduce((s, lv, d) => s + lv / ((height[d] as number) - 1), 0) / Math.max(1, dims);
  let best = -1;
  let bestPrec = Infinity;
  let bestSuppressed = Infinity;
  let anonymousNodes = 0;
  for (let id = 0; id < nodes; id++) {
    if (status[id] !== 1) continue;
    anonymousNodes++;
    const p = precision(id);
    if (p > bestPrec + 1e-12) continue;
    const failing = evaluate(id).failing;
    if (p < bestPrec - 1e-12 || failing < bestSuppressed) {
      best = id;
      bestPrec = p;
      bestSuppressed = failing;
    }
  }
  if (best < 0) {
    throw new AnonymiseError(
      `no hay forma de publicar ${records} registros con k = ${k}${l > 1 ? ` y l = ${l}` : ""} sin suprimir más del ${Math.round(opts.maxSuppression * 100)} %: amplíe el periodo o la selección`,
      `${records} records cannot be released at k = ${k}${l > 1 ? ` and l = ${l}` : ""} without suppressing more than ${Math.round(opts.maxSuppression * 100)} %: widen the period or the selection`,
    );
  }

  const chosen = evaluate(best);
  const levels = decode(best);
  const classIndex = new Map<number, number>();
  chosen.reps.forEach((rep, c) => classIndex.set(keyOf(levels, rep), c));
  const released = classes.map((_, i) => {
    const c = classIndex.get(keyOf(levels, i)) as number;
    if (chosen.fails[c]) return null;
    return hierarchies.map((_, d) => {
      const level = levels[d] as number;
      const value = genValues[d]?.[level]?.[gen(d, level, i)];
      return value === undefined ? SUPPRESSED_VALUE : value;
    });
  });
  const keptSizes = chosen.sizes.map((s, c) => (chosen.fails[c] ? 0 : s));
  const kept = keptSizes.reduce((a, b) => a + b, 0);
  const lReached: Record<string, number> = {};
  sensitive.forEach((attr, s) => {
    let min = Infinity;
    chosen.sizes.forEach((_, c) => {
      if (!chosen.fails[c]) min = Math.min(min, popcount((chosen.diversity[s] as number[])[c] as number));
    });
    lReached[attr] = Number.isFinite(min) ? min : 0;
  });
  const generalisations = hierarchies.map((h, d) => {
    const lv = levels[d] as number;
    const def = h.levels[lv] as { name: string; es: string; en: string };
    return { variable: h.variable, level: lv, levelName: def.name, es: def.es, en: def.en, intensity: lv / (h.levels.length - 1) };
  });
  const keptClasses = keptSizes.filter((s) => s > 0);
  return {
    levels,
    generalisations,
    released,
    records,
    kept,
    suppressed: records - kept,
    classes: keptClasses.length,
    kReached: keptClasses.reduce((m, s) => Math.min(m, s), keptClasses.length ? Infinity : 0),
    lReached,
    risk: riskFigures(keptSizes, threshold),
    riskBefore: riskFigures(evaluate(0).sizes, threshold),
    loss: {
      perVariable: Object.fromEntries(generalisations.map((g) => [g.variable, g.intensity])),
      mean: bestPrec,
      suppressedShare: records ? (records - kept) / records : 0,
    },
    search: { nodes, evaluated, anonymousNodes },
  };
}
