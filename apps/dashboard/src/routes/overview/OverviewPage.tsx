import { DownloadLinks, IndicatorCard } from "@refugio/ui";
import { tableDownloads } from "../exports/downloads";
import { Page } from "../../components/Page";
import { PeriodFilter, usePeriod } from "../../components/PeriodFilter";
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { byCode, fallbackInfo, useCatalogue } from "../../lib/catalogue";
import { localizeResult } from "../../lib/results";
import { useSession } from "../../session/SessionContext";
import { useFilters } from "../../lib/router";
import { headlineIndicators, sparklineYears, useOverview, usePreviousOverview, useRegionProfile, useSparklines } from "./useOverview";
import { previousPeriod } from "./change";
import { TileExtras } from "./TileExtras";
import { RegionGrid } from "./RegionGrid";
import { NetworkFilter, networkName, useNetworks } from "../../components/NetworkFilter";

export function OverviewPage() {
  const { t, lang } = useLang();
  const { user, k } = useSession();
  const period = usePeriod();
  const catalogue = useCatalogue();
  const networks = useNetworks();
  const { network = "" } = useFilters();
  const overviewInput = { ...period, ...(network ? { network } : {}) };
  const values = useOverview(overviewInput);
  // The headline cards first: the region profile and the sparklines are asked once they are in.
  const headlineIn = values.isSuccess;
  const regions = useRegionProfile(overviewInput, headlineIn);
  const spark = sparklineYears(period.to);
  const yearly = useSparklines(spark, network || undefined, headlineIn);
  const { years } = spark;
  // The previous period of the same length, for each tile's change (asked after the cards too).
  const before = previousPeriod(period);
  const previous = usePreviousOverview(before ? { ...overviewInput, ...before } : null, headlineIn);
  const previousLabel = before ? (before.from.slice(0, 4) === before.to.slice(0, 4) ? before.from.slice(0, 4) : `${before.from.slice(0, 4)}–${before.to.slice(0, 4)}`) : null;
  const chosen = networks.data?.find((n) => n.network_code === network);
  const scope = chosen
    ? networkName(networks.data, chosen.network_code)
    : user?.shelter_code
      ? t("overview.scope.shelter", { code: user.shelter_code })
      : user?.network_code
        ? t("overview.scope.network", { name: networkName(networks.data, user.network_code) })
        : t("overview.scope.all");

  return (
    <Page title={t("overview.title")} intro={t("overview.intro", { scope })}>
      <PeriodFilter>
        <NetworkFilter networks={networks.data} value={network} />
      </PeriodFilter>
      <h3 className="visually-hidden">{t("overview.headline")}</h3>
      <QueryState query={catalogue} procedure="catalogue.indicators">
        {(infos) => (
          <QueryState query={values} procedure="indicators.values">
            {(results) => {
              const info = byCode(infos);
              // Totals only (empty group), one per indicator, in headline order.
              const totals = headlineIndicators
                .map((code) => results.find((r) => r.indicator === code && Object.keys(r.group).length === 0))
                .filter((r) => r !== undefined);
              if (totals.length === 0) return <p className="notice">{t("overview.empty")}</p>;
              return (
                <>
                <DownloadLinks downloads={tableDownloads("indicators", { indicators: [...headlineIndicators], ...overviewInput })} lang={lang} />
                {totals[0]?.reporting ? (
                  <p className="muted" data-testid="reporting">
                    {t("overview.reporting", { reporting: String(totals[0].reporting.shelters_reporting), expected: String(totals[0].reporting.shelters_expected) })}
                  </p>
                ) : null}
                <ul className="cards" aria-label={t("overview.headline")}>
                  {totals.map((result) => (
                    <li key={result.indicator} data-indicator={result.indicator}>
                      <IndicatorCard info={info.get(result.indicator) ?? fallbackInfo(result.indicator)} result={localizeResult(result, lang)} lang={lang} headingLevel={4} k={k} />
                      <TileExtras
                        info={info.get(result.indicator) ?? fallbackInfo(result.indicator)}
                        current={result}
                        previous={previous.data?.find((r) => r.indicator === result.indicator && Object.keys(r.group).length === 0)}
                        previousLabel={previous.data ? previousLabel : null}
                        yearly={yearly.data?.filter((r) => r.indicator === result.indicator)}
                        years={years}
                        k={k}
                      />
                    </li>
                  ))}
                </ul>
                {regions.data ? <RegionGrid results={regions.data} indicators={headlineIndicators} info={info} k={k} /> : null}
                </>
              );
            }}
          </QueryState>
        )}
      </QueryState>
    </Page>
  );
}
