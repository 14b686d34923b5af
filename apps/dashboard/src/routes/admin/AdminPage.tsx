import { Page } from "../../components/Page";
import { useLang } from "../../i18n/LangContext";

export function AdminPage() {
  const { t } = useLang();
  return <Page title={t("admin.title")} />;
}
