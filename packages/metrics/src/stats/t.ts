// Student's t quantile through the incomplete beta: for t > 0,
// P(T > t) = ½ · I_{df/(df+t²)}(df/2, ½).
import { betaQuantile } from "./beta";

/** Quantile of Student's t with df > 0 degrees of freedom (= qt(p, df) in R). */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`tQuantile: p must be in [0, 1], got ${p}`);
  if (!(df > 0)) throw new RangeError(`tQuantile: df must be > 0, got ${df}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const tail = upper ? 1 - p : p; // one-sided tail probability
  let t: number;
  if (2 * tail < 0.5) {
    // Far tail: x = df/(df+t²) is small and well resolved.
    const x = betaQuantile(2 * tail, df / 2, 0.5);
    t = Math.sqrt((df * (1 - x)) / x);
  } else {
    // Near the centre: y = t²/(df+t²) is small and well resolved.
    const y = betaQuantile(1 - 2 * tail, 0.5, df / 2);
    t = Math.sqrt((df * y) / (1 - y));
  }
  return upper ? t : -t;
}
