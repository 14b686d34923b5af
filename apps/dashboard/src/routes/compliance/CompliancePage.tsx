import { DownloadLinks, formatCount, numberFormat } from "@refugio/ui";
import { tableDownloads } from "../exports/downloads";
import { Fragment, useState } from "react";
import { useNetworkName } from "../../components/NetworkFilter";
import { Page } from "../../components/Page";
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import type { Lang } from "../../i18n/translate";
import { formatDate } from "../../lib/format";
import { useComplianceItems, useComplianceSummary } from "./useCompliance";

const tables = ["A1", "A2", "A3", "A4", "A5"] as const;

function Share({ part, lang }: { part: { met: number; applicable: number; share: number | null }; lang: Lang }) {
  if (part.share === null) return <span className="muted">—</span>;
  return (
    <>
      {numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(part.share)}
      <div className="muted">
        {formatCount(part.met, lang)}/{formatCount(part.applicable, lang)}
      </div>
    </>
  );
}

/** The items not met at the latest check, with the NOM's wording: what to fix. */
function Unmet({ shelter }: { shelter: string }) {
  const { t, lang } = useLang();
  const items = useComplianceItems(shelter);
  return (
    <QueryState query={items} procedure="compliance.items">
      {(rows) => {
        const unmet = rows.filter((r) => r.result === "no");
        return unmet.length === 0 ? (
          <p className="muted">{t("compliance.allMet")}</p>
        ) : (
          <ul className="history">
            {unmet.map((r) => (
              <li key={`${r.table}-${r.item_no}`}>
                <strong>
                  {r.table}.{r.item_no}
                </strong>{" "}
                {r.text?.[lang] ?? ""}
              </li>
            ))}
          </ul>
        );
      }}
    </QueryState>
  );
}

export function CompliancePage() {
  const { t, lang } = useLang();
  const summary = useComplianceSummary();
  const networkName = useNetworkName();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Page title={t("compliance.title")} intro={t("compliance.intro")}>
      <QueryState query={summary} procedure="compliance.summary">
        {(rows) =>
          rows.length === 0 ? (
            <p className="notice">{t("compliance.none")}</p>
          ) : (
            <div className="table-wrap">
              <DownloadLinks downloads={tableDownloads("compliance", undefined)} lang={lang} />
              <table className="rf-table">
                <caption>{t("compliance.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("dim.shelter")}</th>
                    <th scope="col">{t("dim.network")}</th>
                    <th scope="col">{t("compliance.checked")}</th>
                    {tables.map((tb) => (
                      <th key={tb} scope="col" className="rf-num">
                        <abbr title={t(`compliance.table.${tb}`)}>{tb}</abbr>
                      </th>
                    ))}
                    <th scope="col" className="rf-num">{t("compliance.overall")}</th>
                    <th scope="col">{t("compliance.unmet")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <Fragment key={r.shelter_code}>
                      <tr>
                        <th scope="row">{r.shelter_code}</th>
                        <td>{networkName(r.network_code)}</td>
                        <td>
                          {formatDate(r.assessed_on, lang)}
                          {r.valid ? null : <div className="status" data-status="blocked">{t("compliance.expired")}</div>}
                        </td>
                        {tables.map((tb) => (
                          <td key={tb} className="rf-num">
                            <Share part={r.tables[tb]} lang={lang} />
                          </td>
                        ))}
                        <td className="rf-num">
                          <strong>
                            <Share part={r.overall} lang={lang} />
                          </strong>
                        </td>
                        <td>
                          <button type="button" className="button" aria-expanded={open === r.shelter_code} onClick={() => setOpen(open === r.shelter_code ? null : r.shelter_code)}>
                            {open === r.shelter_code ? t("compliance.hide") : t("compliance.show")}
                            <span className="visually-hidden"> — {r.shelter_code}</span>
                          </button>
                        </td>
                      </tr>
                      {open === r.shelter_code ? (
                        <tr>
                          <td colSpan={10}>
                            <Unmet shelter={r.shelter_code} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </Page>
  );
}
