// Cell-key perturbation of magnitudes (sums of days, place-days, scores), after the ABS
// TableBuilder method for continuous variables (Thompson, Broadfoot & Elazar 2013, "Methodology
// for the automatic confidentialisation of statistical outputs from remote servers at the ABS",
// UNECE Work Session on Statistical Data Confidentiality, Ottawa) as implemented in the cellKey R
// package (sdcTools, `ck_params_nums(type = "top_contr")`): the noise added to a cell's total is
// proportional to the cell's largest single contribution, scaled by a factor looked up with the
// cell key. The same records always give the same noise; the noise is never smaller than a fixed
// share of the top contribution, so the largest contributor (a single stay in a tiny cell) is
// never disclosed exactly, and the difference of two overlapping cells carries noise of the size
// of what it would reveal.
import { KEY_RANGE } from "../suppression/cell-key";

/** Share of the top contribution that a factor of ±1 adds (cellKey's `p` for small values). */
export const MAGNITUDE_SHARE = 0.3;

/**
 * Factors by cell key: ±0.5, ±0.75, ±1, ±1.25 and ±1.5, each on 25.6 keys on average, in bands
 * (keys 0–25 → −1.5, …), symmetric so the mean is exactly 0. |factor| ≥ 0.5: no cell is left
 * untouched, which is what protects a cell whose top contributor is most of its total.
 */
const FACTORS = [-1.5, -1.25, -1, -0.75, -0.5] as const;

function factorTable(): number[] {
  const out: number[] = [];
  for (let key = 0; key < KEY_RANGE; key++) {
    // 256 keys in 10 bands: keys 0–127 negative (−1.5 first), keys 128–255 their mirror image.
    const half = key < KEY_RANGE / 2 ? key : KEY_RANGE - 1 - key;
    const band = Math.min(4, Math.floor((half * 5) / (KEY_RANGE / 2)));
    const f = FACTORS[band] as number;
    out.push(key < KEY_RANGE / 2 ? f : -f);
  }
  return out;
}

export const MAGNITUDE_FACTORS: readonly number[] = factorTable();

/** The factor for a cell key (0–255). */
export function magnitudeFactor(key: number): number {
  if (!Number.isInteger(key) || key < 0 || key >= KEY_RANGE) throw new RangeError(`magnitudeFactor: key must be 0–255, got ${key}`);
  return MAGNITUDE_FACTORS[key] as number;
}

export interface MagnitudeCell {
  /** The true total of the cell. */
  sum: number;
  /** The largest absolute contribution of one record to the cell (≥ 0). */
  top: number;
  /** Cell key of the records behind the cell. */
  key: number;
}

/**
 * sum + factor(key) × share × top. An empty cell (top 0) stays 0; `nonNegative` clamps totals
 * that cannot be negative (days, place-days) at 0.
 */
export function perturbSum(cell: MagnitudeCell, opts: { nonNegative?: boolean; share?: number } = {}): number {
  if (!Number.isFinite(cell.sum) || !Number.isFinite(cell.top) || cell.top < 0) {
    throw new RangeError(`perturbSum: sum and top must be finite and top ≥ 0 (got ${cell.sum}, ${cell.top})`);
  }
  const noisy = cell.sum + magnitudeFactor(cell.key) * (opts.share ?? MAGNITUDE_SHARE) * cell.top;
  return opts.nonNegative ? Math.max(0, noisy) : noisy;
}
