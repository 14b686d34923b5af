import { useState } from "react";
import { DownloadLinks, IndicatorCard, ProgressBar, Table, type TableColumn } from "@refugio/ui";
import { tableDownloads } from "../exports/downloads";
import { Page } from "../../components/Page";
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { recommendationEditors } from "../../lib/access";
import { byCode, fallbackInfo, useCatalogue } from "../../lib/catalogue";
import { formatDate } from "../../lib/format";
import { localizeResult } from "../../lib/results";
import { useSession } from "../../session/SessionContext";
import { RollupSummary } from "./RollupSummary";
import { asStatus, currentStatus, progress } from "./status";
import { UpdateForm } from "./UpdateForm";
import { useHistory, useLinkedIndicators, useRecommendations } from "./useRecommendations";

/** Current values of the indicators that show progress on a recommendation. */
export function LinkedValues({ code }: { code: string }) {
  const { k } = useSession();
  const { t, lang } = useLang();
  const values = useLinkedIndicators(code, true);
  const catalogue = useCatalogue();
  const info = byCode(catalogue.data ?? []);
  return (
    <QueryState query={values} procedure="recommendations.indicators">
      {(rows) => {
        const totals = rows.filter((r) => Object.keys(r.group).length === 0);
        if (totals.length === 0) return null;
        return (
          <>
            {/* Under the page's h2 and before the h3 "Record progress": an h3, with h4 cards. */}
            <h3>{t("reco.linkedValues")}</h3>
            <ul className="cards" aria-label={t("reco.linkedValues")}>
              {totals.map((r) => (
                <li key={r.indicator}>
                  <IndicatorCard info={info.get(r.indicator) ?? fallbackInfo(r.indicator)} result={localizeResult(r, lang)} lang={lang} headingLevel={4} k={k} />
                </li>
              ))}
            </ul>
          </>
        );
      }}
    </QueryState>
  );
}

function History({ code }: { code: string }) {
  const { t, lang } = useLang();
  const history = useHistory(code, true);
  return (
    <QueryState query={history} procedure="recommendations.history">
      {(rows) =>
        rows.length === 0 ? (
          <p className="muted">{t("reco.noHistory")}</p>
        ) : (
          <ol className="history">
            {rows.map((r, i) => (
              <li key={`${r.recorded_at}-${i}`}>
                <strong>{formatDate(r.updated_on, lang)}</strong> · {t(`reco.scope.${r.scope}`)}
                {r.scope_code ? ` ${r.scope_code}` : ""} · <span className="status" data-status={r.status}>{t(`reco.status.${currentStatus([r]).status}`)}</span>
                {r.updated_by ? ` · ${r.updated_by}` : ""}
                {r.evidence ? <div>{r.evidence}</div> : null}
              </li>
            ))}
          </ol>
        )
      }
    </QueryState>
  );
}

export function RecommendationsPage() {
  const { t, lang } = useLang();
  const { user } = useSession();
  const list = useRecommendations();
  const [open, setOpen] = useState<string | null>(null);
  const canEdit = user ? recommendationEditors.includes(user.role) : false;

  return (
    <Page title={t("reco.title")} intro={t("reco.intro")}>
      <QueryState query={list} procedure="recommendations.list">
        {(items) => {
          const rows = items.map((item) => ({ item, current: currentStatus(item.statuses) }));
          const columns: TableColumn<(typeof rows)[number]>[] = [
            {
              key: "number",
              header: t("reco.number"),
              cell: ({ item }) => `${item.order ?? ""}${item.kind === "lesson" ? ` (${t("reco.lesson")})` : ""}`,
              sortValue: ({ item }) => item.order,
            },
            {
              key: "recommendation",
              header: t("reco.recommendation"),
              rowHeader: true,
              cell: ({ item }) => (
                <>
                  {item.title[lang]}
                  {item.text ? <div className="muted">{item.text[lang]}</div> : null}
                </>
              ),
              sortValue: ({ item }) => item.title[lang],
            },
            { key: "owner", header: t("reco.owner"), cell: ({ item }) => item.owner?.[lang] ?? "" },
            { key: "status", header: t("reco.status"), cell: ({ item }) => <RollupSummary rollup={item.rollup} /> },
            {
              key: "updated",
              header: t("reco.updated"),
              cell: ({ current }) => (current.row ? formatDate(current.row.updated_on, lang) : ""),
              sortValue: ({ current }) => current.row?.updated_on ?? null,
            },
            { key: "linked", header: t("reco.linked"), cell: ({ item }) => item.linked_indicators.map((l) => l.label?.[lang] ?? l.code).join(", ") },
            {
              key: "history",
              header: t("reco.history"),
              cell: ({ item }) => (
                <button type="button" className="button" aria-expanded={open === item.code} onClick={() => setOpen(open === item.code ? null : item.code)}>
                  {open === item.code ? t("reco.hideHistory") : t("reco.showHistory")}
                  <span className="visually-hidden"> — {item.title[lang]}</span>
                </button>
              ),
            },
          ];
          // Rolled up per level (a region done is not the recommendation done): see RollupSummary.
          const p = progress(rows.filter((r) => r.item.kind === "recommendation").map((r) => asStatus(r.item.rollup.status)));
          return (
            <>
              <ProgressBar lang={lang} value={p.done} max={Math.max(p.total, 1)} label={`${t("reco.progress")}: ${t("reco.doneOf", { done: p.done, total: p.total })}`} />
              <div className="table-wrap">
                <DownloadLinks downloads={tableDownloads("recommendations", undefined)} lang={lang} />
                <Table
                  caption={t("reco.title")}
                  columns={columns}
                  rows={rows}
                  rowKey={(r) => r.item.code}
                  lang={lang}
                  rowAttributes={(r) => ({ "data-recommendation": r.item.code })}
                  rowDetail={({ item }) =>
                    open === item.code ? (
                      <>
                        <History code={item.code} />
                        {item.linked_indicators.length > 0 ? <LinkedValues code={item.code} /> : null}
                      </>
                    ) : null
                  }
                />
              </div>
              {canEdit ? <UpdateForm recommendations={items.map((i) => ({ code: i.code, title: i.title }))} /> : null}
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}
