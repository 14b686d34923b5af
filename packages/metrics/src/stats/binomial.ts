// Binomial distribution helpers (exact, via the incomplete beta).
import { incompleteBeta } from "./beta";

/** P(X ≤ r) for X ~ Binomial(n, θ) (= pbinom(r, n, θ) in R). */
export function binomialCdf(r: number, n: number, theta: number): number {
  if (r < 0) return 0;
  if (r >= n) return 1;
  if (theta <= 0) return 1;
  if (theta >= 1) return 0;
  const k = Math.floor(r);
  return incompleteBeta(1 - theta, n - k, k + 1);
}

/** Smallest r with P(X ≤ r) ≥ p (= qbinom(p, n, θ) in R, which applies the same
 *  1 − 64·ε fuzz so that p equal to a CDF value in floating point is not stepped over). */
export function binomialQuantile(p: number, n: number, theta: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialQuantile: p must be in [0, 1], got ${p}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialQuantile: n must be a whole number ≥ 0, got ${n}`);
  const target = p * (1 - 64 * Number.EPSILON);
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (binomialCdf(mid, n, theta) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
