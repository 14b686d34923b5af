// SQL scoring of an instrument, generated from its registry entry (@refugio/metrics instruments)
// so the SQL and `scoreInstrument` follow one definition: reversed items flipped, answers out of
// range → no score, up to `maxMissing` missing items prorated as round(mean × items) half up.
import type { Instrument } from "../instruments/registry";

const num = (x: number) => {
  if (!Number.isFinite(x)) throw new Error(`instrument-sql: not a finite number: ${x}`);
  return String(x);
};

/**
 * Total score of one row of `alias` (an assessments row) or NULL. When no item is answered, the
 * row's `total_score` is used if it lies within the instrument's total range.
 */
export function instrumentScoreSql(instrument: Instrument, alias: string): string {
  const items = Array.from({ length: instrument.items }, (_, i) => i + 1);
  const col = (i: number) => `${alias}.item_${i}`;
  const reversed = new Set(instrument.reversed);
  const scored = items.map((i) => (reversed.has(i) ? `(${num(instrument.itemMin + instrument.itemMax)} - ${col(i)})` : col(i)));
  const sum = scored.map((s) => `coalesce(${s}, 0)`).join(" + ");
  const answered = items.map((i) => `CAST(${col(i)} IS NOT NULL AS INTEGER)`).join(" + ");
  const outOfRange = items
    .map((i) => `${col(i)} NOT BETWEEN ${num(instrument.itemMin)} AND ${num(instrument.itemMax)} OR ${col(i)} <> floor(${col(i)})`)
    .join(" OR ");
  const minTotal = instrument.itemMin * instrument.items;
  const maxTotal = instrument.itemMax * instrument.items;
  return `CASE
    WHEN (${answered}) = 0 THEN CASE WHEN ${alias}.total_score BETWEEN ${num(minTotal)} AND ${num(maxTotal)} THEN CAST(${alias}.total_score AS DOUBLE) END
    WHEN coalesce(${outOfRange}, FALSE) THEN NULL
    WHEN (${answered}) = ${num(instrument.items)} THEN CAST(${sum} AS DOUBLE)
    WHEN ${num(instrument.items)} - (${answered}) <= ${num(instrument.maxMissing)}
      THEN floor(CAST(${sum} AS DOUBLE) / (${answered}) * ${num(instrument.items)} + 0.5)
  END`;
}
