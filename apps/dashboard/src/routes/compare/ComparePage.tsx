import { DataTable, FunnelPlot, groupText, IndicatorCard, IntervalChart } from "@refugio/ui";
import { IndicatorSelect } from "../../components/IndicatorSelect";
import { Page } from "../../components/Page";
import { PeriodFilter, usePeriod } from "../../components/PeriodFilter";
import { QueryState } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { useSession } from "../../session/SessionContext";
import { useCatalogue } from "../../lib/catalogue";
import { localizeResult } from "../../lib/results";
import { setQuery, useFilters } from "../../lib/router";
import { AdjustedTable, type AdjustedFigures, type AdjustmentMethod } from "./AdjustedTable";
import { toFunnelLimitPoints, toRatioFunnelPoints, type ApiRatioFunnelPoint } from "./funnel";
import { caseMixText, caseMixWords } from "./strings";
import { PoolingNotes, type Basis } from "./PoolingNotes";
import { tableDownloads } from "../exports/downloads";
import { useCompare, type CompareInput } from "./useCompare";
import { NetworkFilter, useNetworks } from "../../components/NetworkFilter";
import { useShelters } from "../benchmark/useBenchmark";
import { modelLabel, modelsCompared, peerGroupOf, rankByValue, withRegionAndModel } from "./peers";
import { SpineView } from "./SpineView";
import { RegionSpineView } from "./RegionSpineView";
import type { Role } from "@refugio/schemas";

type Units = "shelter" | "region";

/** Roles benchmark.shelter answers (the spine view's figures); researchers compare by code only. */
const spineRoles: readonly Role[] = ["admin", "ministry", "network_director"];

