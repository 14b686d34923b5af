// Compare's spine view: one shelter across every indicator the API can break down by shelter,
// each against the range of its peers. The figures are benchmark.shelter's (the peers released for
// the external audience, anonymous), drawn by the same SpineChart as the Benchmark page.
import { SpineChart } from "@refugio/ui";
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { useSession } from "../../session/SessionContext";
import { byCode, useCatalogue } from "../../lib/catalogue";
import { setQuery } from "../../lib/router";
import { rowsOf, spineRowsOf } from "../benchmark/rows";
import { useBenchmark } from "../benchmark/useBenchmark";
import { modelLabel } from "./peers";
import { SpineSection } from "./SpineSection";

interface Props {
  /** The shelters of the peer group on screen: the choices, named with region and model. */
  shelters: readonly { shelter_code: string; region_code: string | null; model: string | null }[];
  /** The chosen shelter (?shelter=), or "" for none. */
  shelter: string;
  /** Peers of the spine: the shelter's own model (like with like), or every shelter when pooled was chosen. */
  peers: "model" | "all";
  period: { from?: string; to?: string };
}

export function SpineView({ shelters, shelter, peers, period }: Props) {
  const { t, lang } = useLang();
  const { k } = useSession();
  const catalogue = useCatalogue();
  // A shelter from an older link that is not in the peer group on screen is not profiled.
  const chosen = shelters.find((s) => s.shelter_code === shelter) ?? null;
  const bench = useBenchmark(chosen ? { shelter: chosen.shelter_code, peers, ...period } : null);
  const peersText = (model: string | null) =>
    peers === "all" || model === null ? t("compare.spine.peersAll") : t("compare.spine.peersModel", { model: modelLabel(model, lang) ?? model });

  return (
    <SpineSection
      title={t("compare.spine.title")}
      intro={t("compare.spine.intro")}
      choose={{
        label: t("compare.spine.choose"),
        value: chosen?.shelter_code ?? "",
        options: [
          { value: "", label: t("compare.spine.none") },
          ...shelters.map((s) => ({ value: s.shelter_code, label: [s.shelter_code, s.region_code, modelLabel(s.model, lang)].filter(Boolean).join(" · ") })),
        ],
        onChange: (v) => setQuery({ shelter: v || null }),
      }}
    >
      {chosen ? (
        <QueryState query={catalogue} procedure="catalogue.indicators">
          {(infos) => (
            <QueryState query={bench} procedure="benchmark.shelter">
              {(data) => (
                <SpineChart
                  title={t("compare.spine.caption", { shelter: data.shelter.shelter_code, peers: peersText(data.shelter.model) })}
                  rows={spineRowsOf(rowsOf(data, byCode(infos)), t, lang, k)}
                  lang={lang}
                />
              )}
            </QueryState>
          )}
        </QueryState>
      ) : (
        <p className="notice">{t("compare.spine.empty")}</p>
      )}
    </SpineSection>
  );
}
