import { DownloadLinks } from "@refugio/ui";
import { tableDownloads } from "../exports/downloads";
import { useNetworkName } from "../../components/NetworkFilter";
import { Page } from "../../components/Page";
import { PeriodFilter, usePeriod } from "../../components/PeriodFilter";
import { QueryState } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { byCode, useCatalogue } from "../../lib/catalogue";
import { setQuery, useFilters } from "../../lib/router";
import { useSession } from "../../session/SessionContext";
import { peerGroups, peerLabelKey } from "./peers";
import { BenchmarkTable } from "./BenchmarkTable";
import { useBenchmark, useShelters } from "./useBenchmark";

export function BenchmarkPage() {
  const { t, lang } = useLang();
  const { user, k } = useSession();
  const filters = useFilters();
  const period = usePeriod();
  const catalogue = useCatalogue();
  const ownShelter = user?.shelter_code ?? null;
  const shelters = useShelters(ownShelter === null);
  const networkName = useNetworkName();
  const shelter = ownShelter ?? filters.shelter ?? shelters.data?.[0]?.shelter_code ?? null;
  const peers = peerGroups.find((p) => p === filters.peers) ?? "network";
  const benchInput = shelter ? { shelter, peers, ...period } : null;
  const bench = useBenchmark(benchInput);

  return (
    <Page title={t("benchmark.title")} intro={t("benchmark.intro")}>
      <div className="filters" role="group" aria-label={t("filters.title")}>
        {ownShelter === null && shelters.data ? (
          <SelectField
            label={t("filters.shelter")}
            value={shelter ?? ""}
            options={shelters.data.map((s) => ({ value: s.shelter_code, label: `${s.shelter_code} (${networkName(s.network_code)})` }))}
            onChange={(v) => setQuery({ shelter: v })}
          />
        ) : null}
        <SelectField
          label={t("benchmark.peerGroup")}
          value={peers}
          options={peerGroups.map((p) => ({ value: p, label: t(peerLabelKey(p, user?.role)) }))}
          onChange={(v) => setQuery({ peers: v })}
        />
      </div>
      <PeriodFilter />
      <QueryState query={catalogue} procedure="catalogue.indicators">
        {(infos) => (
          <QueryState query={bench} procedure="benchmark.shelter">
            {(data) => {
              const info = byCode(infos);
              return (
                <div>
                  <DownloadLinks downloads={tableDownloads("benchmark", benchInput)} lang={lang} />
                  <BenchmarkTable data={data} info={info} peersLabel={t(peerLabelKey(data.peerGroup, user?.role))} k={k} />
                  <p className="note">{t("benchmark.note")}</p>
                </div>
              );
            }}
          </QueryState>
        )}
      </QueryState>
    </Page>
  );
}
