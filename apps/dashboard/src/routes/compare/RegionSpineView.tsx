// Compare's spine view by region: one region across every indicator that breaks down by region,
// each against the other regions of the same filters (network, model: like with like, period).
// The figures are indicators.values by region, released like every figure on the page.
import { regionName } from "@refugio/schemas";
import { SpineChart } from "@refugio/ui";
import { useQuery } from "@tanstack/react-query";
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { useCatalogue } from "../../lib/catalogue";
import { setQuery } from "../../lib/router";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session/SessionContext";
import { regionsOf, regionSpineRows } from "./regionSpine";
import { SpineSection } from "./SpineSection";

interface Props {
  /** The chosen region (?region=), or "" for none. */
  region: string;
  /** The compared regions' filters: the network and model on screen, and the period. */
  filters: { network?: string; model?: string; from?: string; to?: string };
  /** Who the other regions are, in words (e.g. "las regiones, solo Hogar de Refugio Temporal"). */
  peersLabel: string;
}

export function RegionSpineView({ region, filters, peersLabel }: Props) {
  const { t, lang } = useLang();
  const { k } = useSession();
  const catalogue = useCatalogue();
  const infos = (catalogue.data ?? []).filter((i) => i.dimensions.includes("region"));
  const values = useQuery({
    ...trpc.indicators.values.queryOptions({ indicators: infos.map((i) => i.code), by: ["region"], ...filters }),
    enabled: infos.length > 0,
  });
  const regions = values.data ? regionsOf(values.data) : [];
  const chosen = regions.includes(region) ? region : "";

  return (
    <SpineSection
      title={t("compare.spine.regionTitle")}
      intro={t("compare.spine.regionIntro")}
      choose={{
        label: t("compare.spine.chooseRegion"),
        value: chosen,
        options: [{ value: "", label: t("compare.spine.noneRegion") }, ...regions.map((r) => ({ value: r, label: regionName(r) }))],
        onChange: (v) => setQuery({ region: v || null }),
      }}
    >
      <QueryState query={values} procedure="indicators.values">
        {(results) =>
          chosen ? (
            <SpineChart
              title={t("compare.spine.caption", { shelter: regionName(chosen), peers: peersLabel })}
              rows={regionSpineRows(results, infos, chosen, t, lang, k)}
              lang={lang}
            />
          ) : (
            <p className="notice">{t("compare.spine.regionEmpty")}</p>
          )
        }
      </QueryState>
    </SpineSection>
  );
}
