import type { IndicatorInfo } from "@refugio/schemas";
import { useLang } from "../i18n/LangContext";
import { SelectField } from "./SelectField";

/** Indicator picker fed by the catalogue, labels in the reader's language, sorted by label. */
export function IndicatorSelect({
  catalogue,
  value,
  onChange,
}: {
  catalogue: readonly IndicatorInfo[];
  value: string;
  onChange(code: string): void;
}) {
  const { t, lang } = useLang();
  const collator = new Intl.Collator(lang);
  const options = [...catalogue]
    .sort((a, b) => collator.compare(a.label[lang], b.label[lang]))
    .map((i) => ({ value: i.code, label: i.label[lang] }));
  return <SelectField label={t("filters.indicator")} value={value} options={options} onChange={onChange} name="indicator" />;
}
