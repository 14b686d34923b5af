import { formatCount } from "@refugio/ui";
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import type { Outputs } from "../../lib/trpc";
import { complianceTables } from "./tables";
import { useComplianceItems } from "./useCompliance";

type Item = Outputs["compliance"]["items"][number];

/** Per table: how many items apply, are met, are not met, do not apply. */
export function tableCounts(items: readonly Item[], table: string) {
  const of = items.filter((i) => i.table === table);
  const met = of.filter((i) => i.result === "yes").length;
  const unmet = of.filter((i) => i.result === "no").length;
  const notApplicable = of.filter((i) => i.result === "na").length;
  return { applicable: met + unmet, met, unmet, notApplicable, unmetItems: of.filter((i) => i.result === "no") };
}

/**
 * A shelter's latest check, grouped by NOM-217 table: applicable and not-applicable counts, and
 * the items not met with the NOM's wording (what to fix). An expired check says so first.
 */
export function ComplianceDetail({ shelter, expired }: { shelter: string; expired: boolean }) {
  const { t, lang } = useLang();
  const items = useComplianceItems(shelter);
  return (
    <QueryState query={items} procedure="compliance.items">
      {(rows) => (
        <div className="compliance-detail" data-testid={`compliance-detail-${shelter}`}>
          {expired ? <p className="status" data-status="expired">{t("compliance.expiredDetail")}</p> : null}
          {complianceTables.map((tb) => {
            const c = tableCounts(rows, tb);
            return (
              <section key={tb} className="compliance-detail__table" data-table={tb}>
                <h3>{t(`compliance.table.${tb}`)}</h3>
                <p className="compliance-detail__counts">
                  {t("compliance.counts", {
                    applicable: formatCount(c.applicable, lang),
                    met: formatCount(c.met, lang),
                    unmet: formatCount(c.unmet, lang),
                    na: formatCount(c.notApplicable, lang),
                  })}
                </p>
                {c.unmetItems.length === 0 ? (
                  <p className="muted">{c.applicable === 0 ? t("compliance.noneApplicable") : t("compliance.allMet")}</p>
                ) : (
                  <ul className="history">
                    {c.unmetItems.map((r) => (
                      <li key={`${r.table}-${r.item_no}`}>
                        <strong>
                          {r.table}.{r.item_no}
                        </strong>{" "}
                        {r.text?.[lang] ?? ""}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </QueryState>
  );
}
