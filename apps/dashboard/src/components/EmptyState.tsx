// An empty result says why it is empty: the period chosen has no data, the filters leave
// nothing, or the user's scope has no shelters with data yet. Never a blank space.
import type { DashboardSearch } from "@refugio/schemas";
import { useLang } from "../i18n/LangContext";
import { setQuery, useFilters } from "../lib/router";

export type EmptyReason = "period" | "filtered" | "scope";

/** Why a query came back empty, from the filters that produced it. */
export function emptyReason(filters: DashboardSearch): EmptyReason {
  if (filters.from !== undefined || filters.to !== undefined) return "period";
  if (filters.network !== undefined || filters.region !== undefined || filters.model !== undefined || filters.shelter !== undefined) return "filtered";
  return "scope";
}

export function EmptyState({ reason }: { reason?: EmptyReason }) {
  const { t } = useLang();
  const filters = useFilters();
  const why = reason ?? emptyReason(filters);
  const period = [filters.from, filters.to].filter(Boolean).join("–");
  return (
    <div className="notice empty" data-empty={why}>
      <p>{why === "period" ? t("empty.period", { period }) : why === "filtered" ? t("empty.filtered") : t("empty.scope")}</p>
      {why !== "scope" ? (
        <button
          type="button"
          className="button"
          onClick={() =>
            setQuery(why === "period" ? { from: null, to: null } : { network: null, region: null, model: null, shelter: null })
          }
        >
          {why === "period" ? t("empty.clearPeriod") : t("empty.clearFilters")}
        </button>
      ) : null}
    </div>
  );
}
