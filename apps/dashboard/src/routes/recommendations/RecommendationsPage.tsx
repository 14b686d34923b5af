import { Page } from "../../components/Page";
import { useLang } from "../../i18n/LangContext";

export function RecommendationsPage() {
  const { t } = useLang();
  return <Page title={t("reco.title")} intro={t("reco.intro" as "reco.title")} />;
}
