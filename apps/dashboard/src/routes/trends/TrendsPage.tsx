import { DataTable, TrendChart } from "@refugio/ui";
import { periodsWithDifferentReporting } from "./reporting";
import { IndicatorSelect } from "../../components/IndicatorSelect";
import { Page } from "../../components/Page";
import { PeriodFilter, usePeriod } from "../../components/PeriodFilter";
import { QueryState } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { useSession } from "../../session/SessionContext";
import { useCatalogue } from "../../lib/catalogue";
import { setQuery, useLocation } from "../../lib/router";
import { useTrend } from "./useTrend";
import { tableDownloads } from "../exports/downloads";
import { coverageSeries } from "./coverage";

type Grain = "year" | "quarter" | "month";
const grains: readonly Grain[] = ["year", "quarter", "month"];

export function TrendsPage() {
  const { t, lang } = useLang();
  const { k } = useSession();
  const { query } = useLocation();
  const period = usePeriod();
  const catalogue = useCatalogue();
  const grain = grains.find((g) => g === query.get("grain")) ?? "year";
  const choices = (catalogue.data ?? []).filter((i) => i.dimensions.includes(grain));
  const indicator = choices.find((i) => i.code === query.get("indicator")) ?? choices.find((i) => i.code === "completed_stays") ?? choices[0];
  const trendInput = indicator ? { indicators: [indicator.code], grain, ...period } : null;
  const trend = useTrend(trendInput);

  return (
    <Page title={t("trends.title")} intro={t("trends.intro")}>
      <div className="filters" role="group" aria-label={t("filters.title")}>
        {catalogue.data ? <IndicatorSelect catalogue={choices} value={indicator?.code ?? ""} onChange={(v) => setQuery({ indicator: v })} /> : null}
        <SelectField
          label={t("filters.grain")}
          value={grain}
          options={grains.map((g) => ({ value: g, label: t(`dim.${g}`) }))}
          onChange={(v) => setQuery({ grain: v })}
        />
      </div>
      <PeriodFilter />
      <QueryState query={catalogue} procedure="catalogue.indicators">
        {() => (
          <QueryState query={trend} procedure="indicators.trend">
            {(rows) => {
              if (!indicator) return null;
              // The service adds the whole period's total (empty group): a reference line, not a point.
              const own = rows.filter((r) => r.indicator === indicator.code);
              const periods = own.filter((r) => r.group[grain] !== undefined);
              const total = own.find((r) => Object.keys(r.group).length === 0);
              const coverage = coverageSeries(periods);
              const differs = periodsWithDifferentReporting(periods, grain);
              return (
                <>
                  <TrendChart
                    results={periods}
                    info={indicator}
                    periodKey={grain}
                    benchmark={total && !total.suppressed ? total.value : null}
                    benchmarkLabel={t("compare.total")}
                    title={`${indicator.label[lang]} — ${t("trends.chart")}`}
                    lang={lang}
                    k={k}
                    width="100%"
                  />
                  {differs.length > 0 ? (
                    <p className="notice" data-testid="reporting-differs">
                      {t("trends.reportingDiffers", { periods: differs.join(", ") })}
                    </p>
                  ) : null}
                  {coverage ? (
                    <TrendChart
                      results={coverage}
                      info={{ label: { es: `Cobertura: ${indicator.label.es}`, en: `Coverage: ${indicator.label.en}` }, unit: "proportion" }}
                      periodKey={grain}
                      title={t("trends.coverage", { indicator: indicator.label[lang] })}
                      lang={lang}
                      k={k}
                      width="100%"
                      height={200}
                    />
                  ) : null}
                  <div className="table-wrap">
                    <DataTable rows={own} caption={indicator.label[lang]} indicators={[indicator]} lang={lang} groupHeader={t(`dim.${grain}`)} hideIndicator k={k} downloads={tableDownloads("trend", trendInput)} />
                  </div>
                </>
              );
            }}
          </QueryState>
        )}
      </QueryState>
    </Page>
  );
}
