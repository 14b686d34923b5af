// Rosenberg Self-Esteem Scale responses from a latent self-esteem level. Items are answered
// 0–3 (strongly disagree … strongly agree). Items 2, 5, 6, 8 and 9 are negatively worded, so a
// woman with high self-esteem answers them LOW; scoring (in packages/metrics) reverses them.
import { clamp, type Rng } from "./random";

export const ROSENBERG_ITEMS = 10;
export const ROSENBERG_REVERSED: ReadonlySet<number> = new Set([2, 5, 6, 8, 9]);
// Small per-item offsets: some statements are easier to endorse than others.
const ITEM_EASE = [0.15, -0.1, 0.1, 0.05, -0.15, -0.2, 0.1, -0.3, -0.05, 0] as const;
const ITEM_NAMES = Array.from({ length: ROSENBERG_ITEMS }, (_, i) => `item_${i + 1}`);

/**
 * Item responses (item_1 … item_10) for a latent level `theta` (0 ≈ the population mean of
 * women entering a shelter is about -0.55). Rarely one item is left blank, as on paper forms.
 */
export function rosenbergItems(theta: number, rng: Rng): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const blank = rng.chance(0.015) ? rng.int(1, ROSENBERG_ITEMS) : 0;
  for (let i = 1; i <= ROSENBERG_ITEMS; i++) {
    // Scored value (after reversal) on 0–3; ~1.9 + 0.8·theta per item.
    const scored = Math.round(clamp(1.9 + 0.8 * theta + (ITEM_EASE[i - 1] ?? 0) + rng.normal(0, 0.5), 0, 3));
    out[ITEM_NAMES[i - 1] ?? ""] = i === blank ? null : ROSENBERG_REVERSED.has(i) ? 3 - scored : scored;
  }
  return out;
}

/** Total score as packages/metrics computes it (used only for the demo's own checks). */
export function rosenbergTotal(items: Record<string, number | null | undefined>): number | null {
  let total = 0;
  for (let i = 1; i <= ROSENBERG_ITEMS; i++) {
    const v = items[`item_${i}`];
    if (v === null || v === undefined) return null;
    total += ROSENBERG_REVERSED.has(i) ? 3 - v : v;
  }
  return total;
}
