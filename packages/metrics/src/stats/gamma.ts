// Regularized incomplete gamma P(a, x) and its inverse, and the Poisson distribution built on
// them: the exact engine behind the Poisson interval of a standardised ratio (O/E) and the
// funnel limits of O/E against E. Series and continued fraction after Press et al., Numerical
// Recipes (2007) §6.2; no dependencies.
import { logGamma } from "./beta";

/** Series for P(a, x), valid for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < 10000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction for Q(a, x) = 1 − P(a, x) (modified Lentz), valid for x ≥ a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** P(a, x), the regularized lower incomplete gamma function (= pgamma(x, a) in R). */
export function incompleteGamma(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`incompleteGamma: a must be > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`incompleteGamma: x must be ≥ 0, got ${x}`);
  if (x === 0) return 0;
  if (!Number.isFinite(x)) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/**
 * Q(a, x) = 1 − P(a, x), the regularized upper incomplete gamma function, computed directly in its
 * tail (no cancellation): erfc and so the normal tail are built on it (normal.ts).
 */
export function upperIncompleteGamma(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`upperIncompleteGamma: a must be > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`upperIncompleteGamma: x must be ≥ 0, got ${x}`);
  if (x === 0) return 1;
  if (!Number.isFinite(x)) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Inverse of P(a, ·) (= qgamma(p, a) in R), by bisection: cannot diverge, and is called a few times per unit. */
export function gammaQuantile(p: number, a: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`gammaQuantile: p must be in [0, 1], got ${p}`);
  if (!(a > 0)) throw new RangeError(`gammaQuantile: a must be > 0, got ${a}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  let lo = 0;
  let hi = Math.max(1, a);
  while (incompleteGamma(a, hi) < p) hi *= 2;
  for (let i = 0; i < 2000; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break;
    if (incompleteGamma(a, mid) < p) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-16 * hi) break;
  }
  return lo + (hi - lo) / 2;
}

/** P(X ≤ r) for X ~ Poisson(μ) (= ppois(r, μ) in R): Q(r + 1, μ). */
export function poissonCdf(r: number, mu: number): number {
  if (!(mu >= 0)) throw new RangeError(`poissonCdf: mu must be ≥ 0, got ${mu}`);
  if (r < 0) return 0;
  if (mu === 0) return 1;
  return 1 - incompleteGamma(Math.floor(r) + 1, mu);
}

/** Smallest r with P(X ≤ r) ≥ p (= qpois(p, μ) in R, with R's 1 − 64·ε fuzz). */
export function poissonQuantile(p: number, mu: number): number {
  if (!(p >= 0 && p < 1)) throw new RangeError(`poissonQuantile: p must be in [0, 1), got ${p}`);
  const target = p * (1 - 64 * Number.EPSILON);
  let hi = Math.max(1, Math.ceil(mu));
  while (poissonCdf(hi, mu) < target) hi *= 2;
  let lo = 0;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (poissonCdf(mid, mu) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
