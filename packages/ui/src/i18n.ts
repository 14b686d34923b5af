// Language and number formatting shared by every component: one place decides es-PE vs en.
import { regionName, type IndicatorUnit, type SuppressionReason } from "@refugio/schemas";

export type Lang = "es" | "en";

/** Text in both languages; components pick with `lang`. */
export type Bilingual = Record<Lang, string>;

export const defaultLang: Lang = "es";

/** Default small-cell threshold (INDICATORS.md: k = 5 unless the deployment says otherwise). */
export const defaultK = 5;

/** Countries whose Spanish number and date conventions the dashboard follows. */
export const formatCountries = ["PE", "CO", "MX"] as const;
export type FormatCountry = (typeof formatCountries)[number];
/** The four locales numbers and dates are written in: Spanish per country, or English. */
export type FormatLocale = `es-${FormatCountry}` | "en";

// The country of the data in view. Module-level rather than a prop: every component already
// formats through `locale(lang)`, and the country is the same for the whole screen. The
// dashboard sets it (setFormatCountry) before drawing a page; Peru is the default deployment.
let formatCountry: FormatCountry = "PE";

/** Set the country whose conventions Spanish text follows (unknown or no country: Peru). */
export function setFormatCountry(country: string | null | undefined): FormatCountry {
  const upper = (country ?? "").toUpperCase();
  formatCountry = formatCountries.find((c) => c === upper) ?? "PE";
  return formatCountry;
}

export function getFormatCountry(): FormatCountry {
  return formatCountry;
}

/**
 * The one locale for numbers and dates: "es-PE" (12,345.6), "es-CO" (12.345,6), "es-MX", or "en".
 * Every number and date on screen goes through it, so a page never mixes conventions.
 */
export function locale(lang: Lang, country: FormatCountry = formatCountry): FormatLocale {
  return lang === "es" ? `es-${country}` : "en";
}

/** A date (ISO day or timestamp) as a short date, with the time when asked; UTC, as stored. */
export function formatDate(value: string | Date | null | undefined, lang: Lang, withTime = false): string {
  if (value === null || value === undefined || value === "") return "";
  const date = typeof value === "string" ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(lang), {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
    timeZone: "UTC",
  }).format(date);
}

/** A plain number with at most `digits` decimals. */
export function formatNumber(value: number, lang: Lang, digits = 0): string {
  return numberFormat(lang, { maximumFractionDigits: digits }).format(value);
}

export function numberFormat(lang: Lang, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return new Intl.NumberFormat(locale(lang), options);
}

export function formatCount(value: number, lang: Lang): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(value);
}

const unitWords: Record<"days", Bilingual> = { days: { es: "días", en: "days" } };

/** A value in its unit: proportions as %, counts whole, days with one decimal, changes signed. */
export function formatValue(value: number, unit: IndicatorUnit, lang: Lang): string {
  switch (unit) {
    case "proportion":
      return numberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(value);
    case "count":
      return formatCount(value, lang);
    case "days":
      return `${numberFormat(lang, { maximumFractionDigits: 1 }).format(value)} ${unitWords.days[lang]}`;
    case "score_change":
      return numberFormat(lang, { maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(value);
    case "rate":
      return numberFormat(lang, { maximumFractionDigits: 2 }).format(value);
  }
}

/**
 * A period as the API names it ("2024-03", "2024-Q1", "2024") in words: "mar 2024" / "Mar 2024",
 * "T1 2024" (trimestre) / "Q1 2024", the year as is. Anything else is shown as given.
 */
export function formatPeriod(period: string, lang: Lang): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const date = Date.UTC(Number(month[1]), Number(month[2]) - 1, 1);
    return new Intl.DateTimeFormat(locale(lang), { month: "short", year: "numeric", timeZone: "UTC" })
      .format(date)
      .replace(".", "")
      .replace(" de ", " ");
  }
  const quarter = /^(\d{4})-[QT]([1-4])$/.exec(period);
  if (quarter) return `${lang === "es" ? "T" : "Q"}${quarter[2]} ${quarter[1]}`;
  return period;
}

/** Axis ticks: like formatValue but without the unit word, so ticks stay short. */
export function formatTick(value: number, unit: IndicatorUnit, lang: Lang): string {
  if (unit === "proportion") return numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(value);
  return numberFormat(lang, { maximumFractionDigits: 1 }).format(value);
}

/** "a–b" in the indicator's unit; null when either end is missing. */
export function formatInterval(
  low: number | null,
  high: number | null,
  unit: IndicatorUnit,
  lang: Lang,
): string | null {
  if (low === null || high === null) return null;
  if (unit === "days") {
    const f = numberFormat(lang, { maximumFractionDigits: 1 });
    return `${f.format(low)}–${f.format(high)} ${unitWords.days[lang]}`;
  }
  return `${formatValue(low, unit, lang)}–${formatValue(high, unit, lang)}`;
}

export function ciLabel(lang: Lang): string {
  return lang === "es" ? "IC 95 %" : "95 % CI";
}

export function suppressionText(reason: SuppressionReason | null, k: number, lang: Lang): string {
  if (reason === "secondary") {
    return lang === "es" ? "suprimido para proteger otra celda" : "suppressed to protect another cell";
  }
  return lang === "es" ? `suprimido: menos de ${k} casos` : `suppressed: fewer than ${k} cases`;
}

/** What a blank that is not a suppression means (result states of the API): the headline words. */
const stateWords: Record<"no_data" | "not_assessed" | "not_applicable", Bilingual> = {
  no_data: { es: "sin datos para este período", en: "no data for this period" },
  not_assessed: { es: "no evaluado", en: "not assessed" },
  not_applicable: { es: "no aplica", en: "not applicable" },
};

/**
 * Why a value is missing, for any of the four states: suppressed (with its rule and k), no data,
 * not assessed, not applicable (with the API's reason when it gives one).
 */
export function missingText(
  state: MissingState,
  opts: { reason?: SuppressionReason | null; k: number; lang: Lang; detail?: Bilingual | null },
): string {
  if (state === "suppressed") return suppressionText(opts.reason ?? "primary", opts.k, opts.lang);
  const words = stateWords[state][opts.lang];
  const detail = opts.detail?.[opts.lang];
  return detail && !detail.toLowerCase().startsWith(words.toLowerCase()) ? `${words}: ${detail}` : (detail ?? words);
}

export type MissingState = "suppressed" | "no_data" | "not_assessed" | "not_applicable";

/** Which of the four blanks a result row without a value is (rows without a `state` read as suppressed). */
export function missingState(r: { state?: string | undefined }): MissingState {
  return r.state === "no_data" || r.state === "not_assessed" || r.state === "not_applicable" ? r.state : "suppressed";
}

/** Why a result row has no value, from its `state` (rows without one are read as suppressed). */
export function resultMissingText(
  r: { state?: string | undefined; suppression_reason: SuppressionReason | null; state_reason?: Bilingual | undefined },
  k: number,
  lang: Lang,
): string {
  return missingText(missingState(r), { reason: r.suppression_reason, k, lang, detail: r.state_reason ?? null });
}

/** A result's group as readable text: its values joined, or "Total" for the whole query. */
export function groupText(group: Record<string, string | null>, lang: Lang): string {
  const parts = Object.entries(group).map(([key, v]) =>
    v === null ? (lang === "es" ? "sin dato" : "missing") : key === "month" || key === "quarter" ? formatPeriod(v, lang) : key === "region" ? regionName(v) : v,
  );
  return parts.length === 0 ? "Total" : parts.join(" · ");
}
