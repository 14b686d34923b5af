import { AttritionBounds } from "../AttritionBounds/AttritionBounds";
import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { useId } from "react";
import { ComparisonBadge } from "../ComparisonBadge/ComparisonBadge";
import { SuppressedValue } from "../SuppressedValue/SuppressedValue";
import {
  type Bilingual,
  ciLabel,
  defaultK,
  formatCount,
  formatInterval,
  formatValue,
  groupText,
  type Lang,
  numberFormat,
} from "../i18n";

export interface IndicatorCardProps {
  /** Catalogue entry: label and unit (code, polarity… are not shown). */
  info: Pick<IndicatorInfo, "label" | "unit"> & Partial<IndicatorInfo>;
  result: IndicatorResult;
  lang?: Lang;
  /** Small-cell threshold used to explain suppression. */
  k?: number;
  /** What `comparison` was made against, e.g. "la red" / "the network". */
  benchmarkLabel?: string;
  /** Heading level of the label (default 3) so cards fit the page outline. */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  /** Show the result's group under the label (useful when cards show one shelter or region). */
  showGroup?: boolean;
}

const statLabels: Record<string, Bilingual> = {
  median: { es: "Mediana", en: "Median" },
  mean: { es: "Media", en: "Mean" },
  p90: { es: "Percentil 90", en: "90th percentile" },
  sd: { es: "Desviación estándar", en: "Standard deviation" },
  d_z: { es: "Tamaño del efecto (d_z)", en: "Effect size (d_z)" },
};

const text = {
  perturbed: {
    es: "Cifras levemente alteradas para proteger la confidencialidad.",
    en: "Figures slightly altered to protect confidentiality.",
  },
  mean: {
    es: "Valor: la media. Las medianas no se publican fuera de la red: no se pueden proteger como las sumas.",
    en: "Value: the mean. Medians are not released outside the network: they cannot be protected as sums are.",
  },
  coverage: { es: "Cobertura", en: "Coverage" },
  of: { es: "de", en: "of" },
  eligible: { es: "elegibles", en: "eligible" },
  missing: { es: "sin dato", en: "missing" },
} satisfies Record<string, Bilingual>;

function coverageText(coverage: NonNullable<IndicatorResult["coverage"]>, lang: Lang): string | null {
  const { eligible, missing, note } = coverage;
  const parts: string[] = [];
  if (eligible !== null && eligible > 0) {
    const reached = missing === null ? null : eligible - missing;
    if (reached !== null) {
      const pct = numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(reached / eligible);
      parts.push(
        `${text.coverage[lang]}: ${formatCount(reached, lang)} ${text.of[lang]} ${formatCount(eligible, lang)} ${text.eligible[lang]} (${pct}); ${formatCount(missing ?? 0, lang)} ${text.missing[lang]}.`,
      );
    } else {
      parts.push(`${text.coverage[lang]}: ${formatCount(eligible, lang)} ${text.eligible[lang]}.`);
    }
  }
  if (note) parts.push(note);
  return parts.length > 0 ? parts.join(" ") : null;
}

/** One indicator value with everything needed to read it honestly: interval, counts, comparison, coverage. */
export function IndicatorCard({
  info,
  result,
  lang = "es",
  k = defaultK,
  benchmarkLabel,
  headingLevel = 3,
  showGroup = false,
}: IndicatorCardProps) {
  const headingId = useId();
  const Heading = `h${headingLevel}` as const;
  const interval = formatInterval(result.ci_low, result.ci_high, info.unit, lang);
  const showValue = !result.suppressed && result.value !== null;
  const coverage = result.coverage ? coverageText(result.coverage, lang) : null;
  const stats = Object.entries(result.stats ?? {}).filter(([, v]) => v !== null) as [string, number][];
  return (
    <article className="rf-card" aria-labelledby={headingId} data-suppressed={result.suppressed || undefined} data-state={result.state}>
      <Heading id={headingId} className="rf-card__label">
        {info.label[lang]}
        {showGroup ? <span className="rf-card__meta"> — {groupText(result.group, lang)}</span> : null}
      </Heading>
      <p className="rf-card__value">
        {showValue && result.value !== null ? (
          formatValue(result.value, info.unit, lang)
        ) : (
          <SuppressedValue reason={result.suppression_reason ?? "primary"} state={result.state} detail={result.state_reason} k={k} lang={lang} showReason />
        )}
      </p>
      {showValue && interval ? (
        <p className="rf-card__meta">
          {ciLabel(lang)}: {interval}
        </p>
      ) : null}
      {showValue ? (
        <p className="rf-card__meta">
          {result.n !== null ? `n = ${formatCount(result.n, lang)}` : null}
          {result.n !== null && result.numerator !== null && result.denominator !== null ? " · " : null}
          {result.numerator !== null && result.denominator !== null
            ? `${formatCount(result.numerator, lang)} / ${formatCount(result.denominator, lang)}`
            : null}
        </p>
      ) : null}
      {stats.length > 0 && showValue ? (
        <dl className="rf-card__stats">
          {stats.map(([key, v]) => (
            <div key={key} style={{ display: "contents" }}>
              <dt>{statLabels[key]?.[lang] ?? key}</dt>
              <dd>{key === "d_z" ? numberFormat(lang, { maximumFractionDigits: 2 }).format(v) : formatValue(v, info.unit, lang)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {/* A total (comparison null) has nothing to be compared with: no badge, rather than "not compared". */}
      {result.comparison !== null || result.suppressed ? (
        <div>
          <ComparisonBadge comparison={result.suppressed ? "not_compared" : result.comparison} lang={lang} benchmarkLabel={benchmarkLabel} />
        </div>
      ) : null}
      {coverage ? <p className="rf-card__note">{coverage}</p> : null}
      {showValue && result.attrition ? <AttritionBounds attrition={result.attrition} unit={info.unit} lang={lang} /> : null}
      {showValue && result.statistic === "mean" ? <p className="rf-card__note">{text.mean[lang]}</p> : null}
      {result.perturbed ? <p className="rf-card__note">{text.perturbed[lang]}</p> : null}
    </article>
  );
}
