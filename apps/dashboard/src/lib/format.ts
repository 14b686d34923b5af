// Pure formatting helpers of the dashboard (the UI package formats indicator values).
import { formatNumber } from "@refugio/ui";
import type { Lang } from "../i18n/translate";

/**
 * The API writes messages as "Spanish / English" (and joins several with "; "). Show the
 * half in the reader's language; messages without the separator are shown whole.
 */
export function localizedMessage(message: string, lang: Lang): string {
  // One separator in the whole text: the halves may themselves contain "; " (notes do).
  if (message.split(" / ").length === 2) return pickHalf(message, lang);
  return message
    .split("; ")
    .map((part) => pickHalf(part, lang))
    .join("; ");
}

function pickHalf(part: string, lang: Lang): string {
  const pieces = part.split(" / ");
  if (pieces.length !== 2) return part;
  const [es = "", en = ""] = pieces;
  if (lang === "es") return es;
  // A field path may precede the Spanish half ("to: 'to' es anterior… / 'to' is before…").
  const prefix = /^([\w.[\]]+): /.exec(es)?.[0] ?? "";
  return prefix && !en.startsWith(prefix) ? prefix + en : en;
}

// Dates and numbers go through the one locale of @refugio/ui (es-PE, es-CO, es-MX or en).
export { formatDate } from "@refugio/ui";

/** File sizes in the reader's number format. */
export function formatBytes(bytes: number, lang: Lang): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${formatNumber(value, lang, digits)} ${units[unit] ?? "B"}`;
}

/** A bytes array as base64, in chunks so large files do not overflow the argument limit. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** ISO date bounds of whole years, for the period filter ("2019" → 2019-01-01 … 2019-12-31). */
export function yearBounds(from: string | null, to: string | null): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (from && /^\d{4}$/.test(from)) out.from = `${from}-01-01`;
  if (to && /^\d{4}$/.test(to)) out.to = `${to}-12-31`;
  return out;
}
