// Scoring an instrument from its raw item answers.
import type { Instrument } from "./registry";

export type ScoreReason = "prorated" | "too_many_missing" | "wrong_item_count" | "item_out_of_range";

export interface InstrumentScore {
  total: number | null;
  missing: number;
  /** Why there is no total, or "prorated" when missing items were filled in. */
  reason?: ScoreReason;
}

/**
 * Total score: reversed items flipped, then summed. Missing answers (null) up to
 * `maxMissing` are prorated: round(mean of answered item scores × items), half up.
 * Answers must be whole numbers within itemMin … itemMax.
 */
export function scoreInstrument(instrument: Instrument, items: readonly (number | null)[]): InstrumentScore {
  const missing = items.filter((v) => v === null).length;
  if (items.length !== instrument.items) return { total: null, missing, reason: "wrong_item_count" };
  const reversed = new Set(instrument.reversed);
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (v === null || v === undefined) continue;
    if (!Number.isInteger(v) || v < instrument.itemMin || v > instrument.itemMax) {
      return { total: null, missing, reason: "item_out_of_range" };
    }
    sum += reversed.has(i + 1) ? instrument.itemMin + instrument.itemMax - v : v;
  }
  if (missing === 0) return { total: sum, missing };
  if (missing > instrument.maxMissing) return { total: null, missing, reason: "too_many_missing" };
  const answered = instrument.items - missing;
  return { total: Math.round((sum / answered) * instrument.items), missing, reason: "prorated" };
}
