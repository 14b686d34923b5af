import { Page } from "../../components/Page";
import { useLang } from "../../i18n/LangContext";

export function BenchmarkPage() {
  const { t } = useLang();
  return <Page title={t("benchmark.title")} intro={t("benchmark.intro" as "benchmark.title")} />;
}
