// Prints the accuracy figures quoted in docs/privacy.md:
//   npx tsx packages/metrics/src/suppression/ptable-report.ts
// (1) exact expectation over counts 0–100 with all 256 cell keys equally likely;
// (2) a simulation with record keys from `recordKey` and cell keys as sums, to check that assumption.
import { KEY_RANGE, cellKey, perturbCount, perturbationTable, recordKey } from "./cell-key";

interface Summary {
  cells: number;
  mae: number;
  bias: number;
  rmse: number;
  within1: number;
  unchanged: number;
}

function summarise(errors: readonly number[]): Summary {
  const n = errors.length;
  let abs = 0;
  let sum = 0;
  let sq = 0;
  let w1 = 0;
  let zero = 0;
  for (const e of errors) {
    abs += Math.abs(e);
    sum += e;
    sq += e * e;
    if (Math.abs(e) <= 1) w1++;
    if (e === 0) zero++;
  }
  return { cells: n, mae: abs / n, bias: sum / n, rmse: Math.sqrt(sq / n), within1: w1 / n, unchanged: zero / n };
}

/** Exact: every publishable count 0, k…100 with every cell key. */
export function exactAccuracy(k: number, maxCount = 100): Summary {
  const t = perturbationTable(k);
  const errors: number[] = [];
  for (let c = 0; c <= maxCount; c++) {
    if (c > 0 && c < k) continue;
    for (let key = 0; key < KEY_RANGE; key++) errors.push(perturbCount(c, key, t) - c);
  }
  return summarise(errors);
}

/** Simulated: `cells` cells of 0–maxCount random stays each, keyed with `recordKey`. */
export function simulatedAccuracy(k: number, cells = 20000, maxCount = 100, seed = 1): Summary {
  const t = perturbationTable(k);
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const errors: number[] = [];
  let stay = 0;
  while (errors.length < cells) {
    const c = Math.floor(next() * (maxCount + 1));
    if (c > 0 && c < k) continue;
    const keys: number[] = [];
    for (let i = 0; i < c; i++) keys.push(recordKey("report-secret", `stay-${stay++}`));
    errors.push(perturbCount(c, cellKey(keys), t) - c);
  }
  return summarise(errors);
}

const isMain = typeof process !== "undefined" && process.argv[1]?.endsWith("ptable-report.ts");
if (isMain) {
  const fmt = (x: number) => x.toFixed(4);
  console.log("| k | method | cells | bias | MAE | RMSE | share |error| ≤ 1 | share unchanged |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const k of [5, 10, 11]) {
    for (const [name, r] of [
      ["exact, all keys", exactAccuracy(k)],
      ["simulated, recordKey", simulatedAccuracy(k)],
    ] as const) {
      console.log(`| ${k} | ${name} | ${r.cells} | ${fmt(r.bias)} | ${fmt(r.mae)} | ${fmt(r.rmse)} | ${fmt(r.within1)} | ${fmt(r.unchanged)} |`);
    }
  }
}
