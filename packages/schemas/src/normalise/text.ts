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

/** Value as sent, or null when the cell is empty (empty string, spaces, or absent). */
export function cellText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).replace(/^\uFEFF/, "").trim();
  return s === "" ? null : s;
}

/** Folding for codes: like foldText, plus `_` read as a space and no spaces around `-`. */
export const foldCode = (s: string): string => foldText(s.replace(/_/g, " ")).replace(/ ?- ?/g, "-");
