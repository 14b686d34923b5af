// Cell-key perturbation (the ABS TableBuilder / ONS "cell key method"): every record carries a
// fixed random key 0–255; a cell's key is the sum of its records' keys mod 256; the noise added
// to a count is looked up in a fixed table by (count, cell key). The same set of people always
// gets the same noise, so repeating a query, or differencing two overlapping ones, averages nothing out.

export const KEY_RANGE = 256;
/** Rows of the table; every count ≥ the last row uses the last row. */
export const PTABLE_MAX_COUNT = 20;

/**
 * SQL of a record key in [0, 255] from a deployment secret and a record's natural key: the last
 * byte of MD5(secret ‖ U+001F ‖ key₁ ‖ U+001F ‖ key₂ …). Computed once per stay at load time
 * (stay_facts.record_key). MD5 rather than DuckDB's hash(): its value is fixed by RFC 1321, so a
 * DuckDB upgrade or a rebuild from the same exports gives every stay the same key (and the same
 * noise). Not cryptographic: the protection rests on the secret staying on the server; the key
 * only needs to look uniform and be stable. `secret` and `keys` are SQL expressions (parameters
 * or columns, never user text); keys must not be NULL.
 */
export function recordKeySql(secret: string, ...keys: string[]): string {
  return `CAST(('0x' || right(md5(concat_ws(chr(31), ${[secret, ...keys].join(", ")})), 2)) AS INTEGER)`;
}

/** Cell key = (Σ record keys) mod 256 (in SQL: `sum(record_key) % 256`). */
export function cellKey(recordKeys: Iterable<number>): number {
  let s = 0;
  for (const k of recordKeys) s = (s + k) % KEY_RANGE;
  return s;
}

/**
 * Noise distributions, as counts out of 256 keys for noise −2 … +2. Each has mean exactly 0:
 *  - "full": Binomial(4, ½) − 2 → 16, 64, 96, 64, 16 (variance exactly 1);
 *  - "one above the floor": −1, 0, +1, +2 with 112, 48, 80, 16 (mean 0, variance exactly 1)
 *    so that a count just above the floor never drops below it;
 *  - "at the floor": no noise.
 */
const FULL = [16, 64, 96, 64, 16] as const;
const ONE_ABOVE = [0, 112, 48, 80, 16] as const;

function row(weights: readonly number[] | null): number[] {
  const out: number[] = [];
  if (weights === null) return new Array<number>(KEY_RANGE).fill(0);
  weights.forEach((w, i) => {
    for (let j = 0; j < w; j++) out.push(i - 2);
  });
  return out;
}

/**
 * The perturbation table: `ptable[c][key]` is the noise for a cell of count c (capped at the last
 * row) and cell key `key`. Rule: a cell's floor is `floor` when its count ≥ floor, otherwise 0;
 * with d = count − floor, d = 0 gets no noise, d = 1 the "one above" row, d ≥ 2 the "full" row.
 * So zero stays zero, no result is negative, and with floor = k a publishable count (≥ k) is
 * never shown as 1 … k−1. Keys map to noise in cumulative bands (0–15 → −2, 16–79 → −1, …),
 * as in ABS ptables; cell keys are uniform, so each noise value has exactly the stated probability.
 */
export function perturbationTable(floor = 0): number[][] {
  if (!Number.isInteger(floor) || floor < 0) throw new RangeError(`perturbationTable: floor must be a whole number ≥ 0, got ${floor}`);
  const rows = Math.max(PTABLE_MAX_COUNT, floor + 2) + 1;
  const table: number[][] = [];
  for (let c = 0; c < rows; c++) {
    const d = c >= floor ? c - floor : c;
    table.push(row(d === 0 ? null : d === 1 ? ONE_ABOVE : FULL));
  }
  return table;
}

/** count + noise from the table. Count must be a whole number ≥ 0 and the key a whole number 0–255. */
export function perturbCount(count: number, key: number, ptable: readonly (readonly number[])[]): number {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`perturbCount: count must be a whole number ≥ 0, got ${count}`);
  if (!Number.isInteger(key) || key < 0 || key >= KEY_RANGE) throw new RangeError(`perturbCount: key must be 0–255, got ${key}`);
  const r = ptable[Math.min(count, ptable.length - 1)];
  const noise = r?.[key];
  if (noise === undefined) throw new RangeError("perturbCount: malformed perturbation table");
  return Math.max(0, count + noise);
}
