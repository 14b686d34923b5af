// One-page network report for a meeting (issue 15): headline tiles, the region grid (regions ×
// headline indicators, judged against the network), the compare chart, the period and filters,
// and the suppression note. /report?network=X&period=P; the print stylesheet (styles.css,
// @media print) fits it on one A4 page, and `refugio report` prints this same page to PDF.
// `data-report-ready` is set once every figure has loaded, for the CLI to wait on.
import { IndicatorCard, IntervalChart, Table } from "@refugio/ui";
import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { useQuery } from "@tanstack/react-query";
import { networkName, useNetworks } from "../../components/NetworkFilter";
import { Page } from "../../components/Page";
import { QueryState } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { byCode, fallbackInfo, useCatalogue } from "../../lib/catalogue";
import { localizeResult } from "../../lib/results";
import { setQuery, useFilters } from "../../lib/router";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session/SessionContext";
import { AreaLegend, regionRows, useRegionGridColumns } from "../overview/RegionGrid";
import { headlineIndicators } from "../overview/useOverview";
import { parseReportPeriod } from "./period";

/** The indicator the compare chart shows: shelters of the network, ranked with their intervals. */
export const REPORT_COMPARE_INDICATOR = "completed_stays";

export function ReportPage() {
  const { t, tn, lang } = useLang();
  const { user, k } = useSession();
  const filters = useFilters();
  const networks = useNetworks();
  const network = filters.network ?? user?.network_code ?? networks.data?.[0]?.network_code ?? "";
  const period = parseReportPeriod(filters.period ?? null);
  const span = period === "invalid" ? {} : { ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) };
  const enabled = network !== "" && period !== "invalid";
  const catalogue = useCatalogue();
  const base = { indicators: [...headlineIndicators], network, ...span };
  const totals = useQuery({ ...trpc.indicators.values.queryOptions(base), enabled });
  const regions = useQuery({ ...trpc.indicators.values.queryOptions({ ...base, by: ["region"] }), enabled });
  const compare = useQuery({ ...trpc.compare.units.queryOptions({ indicator: REPORT_COMPARE_INDICATOR, units: "shelter", network, ...span }), enabled });
  const name = networkName(networks.data, network);
  const ready = enabled && catalogue.isSuccess && totals.isSuccess && regions.isSuccess && compare.isSuccess;

  return (
    <Page title={t("report.title", { network: name })} intro={t("report.intro")}>
      <div className="report" data-report-ready={ready || undefined} data-network={network}>
        <div className="filters no-print" role="group" aria-label={t("filters.title")}>
          {networks.data && networks.data.length > 1 ? (
            <SelectField
              label={t("filters.network")}
              value={network}
              options={networks.data.map((n) => ({ value: n.network_code, label: n.network_name ?? n.network_code }))}
              onChange={(v) => setQuery({ network: v })}
            />
          ) : null}
          <button type="button" className="button" onClick={() => window.print()}>
            {t("report.print")}
          </button>
        </div>
        {period === "invalid" ? (
          <p role="alert" className="notice notice--error">
            {t("report.badPeriod", { max: String(new Date().getUTCFullYear()) })}
          </p>
        ) : (
          <p className="report__meta" data-testid="report-meta">
            {t("report.meta", { network: name, period: period.label ?? t("report.allPeriods") })}
          </p>
        )}
        <QueryState query={catalogue} procedure="catalogue.indicators">
          {(infos) => {
            const info = byCode(infos);
            const label = (code: string) => (info.get(code) ?? fallbackInfo(code)).label[lang];
            return (
              <>
                <h3>{t("report.headline")}</h3>
                <QueryState query={totals} procedure="indicators.values">
                  {(rows) => (
                    <ul className="cards report__tiles" aria-label={t("report.headline")}>
                      {headlineIndicators.map((code) => {
                        const r = rows.find((x) => x.indicator === code && Object.keys(x.group).length === 0);
                        return r ? (
                          <li key={code} data-indicator={code}>
                            <IndicatorCard info={info.get(code) ?? fallbackInfo(code)} result={localizeResult(r, lang)} lang={lang} headingLevel={4} k={k} />
                          </li>
                        ) : null;
                      })}
                    </ul>
                  )}
                </QueryState>
                <h3>{t("report.regions")}</h3>
                <QueryState query={regions} procedure="indicators.values">
                  {(rows) => <ReportRegionGrid rows={rows} info={info} />}
                </QueryState>
                <h3>{t("report.compare", { indicator: label(REPORT_COMPARE_INDICATOR) })}</h3>
                <QueryState query={compare} procedure="compare.units">
                  {(data) => {
                    // Ranked by value; shelters without a publishable figure are counted, not drawn.
                    const shown = data.units.map((u) => u.result).filter((r) => !r.suppressed && r.value !== null);
                    const hidden = data.units.length - shown.length;
                    return (
                      <>
                        {shown.length > 0 ? (
                          <IntervalChart
                            results={[...shown].sort((a, b) => (b.value ?? 0) - (a.value ?? 0))}
                            info={data.indicator}
                            benchmark={data.benchmark.value}
                            benchmarkLabel={name}
                            groupLabel={(r) => r.group.shelter ?? ""}
                            lang={lang}
                            k={k}
                            width="100%"
                            height={Math.max(140, shown.length * 22 + 60)}
                          />
                        ) : null}
                        {hidden > 0 ? <p className="muted">{tn("report.compareHidden", hidden, { k: String(k) })}</p> : null}
                      </>
                    );
                  }}
                </QueryState>
              </>
            );
          }}
        </QueryState>
        <p className="note report__note">{t("report.suppressionNote", { k: String(k) })}</p>
      </div>
    </Page>
  );
}

/**
 * Regions × headline indicators judged against the network: the Overview's grid (one set of
 * columns), printed: no sort buttons, blanks as one short word.
 */
function ReportRegionGrid({ rows, info }: { rows: IndicatorResult[]; info: Map<string, IndicatorInfo> }) {
  const { t, lang } = useLang();
  const { k } = useSession();
  const columns = useRegionGridColumns(headlineIndicators, info, k, true);
  const regions = regionRows(rows);
  if (regions.length === 0) return <p className="muted">{t("report.noRegions")}</p>;
  return (
    <div className="report__grid">
      <AreaLegend />
      <Table caption={t("report.regions")} captionHidden columns={columns} rows={regions} rowKey={(r) => r.region} lang={lang} testId="region-grid" rowAttributes={(r) => ({ "data-region": r.region })} />
    </div>
  );
}
