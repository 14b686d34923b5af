import { Page } from "../../components/Page";
import { useLang } from "../../i18n/LangContext";

export function TrendsPage() {
  const { t } = useLang();
  return <Page title={t("trends.title")} intro={t("trends.intro" as "trends.title")} />;
}