export function ComparePage() {
  const { t, lang } = useLang();
  const { k, user } = useSession();
  // Typed by the shared search schema (invalid values already dropped).
  const filters = useFilters();
  const period = usePeriod();
  const catalogue = useCatalogue();
  const networks = useNetworks();

  const units: Units = filters.by ?? "shelter";
  const method = filters.method ?? "exact";
  const network = filters.network ?? "";
  // Only indicators that may be broken down by the chosen unit.
  const choices = (catalogue.data ?? []).filter((i) => i.dimensions.includes(units));
  const indicator = choices.find((i) => i.code === filters.indicator) ?? choices.find((i) => i.code === "completed_stays") ?? choices[0];
  // Case-mix adjustment is offered for the indicators that declare case-mix variables.
  const canAdjust = (indicator?.caseMix?.length ?? 0) > 0;
  const adjust = canAdjust && filters.adjust === "1";
  // Region and model beside every shelter; the shelters the caller may see (the server scopes them).
  const shelterList = useShelters(true);
  const shelterFacts = new Map((shelterList.data ?? []).map((s) => [s.shelter_code, s]));
  const inNetwork = (shelterList.data ?? []).filter((s) => !network || s.network_code === network);
  const visibleModels = [...new Set(inNetwork.map((s) => s.model).filter((m): m is string => m !== null))].sort();
  // Like with like (issue 15): one model's shelters unless the reader chose another model or, explicitly,
  // every model pooled. Both live in the address (?model=, ?pooled=1), so Back undoes the choice; the
  // default itself is not written there, it follows from the scope.
  const peer = peerGroupOf(filters, inNetwork);
  const model = peer.kind === "model" ? peer.model : "";
  // The default needs the shelter list first: never rank every model pooled while it loads.
  const peerKnown = peer.kind === "model" || shelterList.data !== undefined;
  const input: CompareInput | null =
    indicator && peerKnown
      ? { indicator: indicator.code, units, method, ...(network ? { network } : {}), ...(model ? { model } : {}), ...(adjust ? { adjust: true } : {}), ...period }
      : null;
  const compare = useCompare(input);
  const peerShelters = peer.kind === "model" ? inNetwork.filter((s) => s.model === peer.model) : inNetwork;
  const modelName = (m: string) => modelLabel(m, lang) ?? m;
  const unitHeader = t(units === "region" ? "dim.region" : "dim.shelter");

  return (
    <Page title={t("compare.title")} intro={t("compare.intro")}>
      <div className="filters" role="group" aria-label={t("filters.title")}>
        {catalogue.data ? <IndicatorSelect catalogue={choices} value={indicator?.code ?? ""} onChange={(v) => setQuery({ indicator: v })} /> : null}
        <SelectField
          label={t("filters.dimension")}
          value={units}
          options={[
            { value: "shelter", label: t("dim.shelter") },
            { value: "region", label: t("dim.region") },
          ]}
          onChange={(v) => setQuery({ by: v })}
        />
        <NetworkFilter networks={networks.data} value={network} />
        {visibleModels.length > 1 || (peer.kind === "model" && peer.chosen) ? (
          <SelectField
            label={t("dim.model")}
            value={peer.kind === "pooled" ? "pooled" : model}
            options={[...visibleModels.map((m) => ({ value: m, label: modelName(m) })), { value: "pooled", label: t("compare.allModels") }]}
            // One choice, one history entry: a model clears "pooled" and "pooled" clears the model.
            onChange={(v) => setQuery(v === "pooled" ? { pooled: "1", model: null } : { model: v, pooled: null })}
          />
        ) : null}
        <SelectField
          label={t("compare.method")}
          value={method}
          options={[
            { value: "exact", label: t("compare.method.exact") },
            { value: "normal", label: t("compare.method.normal") },
          ]}
          onChange={(v) => setQuery({ method: v })}
        />
        {canAdjust ? (
          <SelectField
            label={caseMixText("adjust", lang)}
            value={adjust ? "1" : "0"}
            options={[
              { value: "0", label: caseMixText("crude", lang) },
              { value: "1", label: caseMixText("adjusted", lang) },
            ]}
            onChange={(v) => setQuery({ adjust: v === "1" ? "1" : null })}
          />
        ) : null}
      </div>
      <PeriodFilter />
      {peer.kind === "model" ? (
        <p className="notice" data-testid="peer-group" data-model={peer.model} data-default={peer.chosen ? undefined : "true"}>
          {peer.chosen ? t("compare.peerGroup.chosen", { model: modelName(peer.model) }) : t("compare.peerGroup.default", { model: modelName(peer.model), n: peer.shelters })}
        </p>
      ) : null}
      <QueryState query={catalogue} procedure="catalogue.indicators">
        {() => (
          <QueryState query={compare} procedure="compare.units">
            {(data) => {
              const info = data.indicator;
              // Each unit's group holds its one key: named as every table names groups (regions in words).
              const label = (r: { group: Record<string, string | null> }) => groupText(r.group, lang);
              // The crude chart and table show the crude verdict; with adjustment the units are
              // judged on O/E in the adjusted table and funnel.
              const rows = data.units.map((u) => ({ ...u.result, comparison: "crude_comparison" in u && u.crude_comparison ? u.crude_comparison : u.comparison }));
              const adjustment = "adjustment" in data && data.adjustment ? (data.adjustment as { method: AdjustmentMethod; curve: ApiRatioFunnelPoint[] }) : null;
              const adjustedUnits = adjustment
                ? data.units.flatMap((u) => {
                    const a = (u as { adjusted?: { result: AdjustedFigures & { group: Record<string, string | null> } } }).adjusted;
                    const crudeComparison = "crude_comparison" in u && u.crude_comparison ? u.crude_comparison : null;
                    return a ? [{ label: label(u.result), crude: u.result, crudeComparison, adjusted: a.result }] : [];
                  })
                : [];
              // Shelters named with their region and model, in the chart and the table.
              const shown = units === "shelter" ? rows.map((r) => withRegionAndModel(r, shelterFacts, lang)) : rows;
              // Regions carry no model of their own: pooled regions pool the models in view.
              const models = units === "shelter" ? modelsCompared(rows, shelterFacts) : peer.kind === "pooled" ? peer.models : [];
              const maxE = Math.max(1, ...adjustedUnits.filter((u) => !u.adjusted.suppressed).map((u) => u.adjusted.expected ?? 0));
              const ratioLimits = adjustment ? toRatioFunnelPoints(adjustment.curve, maxE * 1.05) : [];
              const theta = data.benchmark.value;
              const maxN = Math.max(1, ...rows.filter((r) => !r.suppressed).map((r) => r.denominator ?? 0));
              const limits = toFunnelLimitPoints(data.curve, maxN * 1.05);
              return (
                <>
                  {data.benchmark.result ? (
                    <div className="cards cards--single">
                      <IndicatorCard info={info} result={localizeResult({ ...data.benchmark.result, comparison: null }, lang)} lang={lang} headingLevel={3} k={k} />
                    </div>
                  ) : null}
                  {models.length > 1 ? (
                    <p className="notice" data-testid="mixed-models">
                      {t("compare.mixedModels", { models: models.map(modelName).join(", ") })}
                    </p>
                  ) : null}
                  <div className="charts">
                    <IntervalChart
                      results={rankByValue(shown)}
                      info={info}
                      title={`${info.label[lang]} — ${t("compare.intervalChart")} ${t("compare.ranked")}${peer.kind === "model" ? ` · ${t("compare.peerGroup.title", { model: modelName(peer.model) })}` : ""}`}
                      // A count's groups add up to the total: no line to compare them with (or caption for it).
                      benchmark={info.unit === "count" ? null : theta}
                      benchmarkLabel={t("compare.total")}
                      groupLabel={label}
                      lang={lang}
                      k={k}
                      width="100%"
                    />
                    {info.unit === "proportion" && theta !== null && limits.length > 0 ? (
                      <FunnelPlot
                        results={rows.filter((r) => !r.suppressed)}
                        info={info}
                        target={theta}
                        limits={limits}
                        limitMethod={data.benchmark.method === "normal" ? "normal_approximation" : "exact_binomial"}
                        title={`${info.label[lang]} — ${t("compare.funnel")}`}
                        groupLabel={label}
                        lang={lang}
                        width="100%"
                      />
                    ) : (
                      <p className="notice">{t("compare.noProportion")}</p>
                    )}
                  </div>
                  {adjustment ? (
                    <>
                      <div className="charts">
                        {ratioLimits.length > 0 ? (
                          <FunnelPlot
                            results={adjustedUnits
                              .filter((u) => !u.adjusted.suppressed && u.adjusted.ratio !== null && u.adjusted.expected !== null)
                              .map((u) => ({ ...u.crude, value: u.adjusted.ratio, denominator: u.adjusted.expected }))}
                            info={info}
                            target={1}
                            limits={ratioLimits}
                            limitMethod="exact_poisson"
                            axes={{ x: caseMixWords.axisX, y: caseMixWords.axisY, centre: caseMixWords.centre }}
                            title={`${info.label[lang]} — ${caseMixText("adjustedFunnel", lang)}`}
                            groupLabel={label}
                            lang={lang}
                            width="100%"
                          />
                        ) : null}
                      </div>
                      <AdjustedTable units={adjustedUnits} info={info} method={adjustment.method} lang={lang} />
                    </>
                  ) : null}
                  <PoolingNotes
                    units={data.units.map((u) => {
                      const x = u as { basis?: Basis; pooled?: { result: { value: number | null; ci_low: number | null; ci_high: number | null } } };
                      return { label: label(u.result), basis: x.basis ?? { basis: "period" }, comparison: u.comparison, pooled: x.pooled?.result ?? null };
                    })}
                    info={info}
                    lang={lang}
                  />
                  <div className="table-wrap">
                    <DataTable
                      rows={shown}
                      caption={`${info.label[lang]} — ${t("compare.table")}`}
                      indicators={[info]}
                      lang={lang}
                      groupHeader={unitHeader}
                      hideIndicator
                      k={k}
                      initialSort={{ key: "group", direction: "ascending" }}
                      downloads={tableDownloads("compare", input)}
                    />
                  </div>
                </>
              );
            }}
          </QueryState>
        )}
      </QueryState>
      {user && spineRoles.includes(user.role) && units === "region" ? (
        <RegionSpineView
          region={filters.region ?? ""}
          filters={{ ...(network ? { network } : {}), ...(model ? { model } : {}), ...period }}
          peersLabel={model ? t("compare.spine.regionPeersModel", { model: modelName(model) }) : t("compare.spine.regionPeersAll")}
        />
      ) : null}
      {user && spineRoles.includes(user.role) && units === "shelter" ? (
        <SpineView
          shelters={peerShelters}
          shelter={filters.shelter ?? ""}
          peers={peer.kind === "pooled" ? "all" : "model"}
          period={period}
        />
      ) : null}
    </Page>
  );
}
