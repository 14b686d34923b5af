import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { ComparisonBadge, formatValue, numberFormat, resultMissingText, Sparkline } from "@refugio/ui";
import { useLang } from "../../i18n/LangContext";
import { shownUnit } from "../../lib/catalogue";
import { changeBetween, meetsTarget } from "./change";

/** A change in the indicator's unit, signed; proportions in percentage points. */
function signed(d: number, unit: string, lang: "es" | "en"): string {
  if (unit === "proportion") return `${numberFormat(lang, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(d * 100)} ${lang === "es" ? "p. p." : "pp"}`;
  return numberFormat(lang, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(d);
}

/**
 * Under a headline tile: its line over recent years, the change against the previous period with
 * its interval, judged like a comparison, and the catalogue's target when there is one (met or
 * not, in words).
 */
export function TileExtras({
  info,
  current,
  previous,
  previousLabel,
  yearly,
  years,
  k,
}: {
  info: IndicatorInfo;
  current: IndicatorResult;
  previous: IndicatorResult | undefined;
  previousLabel: string | null;
  /** The indicator's rows by year (undefined while loading). */
  yearly: readonly IndicatorResult[] | undefined;
  years: readonly string[];
  k: number;
}) {
  const { t, lang } = useLang();
  const unit = shownUnit(info);
  const change = previousLabel ? changeBetween(current, previous, info.unit, info.polarity) : null;
  const met = meetsTarget(current.suppressed ? null : current.value, info.target, info.polarity);
  const points = yearly
    ? years.map((year) => {
        const r = yearly.find((x) => x.group.year === year && Object.keys(x.group).length === 1);
        const shown = r && !r.suppressed && r.value !== null ? r.value : null;
        return {
          label: year,
          value: shown,
          text: shown !== null ? formatValue(shown, unit, lang) : r ? resultMissingText(r, k, lang) : t("overview.sparkline.none"),
        };
      })
    : null;
  const drawn = points && points.some((p) => p.value !== null) ? points : null;
  if (!change && info.target === null && !drawn) return null;
  return (
    <div className="tile-extras">
      {drawn ? (
        <div className="tile-extras__trend" data-sparkline={info.code}>
          <Sparkline points={drawn} title={t("overview.sparkline", { label: info.label[lang], from: years[0] ?? "", to: years.at(-1) ?? "" })} lang={lang} />
          {/* The years for the eye; the line's own label reads them out. */}
          <span className="tile-extras__years muted" aria-hidden="true">
            {years[0]}–{years.at(-1)}
          </span>
        </div>
      ) : null}
      {change && previousLabel ? (
        <p className="tile-extras__change" data-change={change.judgement}>
          {t("overview.change", { change: signed(change.difference, unit, lang), period: previousLabel })}
          {change.low !== null && change.high !== null ? ` (${t("overview.changeCi", { low: signed(change.low, unit, lang), high: signed(change.high, unit, lang) })})` : null}{" "}
          {change.judgement === "not_compared" ? null : <ComparisonBadge comparison={change.judgement} lang={lang} benchmarkLabel={previousLabel} />}
        </p>
      ) : null}
      {info.target !== null ? (
        <p className="tile-extras__target" data-met={met === null ? undefined : String(met)}>
          {t("overview.target", { target: formatValue(info.target, unit, lang) })}
          {met === null ? null : ` — ${t(met ? "overview.targetMet" : "overview.targetNotMet")}`}
        </p>
      ) : null}
    </div>
  );
}
