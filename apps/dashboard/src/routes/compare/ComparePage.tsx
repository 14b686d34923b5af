import { Page } from "../../components/Page";
import { useLang } from "../../i18n/LangContext";

export function ComparePage() {
  const { t } = useLang();
  return <Page title={t("compare.title")} intro={t("compare.intro" as "compare.title")} />;
}
