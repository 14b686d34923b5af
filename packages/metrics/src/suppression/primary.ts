// Primary suppression: the cells that are sensitive by themselves.
import type { Cell } from "./types";

export const DEFAULT_K = 5;

export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`suppression: k must be a whole number ≥ 2, got ${k}`);
}

/**
 * A count of 1 … k−1, or a rate whose denominator is 1 … k−1.
 * Zeros are published: a zero count, or an empty denominator, describes nobody.
 */
export function isPrimary(cell: Cell, k = DEFAULT_K): boolean {
  if (cell.kind === "count") return cell.numerator !== null && cell.numerator > 0 && cell.numerator < k;
  return cell.denominator !== null && cell.denominator > 0 && cell.denominator < k;
}
