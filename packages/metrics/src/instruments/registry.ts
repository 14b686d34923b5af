// Instrument registry: scoring rules and the psychometric constants the Reliable Change Index needs.

export interface Instrument {
  code: string;
  label: { es: string; en: string };
  /** Number of items. */
  items: number;
  /** Range of a raw answer, e.g. 0 = strongly disagree … 3 = strongly agree. */
  itemMin: number;
  itemMax: number;
  /** 1-based numbers of reverse-scored items (score = itemMin + itemMax − answer). */
  reversed: readonly number[];
  /** Most missing items that are still prorated; more → no score. */
  maxMissing: number;
  /** Reference SD of the total score, for the RCI's standard error. */
  sdRef: number;
  /** Reliability r_xx of the total score used in SE = SD·√(1 − r). */
  reliability: number;
  /** Higher total = better (decides "improved" vs "deteriorated"). */
  higherIsBetter: boolean;
  /** Where every constant above comes from. */
  source: string;
}

/**
 * Rosenberg Self-Esteem Scale, 10 items, answers 0–3, total 0–30, higher = more self-esteem.
 * Item order as in DOMAIN.md, where items 2, 5, 6, 8, 9 are the negatively worded ones (other
 * published orderings exist, e.g. with 3, 5, 8, 9, 10 reversed: the shelter's form must use this order).
 */
export const rosenbergSes: Instrument = {
  code: "rosenberg_ses",
  label: { es: "Escala de Autoestima de Rosenberg", en: "Rosenberg Self-Esteem Scale" },
  items: 10,
  itemMin: 0,
  itemMax: 3,
  reversed: [2, 5, 6, 8, 9],
  maxMissing: 2,
  sdRef: 5.8,
  reliability: 0.85,
  higherIsBetter: true,
  source: [
    "Scale and scoring: Rosenberg M. (1965) Society and the Adolescent Self-Image, Princeton University Press.",
    "SD_ref = 5.8: Sinclair SJ, Blais MA, Gansler DA, Sandberg E, Bistis K, LoCicero A. (2010) Psychometric evaluation and normative data for the Rosenberg Self-Esteem Scale in a US adult sample (N = 503), Eval Health Prof 33(1):56–80, doi:10.1177/0163278709356187. Scoring 1–4 per item (10–40) is our 0–3 scoring plus 10, a shift, so the SD carries over unchanged; only the mean would move by 10.",
    "r_xx = 0.85: two-week test–retest correlation, Silber E, Tippett JS. (1965) Self-esteem: clinical assessment and measurement validation, Psychol Rep 16:1017–1071. Test–retest rather than Cronbach's alpha, as in Jacobson & Truax (1991).",
    "Missing items: up to 2 of 10 (20 %) prorated as round(mean of answered item scores × 10); a project rule following the common ≤ 20 % prorating convention for short scales, not a rule published with the RSES.",
    "The numeric values of SD_ref and r_xx were taken from the literature as cited and could not be re-checked against the original tables when this entry was written: verify before using them for published results.",
  ].join(" "),
};

export const instruments: Readonly<Record<string, Instrument>> = { [rosenbergSes.code]: rosenbergSes };

export function getInstrument(code: string): Instrument | undefined {
  return instruments[code];
}
