import type { Comparison, IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { regionName } from "@refugio/schemas";
import { ComparisonIcon, comparisonText, formatValue, missingState, resultMissingText, SuppressedValue, Table, type TableColumn } from "@refugio/ui";
import { useLang } from "../../i18n/LangContext";
import { fallbackInfo, shownUnit } from "../../lib/catalogue";

export interface RegionRow {
  region: string;
  byIndicator: Map<string, IndicatorResult>;
}

/** Regions (rows) from per-region results, by name; results without a region are left out. */
export function regionRows(results: readonly IndicatorResult[]): RegionRow[] {
  const rows = new Map<string, RegionRow>();
  for (const r of results) {
    const region = r.group.region;
    if (typeof region !== "string" || Object.keys(r.group).length !== 1) continue;
    const row = rows.get(region) ?? { region, byIndicator: new Map() };
    row.byIndicator.set(r.indicator, r);
    rows.set(region, row);
  }
  return [...rows.values()].sort((a, b) => regionName(a.region).localeCompare(regionName(b.region), "es"));
}

/** The comparison a cell shows: the API's, already polarity-adjusted; none for suppressed cells. */
const cellComparison = (r: IndicatorResult | undefined): Comparison => (r && !r.suppressed ? (r.comparison ?? "not_compared") : "not_compared");

/**
 * The grid's columns: a region per row, a headline indicator per column, each cell its value with
 * colour, shape and a spoken word for better / similar / worse than the scope's total, and a blank
 * cell worded by its state (suppressed, no data, not assessed, not applicable).
 * `print`: for the one-page report: no sorting (no buttons to print) and blanks as one short word
 * with the full reason read out and as the tooltip.
 */
export function useRegionGridColumns(indicators: readonly string[], info: Map<string, IndicatorInfo>, k: number, print = false): TableColumn<RegionRow>[] {
  const { t, lang } = useLang();
  const blank = (r: IndicatorResult) => {
    const state = missingState(r);
    if (!print) return <SuppressedValue reason={r.suppression_reason ?? "primary"} state={state} detail={r.state_reason ?? null} k={k} lang={lang} showReason />;
    const why = resultMissingText(r, k, lang);
    return (
      <span className="blank" title={why} data-state={state}>
        {/* One short word (the report's note says what each means). */}
        {t(`report.state.${state}`)}
        <span className="visually-hidden"> ({why})</span>
      </span>
    );
  };
  const sortable = <T,>(f: T) => (print ? undefined : f);
  return [
    { key: "region", header: t("dim.region"), rowHeader: true, cell: (r) => regionName(r.region), sortValue: sortable((r: RegionRow) => regionName(r.region)) },
    ...indicators.map((code): TableColumn<RegionRow> => {
      const i = info.get(code) ?? fallbackInfo(code);
      return {
        key: code,
        header: i.label[lang],
        numeric: true,
        cell: (row) => {
          const r = row.byIndicator.get(code);
          if (!r) return <span className="blank">{t(print ? "report.state.no_data" : "overview.grid.noValue")}</span>;
          if (r.suppressed || r.value === null) return blank(r);
          const c = cellComparison(r);
          return (
            <span className="area-cell__value">
              {c === "not_compared" ? null : <ComparisonIcon comparison={c} />}
              {formatValue(r.value, shownUnit(i), lang)}
              {c === "not_compared" ? null : <span className="visually-hidden"> ({comparisonText(c, lang)})</span>}
            </span>
          );
        },
        cellClassName: (row) => `area-cell area-cell--${cellComparison(row.byIndicator.get(code))}`,
        cellAttributes: (row) => ({ "data-comparison": cellComparison(row.byIndicator.get(code)) }),
        sortValue: sortable((row: RegionRow) => {
          const r = row.byIndicator.get(code);
          return r && !r.suppressed ? r.value : null;
        }),
      };
    }),
  ];
}

/** The grid's colour key: colour, shape and word for each comparison. */
export function AreaLegend() {
  const { t } = useLang();
  return (
    <ul className="area-legend" aria-label={t("overview.grid.legend")}>
      {(["better", "similar", "worse", "not_compared"] as const).map((c) => (
        <li key={c} className={`area-cell area-cell--${c}`}>
          {c === "not_compared" ? null : <ComparisonIcon comparison={c} />}
          {t(`overview.grid.${c}`)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The area profile (Fingertips' grid) of the Overview: regions × headline indicators, sortable,
 * with its CSV. The printed report shows the same grid (ReportPage, `print` columns).
 */
export function RegionGrid({ results, indicators, info, k }: { results: readonly IndicatorResult[]; indicators: readonly string[]; info: Map<string, IndicatorInfo>; k: number }) {
  const { t, lang } = useLang();
  const rows = regionRows(results);
  const columns = useRegionGridColumns(indicators, info, k);
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="overview-regions" className="region-grid">
      <h3 id="overview-regions">{t("overview.grid.title")}</h3>
      <p className="note">{t("overview.grid.intro")}</p>
      <AreaLegend />
      <Table caption={t("overview.grid.caption")} columns={columns} rows={rows} rowKey={(r) => r.region} lang={lang} csvFilename="perfil-regiones" testId="region-grid" rowAttributes={(r) => ({ "data-region": r.region })} />
    </section>
  );
}
