import type { Comparison, IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { regionName } from "@refugio/schemas";
import { ComparisonIcon, comparisonText, formatValue, SuppressedValue, Table, type TableColumn } from "@refugio/ui";
import { useLang } from "../../i18n/LangContext";
import { fallbackInfo, shownUnit } from "../../lib/catalogue";

interface RegionRow {
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
 * The area profile (Fingertips' grid): regions × headline indicators, each cell its value with
 * colour, shape and a spoken word for better / similar / worse than the scope's total.
 */
export function RegionGrid({ results, indicators, info, k }: { results: readonly IndicatorResult[]; indicators: readonly string[]; info: Map<string, IndicatorInfo>; k: number }) {
  const { t, lang } = useLang();
  const rows = regionRows(results);
  const columns: TableColumn<RegionRow>[] = [
    { key: "region", header: t("dim.region"), rowHeader: true, cell: (r) => regionName(r.region), sortValue: (r) => regionName(r.region) },
    ...indicators.map((code): TableColumn<RegionRow> => {
      const i = info.get(code) ?? fallbackInfo(code);
      return {
        key: code,
        header: i.label[lang],
        numeric: true,
        cell: (row) => {
          const r = row.byIndicator.get(code);
          if (!r) return <span className="blank">{t("overview.grid.noValue")}</span>;
          if (r.suppressed || r.value === null) return <SuppressedValue reason={r.suppression_reason ?? "primary"} k={k} lang={lang} showReason />;
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
        sortValue: (row) => {
          const r = row.byIndicator.get(code);
          return r && !r.suppressed ? r.value : null;
        },
      };
    }),
  ];
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="overview-regions" className="region-grid">
      <h3 id="overview-regions">{t("overview.grid.title")}</h3>
      <p className="note">{t("overview.grid.intro")}</p>
      <ul className="area-legend" aria-label={t("overview.grid.legend")}>
        {(["better", "similar", "worse", "not_compared"] as const).map((c) => (
          <li key={c} className={`area-cell area-cell--${c}`}>
            {c === "not_compared" ? null : <ComparisonIcon comparison={c} />}
            {t(`overview.grid.${c}`)}
          </li>
        ))}
      </ul>
      <Table caption={t("overview.grid.caption")} columns={columns} rows={rows} rowKey={(r) => r.region} lang={lang} csvFilename="perfil-regiones" testId="region-grid" rowAttributes={(r) => ({ "data-region": r.region })} />
    </section>
  );
}
