import type { IndicatorResult, IndicatorUnit } from "@refugio/schemas";
import { type Bilingual, formatValue, type Lang } from "../i18n";

export interface AttritionBoundsProps {
  /** The released bounds of a proportion measured on part of its eligible population. */
  attrition: NonNullable<IndicatorResult["attrition"]>;
  unit: IndicatorUnit;
  lang?: Lang;
}

const text: Record<"coverage" | "low" | "bounds" | "boundsNote", Bilingual> = {
  coverage: { es: "Cobertura", en: "Coverage" },
  low: { es: "cobertura baja", en: "low coverage" },
  bounds: { es: "Entre", en: "Between" },
  boundsNote: {
    es: "si ninguna / todas las mujeres sin dato tuvieran el resultado favorable",
    en: "if none / all of the women without data had the good outcome",
  },
};

/**
 * Coverage beside a value, the worst–best bounds over the unmeasured as a light band on a 0–100 %
 * scale, and the "cobertura baja" flag under the threshold. Every figure is the API's (released).
 */
export function AttritionBounds({ attrition, unit, lang = "es" }: AttritionBoundsProps) {
  const pct = (v: number) => formatValue(v, "proportion", lang);
  const value = (v: number) => formatValue(v, unit, lang);
  const lo = Math.min(attrition.worst, attrition.best);
  const hi = Math.max(attrition.worst, attrition.best);
  const threshold = pct(attrition.threshold);
  return (
    <div className="rf-attrition" data-low-coverage={attrition.low_coverage || undefined}>
      <p className="rf-card__meta">
        {text.coverage[lang]}: {pct(attrition.coverage)}
        {attrition.low_coverage ? (
          <>
            {" "}
            <strong className="rf-attrition__flag" title={lang === "es" ? `por debajo del ${threshold}` : `below ${threshold}`}>
              {text.low[lang]}
            </strong>
          </>
        ) : null}
      </p>
      <p className="rf-card__meta">
        {text.bounds[lang]} {value(attrition.worst)} {lang === "es" ? "y" : "and"} {value(attrition.best)} {text.boundsNote[lang]}
      </p>
      {/* The band: decorative, its figures are the sentence above. */}
      <svg className="rf-attrition__band" viewBox="0 0 100 6" width="100%" height="6" aria-hidden="true" preserveAspectRatio="none">
        <rect x="0" y="2" width="100" height="2" fill="#e5e7eb" />
        <rect x={lo * 100} y="0" width={Math.max(0.5, (hi - lo) * 100)} height="6" fill="#c7d2fe" />
      </svg>
    </div>
  );
}
