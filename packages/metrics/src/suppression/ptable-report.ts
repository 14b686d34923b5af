// Prints the accuracy figures quoted in docs/privacy.md:
//   npx tsx packages/metrics/src/suppression/ptable-report.ts
// (1) exact expectation over counts 0–100 with all 256 cell keys equally likely;
// (2) a simulation with record keys as `recordKeySql` computes them (last byte of MD5(secret ‖
//     U+001F ‖ key), here with node:crypto) and cell keys as sums, to check that assumption.
// A Node script (node:crypto): not part of the package's browser-safe index.
import { createHash } from "node:crypto";
import { KEY_RANGE, cellKey, perturbCount, perturbationTable } from "./cell-key";

/** The record key of `recordKeySql(secret, key)`, in JavaScript. */
export function md5RecordKey(secret: string, ...keys: string[]): number {
  const digest = createHash("md5").update([secret, ...keys].join("\u001f"), "utf8").digest();
  return digest[15] ?? 0;
}

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

/** Simulated: `cells` cells of 0–maxCount random stays each, keyed as `recordKeySql` keys them (`md5RecordKey`). */
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
    for (let i = 0; i < c; i++) keys.push(md5RecordKey("report-secret", `stay-${stay++}`));
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
      ["simulated, MD5 record keys", simulatedAccuracy(k)],
    ] as const) {
      console.log(`| ${k} | ${name} | ${r.cells} | ${fmt(r.bias)} | ${fmt(r.mae)} | ${fmt(r.rmse)} | ${fmt(r.within1)} | ${fmt(r.unchanged)} |`);
    }
  }
}
