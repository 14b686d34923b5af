import { ciLabel, DownloadLinks, formatCount, formatInterval, formatValue, SuppressedValue } from "@refugio/ui";
import { tableDownloads } from "../exports/downloads";
import { useNetworkName } from "../../components/NetworkFilter";
import { Page } from "../../components/Page";
import { PeriodFilter, usePeriod } from "../../components/PeriodFilter";
import { QueryState } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { byCode, fallbackInfo, useCatalogue } from "../../lib/catalogue";
import { setQuery, useLocation } from "../../lib/router";
import { useSession } from "../../session/SessionContext";
import { peerGroups, peerLabelKey } from "./peers";
import { PeerStrip } from "./PeerStrip";
import { comparableOwnValue, positionAmongPeers } from "./position";
import { useBenchmark, useShelters } from "./useBenchmark";

export function BenchmarkPage() {
  const { t, lang } = useLang();
  const { user, k } = useSession();
  const { query } = useLocation();
  const period = usePeriod();
  const catalogue = useCatalogue();
  const ownShelter = user?.shelter_code ?? null;
  const shelters = useShelters(ownShelter === null);
  const networkName = useNetworkName();
  const shelter = ownShelter ?? query.get("shelter") ?? shelters.data?.[0]?.shelter_code ?? null;
  const peers = peerGroups.find((p) => p === query.get("peers")) ?? "network";
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
                <div className="table-wrap">
                  <DownloadLinks downloads={tableDownloads("benchmark", benchInput)} lang={lang} />
                  <table className="rf-table">
                    <caption>
                      {t("benchmark.caption", { shelter: data.shelter.shelter_code, peers: t(peerLabelKey(data.peerGroup, user?.role)) })}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("filters.indicator")}</th>
                        <th scope="col" className="rf-num">{t("benchmark.own")}</th>
                        <th scope="col" className="rf-num">{ciLabel(lang)}</th>
                        <th scope="col" className="rf-num">{t("benchmark.median")}</th>
                        <th scope="col" className="rf-num">{t("benchmark.iqr")}</th>
                        <th scope="col" className="rf-num">{t("benchmark.peerCount")}</th>
                        <th scope="col">{t("benchmark.position")}</th>
                        <th scope="col">
                          <span className="visually-hidden">{t("benchmark.strip")}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.indicators.map((row) => {
                        const i = info.get(row.indicator) ?? fallbackInfo(row.indicator);
                        const own = row.own.find((r) => Object.keys(r.group).length === 0) ?? row.own[0];
                        const { value: ownValue, asMean } = comparableOwnValue(own);
                        const d = row.peers;
                        const q = d && !d.suppressed ? d.quantiles : null;
                        const pos = positionAmongPeers(ownValue, q);
                        return (
                          <tr key={row.indicator} data-indicator={row.indicator}>
                            <th scope="row">{i.label[lang]}</th>
                            <td className="rf-num">
                              {ownValue !== null ? formatValue(ownValue, i.unit, lang) : <SuppressedValue reason={own?.suppression_reason ?? "primary"} state={own?.state} detail={own?.state_reason} lang={lang} k={k} showReason={own?.state !== undefined && own.state !== "suppressed"} />}
                              {own?.n !== null && own?.n !== undefined && ownValue !== null ? <div className="muted">n = {formatCount(own.n, lang)}</div> : null}
                              {asMean && ownValue !== null ? <div className="muted">{t("benchmark.ownMean")}</div> : null}
                              {row.basis?.basis === "pooled" ? <div className="muted">{t("benchmark.ownPooled", { from: row.basis.window.from, to: row.basis.window.to })}</div> : null}
                              {row.basis?.basis === "not_compared" ? <div className="muted">{row.basis.reason[lang]}</div> : null}
                            </td>
                            <td className="rf-num">{own && ownValue !== null ? (formatInterval(own.ci_low, own.ci_high, i.unit, lang) ?? "") : ""}</td>
                            <td className="rf-num">{q ? formatValue(q.p50, i.unit, lang) : <span title={t("benchmark.withheld")}>—<span className="visually-hidden"> {t("benchmark.withheld")}</span></span>}</td>
                            <td className="rf-num">{q ? `${formatValue(q.p25, i.unit, lang)}–${formatValue(q.p75, i.unit, lang)}` : ""}</td>
                            <td className="rf-num">
                              {d ? formatCount(d.peers, lang) : ""}
                              {d?.pooled ? <div className="muted">{t("benchmark.pooled")}</div> : null}
                            </td>
                            <td>{pos ? t(`benchmark.pos.${pos}`) : ""}</td>
                            <td>{q && d?.points ? <PeerStrip points={d.points} own={ownValue} p25={q.p25} p75={q.p75} /> : null}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
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
