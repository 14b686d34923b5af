import { numberFormat } from "@refugio/ui";
import { useLang } from "../../i18n/LangContext";
import type { TrendVerdict as Verdict } from "./trendTest";

/** p in words: "p < 0,001" below a thousandth, else three decimals. */
function pText(p: number, lang: "es" | "en"): string {
  const f = numberFormat(lang, { maximumFractionDigits: 3, minimumFractionDigits: 3 });
  return p < 0.001 ? `p < ${f.format(0.001)}` : `p = ${f.format(p)}`;
}

/** The trend test stated in words under a chart ("Tendencia creciente significativa (…)"). */
export function TrendVerdict({ verdict }: { verdict: Verdict }) {
  const { t, lang } = useLang();
  if (verdict.kind === "not_proportion") return null;
  if (verdict.kind === "too_few") {
    return (
      <p className="trend-verdict" data-trend="too_few">
        {t("trends.test.tooFew", { periods: verdict.periods })}
      </p>
    );
  }
  const stat = numberFormat(lang, { maximumFractionDigits: 1 }).format(verdict.test.statistic);
  return (
    <p className="trend-verdict" data-trend={verdict.kind}>
      <strong>{t(`trends.test.${verdict.kind}`)}</strong> {t("trends.test.detail", { chi2: stat, p: pText(verdict.test.pValue, lang), periods: verdict.periods })}
    </p>
  );
}
