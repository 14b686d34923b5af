import { Page } from "../../components/Page";
import { useLang } from "../../i18n/LangContext";

export function UploadPage() {
  const { t } = useLang();
  return <Page title={t("upload.title")} intro={t("upload.intro" as "upload.title")} />;
}
