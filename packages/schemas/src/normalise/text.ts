// Text folding used to compare what people type with codes, labels and column names:
// case-insensitive, accent-insensitive, whitespace-insensitive.

/** Lower-case, accents removed (á → a, ñ → n), trimmed, inner whitespace collapsed. */
export function foldText(raw: string): string {
  return raw
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\s\u00a0\u2007\u202f]+/g, " ")
    .trim()
    .toLowerCase();
}

/** Folding for codes: like foldText, plus `_` read as a space and no spaces around `-`. */
export const foldCode = (s: string): string => foldText(s.replace(/_/g, " ")).replace(/ ?- ?/g, "-");

/** Header as sent → contract column name: BOM and spaces dropped, lower-case. */
export function normaliseColumnName(raw: string): string {
  return foldText(raw.replace(/^\uFEFF/, "")).replace(/ /g, "_");
}
