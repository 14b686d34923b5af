import { DownloadLinks } from "../DownloadLinks/DownloadLinks";
import type { IndicatorInfo, IndicatorResult, IndicatorUnit } from "@refugio/schemas";
import { useMemo, useState } from "react";
import { comparisonText, ComparisonBadge } from "../ComparisonBadge/ComparisonBadge";
import { SuppressedValue } from "../SuppressedValue/SuppressedValue";
import {
  type Bilingual,
  ciLabel,
  defaultK,
  formatCount,
  formatInterval,
  formatValue,
  groupText,
  locale,
  type Lang,
} from "../i18n";
import { VisuallyHidden } from "../internal/VisuallyHidden";

export type DataTableSortKey = "indicator" | "group" | "value" | "numerator" | "denominator" | "n" | "comparison";
export type SortDirection = "ascending" | "descending";

export interface DataTableProps {
  rows: IndicatorResult[];
  /** Table caption: what the table shows (required, it is the table's accessible name). */
  caption: string;
  /** Catalogue entries for labels and units, matched by `code`; unknown codes show the code. */
  indicators?: Pick<IndicatorInfo, "code" | "label" | "unit">[];
  lang?: Lang;
  k?: number;
  /** Header of the group column, e.g. "Casa refugio" / "Shelter". */
  groupHeader?: string;
  /** Hide the indicator column when every row is the same indicator. */
  hideIndicator?: boolean;
  initialSort?: { key: DataTableSortKey; direction: SortDirection };
  /**
   * Links to the same table as files, produced by the server from the same released figures
   * ("Descargar CSV" / "Descargar XLSX"); omitted: no links.
   */
  downloads?: { csv: string; xlsx: string };
}

const headers: Record<DataTableSortKey | "ci", Bilingual> = {
  indicator: { es: "Indicador", en: "Indicator" },
  group: { es: "Grupo", en: "Group" },
  value: { es: "Valor", en: "Value" },
  ci: { es: "IC 95 %", en: "95 % CI" },
  numerator: { es: "Numerador", en: "Numerator" },
  denominator: { es: "Denominador", en: "Denominator" },
  n: { es: "n", en: "n" },
  comparison: { es: "Comparación", en: "Comparison" },
};

const comparisonOrder = { better: 0, similar: 1, worse: 2, not_compared: 3 } as const;

/**
 * A dash with its meaning for screen readers: "suppressed" only when the server suppressed the
 * row; otherwise the figure does not apply (e.g. a count has no interval, a total no numerator).
 */
function MissingCell({ lang, suppressed }: { lang: Lang; suppressed: boolean }) {
  const text = suppressed
    ? lang === "es"
      ? "suprimido"
      : "suppressed"
    : lang === "es"
      ? "no aplica"
      : "not applicable";
  return (
    <>
      <span aria-hidden="true">—</span>
      <VisuallyHidden>{text}</VisuallyHidden>
    </>
  );
}

