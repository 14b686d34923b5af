import { Page } from "../../components/Page";
import { useLang } from "../../i18n/LangContext";

export function CompliancePage() {
  const { t } = useLang();
  return <Page title={t("compliance.title")} intro={t("compliance.intro" as "compliance.title")} />;
}
