// Reliable Change Index (Jacobson N.S., Truax P. 1991, J Consult Clin Psychol 59:12–19).
import type { Instrument } from "./registry";

/** The conventional 95 % two-sided criterion. */
export const RCI_Z = 1.96;

/** Standard error of measurement: SE = SD_ref · √(1 − r_xx). */
export function standardError(instrument: Instrument): number {
  return instrument.sdRef * Math.sqrt(1 - instrument.reliability);
}

/** Standard error of the difference of two scores: S_diff = √2 · SE. */
export function sDiff(instrument: Instrument): number {
  return Math.SQRT2 * standardError(instrument);
}

export interface ReliableChange {
  rci: number;
  sDiff: number;
  reliablyImproved: boolean;
  reliablyDeteriorated: boolean;
}

/** RCI = (post − pre) / S_diff; reliable when |RCI| > 1.96, direction by the instrument's polarity. */
export function reliableChange(pre: number, post: number, instrument: Instrument): ReliableChange {
  const s = sDiff(instrument);
  const rci = (post - pre) / s;
  const up = rci > RCI_Z;
  const down = rci < -RCI_Z;
  return {
    rci,
    sDiff: s,
    reliablyImproved: instrument.higherIsBetter ? up : down,
    reliablyDeteriorated: instrument.higherIsBetter ? down : up,
  };
}

/**
 * Minimum raw change counted as reliable, z · S_diff, for SQL:
 * `(exit_score - admission_score) > $threshold` ⇔ RCI > z (for higher-is-better instruments).
 */
export function rciThreshold(instrument: Instrument, z = RCI_Z): number {
  return z * sDiff(instrument);
}

/** Every constant the indicator SQL needs for an instrument, as bind parameters. */
export function instrumentSqlConstants(instrument: Instrument): {
  code: string;
  items: number;
  itemMin: number;
  itemMax: number;
  maxMissing: number;
  sDiff: number;
  rciThreshold: number;
  higherIsBetter: boolean;
} {
  return {
    code: instrument.code,
    items: instrument.items,
    itemMin: instrument.itemMin,
    itemMax: instrument.itemMax,
    maxMissing: instrument.maxMissing,
    sDiff: sDiff(instrument),
    rciThreshold: rciThreshold(instrument),
    higherIsBetter: instrument.higherIsBetter,
  };
}