/** Results as a plain table: the accessible fallback of every chart and the export-friendly view. */
export function DataTable({
  rows,
  caption,
  indicators = [],
  lang = "es",
  k = defaultK,
  groupHeader,
  hideIndicator = false,
  initialSort,
  downloads,
}: DataTableProps) {
  const [sort, setSort] = useState<{ key: DataTableSortKey; direction: SortDirection } | null>(initialSort ?? null);
  const byCode = useMemo(() => new Map(indicators.map((i) => [i.code, i])), [indicators]);
  const unitOf = (code: string): IndicatorUnit => byCode.get(code)?.unit ?? "rate";
  const labelOf = (code: string): string => byCode.get(code)?.label[lang] ?? code;

  const sorted = useMemo(() => {
    if (!sort) return rows;
    const keyOf = (r: IndicatorResult): string | number | null => {
      switch (sort.key) {
        case "indicator":
          return byCode.get(r.indicator)?.label[lang] ?? r.indicator;
        case "group":
          return groupText(r.group, lang);
        case "comparison":
          return r.suppressed ? null : comparisonOrder[r.comparison ?? "not_compared"];
        default:
          return r.suppressed ? null : r[sort.key];
      }
    };
    const sign = sort.direction === "ascending" ? 1 : -1;
    const collator = new Intl.Collator(locale(lang), { numeric: true });
    // Stable sort; missing (suppressed) values always go last whatever the direction.
    return [...rows].sort((a, b) => {
      const ka = keyOf(a);
      const kb = keyOf(b);
      if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
      if (typeof ka === "number" && typeof kb === "number") return sign * (ka - kb);
      return sign * collator.compare(String(ka), String(kb));
    });
  }, [rows, sort, byCode, lang]);

  const toggle = (key: DataTableSortKey) =>
    setSort((s) => ({ key, direction: s?.key === key && s.direction === "ascending" ? "descending" : "ascending" }));

  const sortHeader = (key: DataTableSortKey, numeric: boolean, label?: string) => {
    const active = sort?.key === key;
    const text = label ?? headers[key][lang];
    return (
      <th scope="col" className={numeric ? "rf-num" : undefined} aria-sort={active ? sort.direction : undefined}>
        <button type="button" className="rf-table__sort" onClick={() => toggle(key)}>
          {text}
          <span aria-hidden="true">{active ? (sort.direction === "ascending" ? " ▲" : " ▼") : " ↕"}</span>
        </button>
      </th>
    );
  };

  const anyPerturbed = rows.some((r) => r.perturbed);

  const links = downloads ? <DownloadLinks downloads={downloads} lang={lang} /> : null;

  return (
    <>
    {links}
    <table className="rf-table">
      <caption>
        {caption}
        <VisuallyHidden>
          {lang === "es"
            ? " (los encabezados de columna ordenan la tabla)"
            : " (column headers sort the table)"}
        </VisuallyHidden>
      </caption>
      <thead>
        <tr>
          {sortHeader("group", false, groupHeader)}
          {hideIndicator ? null : sortHeader("indicator", false)}
          {sortHeader("value", true)}
          <th scope="col" className="rf-num">
            {ciLabel(lang)}
          </th>
          {sortHeader("numerator", true)}
          {sortHeader("denominator", true)}
          {sortHeader("n", true)}
          {sortHeader("comparison", false)}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r, i) => {
          const unit = unitOf(r.indicator);
          const shown = !r.suppressed;
          const missing = <MissingCell lang={lang} suppressed={r.suppressed} />;
          const count = (v: number | null) => (shown && v !== null ? formatCount(v, lang) : missing);
          return (
            <tr key={`${r.indicator}|${JSON.stringify(r.group)}|${i}`} data-suppressed={r.suppressed || undefined}>
              <th scope="row">{groupText(r.group, lang)}</th>
              {hideIndicator ? null : <td>{labelOf(r.indicator)}</td>}
              <td className="rf-num">
                {shown && r.value !== null ? (
                  <>
                    {formatValue(r.value, unit, lang)}
                    {r.perturbed ? (
                      <>
                        <span aria-hidden="true">*</span>
                        <VisuallyHidden>{lang === "es" ? " (perturbado)" : " (perturbed)"}</VisuallyHidden>
                      </>
                    ) : null}
                    {r.attrition ? (
                      // Coverage and the worst–best bounds beside the value (docs/methods.md §3).
                      <div className="rf-table__coverage" data-low-coverage={r.attrition.low_coverage || undefined}>
                        {lang === "es" ? "cobertura" : "coverage"} {formatValue(r.attrition.coverage, "proportion", lang)}
                        {r.attrition.low_coverage ? <strong>{lang === "es" ? " · cobertura baja" : " · low coverage"}</strong> : null}
                        {` · ${lang === "es" ? "cotas" : "bounds"} ${formatValue(Math.min(r.attrition.worst, r.attrition.best), unit, lang)}–${formatValue(Math.max(r.attrition.worst, r.attrition.best), unit, lang)}`}
                      </div>
                    ) : null}
                  </>
                ) : (
                  <SuppressedValue reason={r.suppression_reason ?? "primary"} state={r.state} detail={r.state_reason} k={k} lang={lang} />
                )}
              </td>
              <td className="rf-num">
                {shown ? (formatInterval(r.ci_low, r.ci_high, unit, lang) ?? missing) : missing}
              </td>
              <td className="rf-num">{count(r.numerator)}</td>
              <td className="rf-num">{count(r.denominator)}</td>
              <td className="rf-num">{count(r.n)}</td>
              <td>
                {r.comparison === null && !r.suppressed ? (
                  <span>{comparisonText(null, lang)}</span>
                ) : (
                  <ComparisonBadge comparison={r.suppressed ? "not_compared" : r.comparison} lang={lang} />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
      {anyPerturbed ? (
        <tfoot>
          <tr>
            <td colSpan={hideIndicator ? 7 : 8}>
              {lang === "es"
                ? "* Cifras levemente alteradas para proteger la confidencialidad."
                : "* Figures slightly altered to protect confidentiality."}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
    </>
  );
}
