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
import { setQuery, useFilters } from "../../lib/router";
import { useTrend } from "./useTrend";
import { tableDownloads } from "../exports/downloads";
import { coverageSeries } from "./coverage";
import { codeLists, regionName } from "@refugio/schemas";
import { useNetworkName } from "../../components/NetworkFilter";
import { splitSeries } from "./split";
import { trendVerdict } from "./trendTest";
import { TrendVerdict } from "./TrendVerdict";

type Grain = "year" | "quarter" | "month";
const grains: readonly Grain[] = ["year", "quarter", "month"];
type Split = "network" | "region" | "model";
const splits: readonly Split[] = ["network", "region", "model"];

export function TrendsPage() {
  const { t, lang } = useLang();
  const { k } = useSession();
  const filters = useFilters();
  const period = usePeriod();
  const catalogue = useCatalogue();
  const grain = grains.find((g) => g === filters.grain) ?? "year";
  const choices = (catalogue.data ?? []).filter((i) => i.dimensions.includes(grain));
  const indicator = choices.find((i) => i.code === filters.indicator) ?? choices.find((i) => i.code === "completed_stays") ?? choices[0];
  // Split into one series per network, region or model, where the indicator allows that breakdown.
  const splitChoices = splits.filter((d) => indicator?.dimensions.includes(d));
  const split = splitChoices.find((d) => d === filters.split) ?? null;
  const networkName = useNetworkName();
  const groupName = (d: Split, code: string | null | undefined): string =>
    code === null || code === undefined ? t("trends.split.none") : d === "network" ? networkName(code) : d === "region" ? regionName(code) : (codeLists.model.find((m) => m.code === code)?.[lang] ?? code);
  const trendInput = indicator ? { indicators: [indicator.code], grain, ...period, ...(split ? { by: [split] } : {}) } : null;
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
        {splitChoices.length > 0 ? (
          <SelectField
            label={t("trends.split")}
            value={split ?? ""}
            options={[{ value: "", label: t("trends.split.none") }, ...splitChoices.map((d) => ({ value: d, label: t(`dim.${d}`) }))]}
            onChange={(v) => setQuery({ split: v })}
          />
        ) : null}
      </div>
      <PeriodFilter />
      <QueryState query={catalogue} procedure="catalogue.indicators">
        {() => (
          <QueryState query={trend} procedure="indicators.trend">
            {(rows) => {
              if (!indicator) return null;
              // The service adds the whole period's total (empty group): a reference line, not a point.
              const own = rows.filter((r) => r.indicator === indicator.code);
              const total = own.find((r) => Object.keys(r.group).length === 0);
              if (split) {
                const series = splitSeries(own, grain, split);
                return (
                  <>
                    {series.length === 0 ? <p className="notice">{t("trends.splitEmpty")}</p> : null}
                    <div className="small-multiples">
                      {series.map(([code, periods]) => (
                        <div key={code ?? "-"} className="small-multiples__item" data-group={code ?? ""}>
                          <TrendChart
                            results={periods}
                            info={indicator}
                            periodKey={grain}
                            benchmark={total && !total.suppressed ? total.value : null}
                            benchmarkLabel={t("compare.total")}
                            title={t("trends.splitTitle", { indicator: indicator.label[lang], group: groupName(split, code) })}
                            lang={lang}
                            k={k}
                            width="100%"
                            height={240}
                          />
                          <TrendVerdict verdict={trendVerdict(periods, indicator)} />
                        </div>
                      ))}
                    </div>
                    <DataTable rows={own} caption={indicator.label[lang]} indicators={[indicator]} lang={lang} groupHeader={`${t(`dim.${grain}`)} · ${t(`dim.${split}`)}`} hideIndicator k={k} downloads={tableDownloads("trend", trendInput)} />
                  </>
                );
              }
              const periods = own.filter((r) => r.group[grain] !== undefined);
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
                  <TrendVerdict verdict={trendVerdict(periods, indicator)} />
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
