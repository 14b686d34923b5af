// Seeded PRNG for property-style tests: reproducible without extra dependencies.
import { seededRandom } from "./random";

export const rng = seededRandom;

export function randInt(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}
