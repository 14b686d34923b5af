// Data quality: a shelter × period grid of submission status (colour and text), completeness
// and timeliness per shelter, and the consistency findings with an "explain" action for the
// shelter or its network. The server scopes every row (director: own network; shelter: itself).
import type { PeriodStatusRow, QualityFinding, QualityReport, SubmissionStatusCode } from "@refugio/schemas";
import { formatCount, numberFormat } from "@refugio/ui";
import { useState, type FormEvent } from "react";
import { Page } from "../../components/Page";
import { errorMessage, QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import type { Lang } from "../../i18n/translate";
import { formatDate } from "../../lib/format";
import { useSession } from "../../session/SessionContext";
import { useExplainFinding, useQualityReport } from "./useQuality";

/** Colour of a status, with the existing status pills (the text always says it too). */
const tone: Record<SubmissionStatusCode, string> = {
  on_time: "done",
  late: "blocked",
  partial: "blocked",
  missing: "blocked",
  superseded: "in_progress",
  pending: "pending",
};

function StatusCell({ p }: { p: PeriodStatusRow }) {
  const { t, lang } = useLang();
  const label = p.status === "late" ? t("quality.status.late", { days: String(p.days_late ?? 0) }) : t(`quality.status.${p.status}`);
  return (
    <td data-quality-status={p.status}>
      <span className="status" data-status={tone[p.status]}>
        {label}
      </span>
      <div className="muted">{t("quality.due", { date: formatDate(p.due_on, lang) })}</div>
    </td>
  );
}

const pct = (share: number | null | undefined, lang: Lang) =>
  share === null || share === undefined ? "—" : numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(share);

/** Filled share over the tables a shelter sent, weighted by rows. */
function overall(tables: QualityReport["shelters"][number]["completeness"]["tables"], key: "required_filled" | "optional_filled"): number | null {
  const parts = tables.filter((x) => x[key] !== null);
  const rows = parts.reduce((a, x) => a + x.rows, 0);
  return rows === 0 ? null : parts.reduce((a, x) => a + (x[key] ?? 0) * x.rows, 0) / rows;
}

function Grid({ report }: { report: QualityReport }) {
  const { t } = useLang();
  const labels = [...new Set(report.shelters.flatMap((s) => s.periods.map((p) => p.period)))].sort();
  return (
    <div className="table-wrap">
      <table className="rf-table" data-testid="quality-grid">
        <caption>{t("quality.grid.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dim.shelter")}</th>
            {labels.map((l) => (
              <th key={l} scope="col">
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.shelters.map((s) => (
            <tr key={s.shelter_code} data-shelter={s.shelter_code}>
              <th scope="row">{s.shelter_code}</th>
              {labels.map((l) => {
                const p = s.periods.find((x) => x.period === l);
                return p ? <StatusCell key={l} p={p} /> : <td key={l} className="muted">—</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The columns behind a shelter's completeness shares, table by table, each as "filled of rows":
 * counts only, never a row or a value (the figures link to the fields behind them, nothing more).
 */
function FieldCounts({ shelter, tables }: { shelter: string; tables: QualityReport["shelters"][number]["completeness"]["tables"] }) {
  const { t, lang } = useLang();
  return (
    <details data-fields={shelter}>
      <summary>
        {t("quality.fields.show")}
        <span className="visually-hidden"> — {shelter}</span>
      </summary>
      {tables.map((table) => (
        <div key={table.table} className="quality-fields" data-table={table.table}>
          <p className="quality-fields__table">{t("quality.fields.table", { table: table.table, rows: formatCount(table.rows, lang) })}</p>
          <ul>
            {table.fields.map((f) => (
              <li key={f.column} data-column={f.column} data-filled={f.filled} data-rows={table.rows}>
                {t(f.required ? "quality.fields.required" : "quality.fields.optional", { column: f.column, filled: formatCount(f.filled, lang), rows: formatCount(table.rows, lang) })}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </details>
  );
}

function Completeness({ report }: { report: QualityReport }) {
  const { t, lang } = useLang();
  const ratio = (a: number, b: number) => (b === 0 ? "—" : `${pct(a / b, lang)} (${formatCount(a, lang)}/${formatCount(b, lang)})`);
  return (
    <div className="table-wrap">
      <table className="rf-table" data-testid="quality-completeness">
        <caption>{t("quality.completeness.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dim.shelter")}</th>
            <th scope="col" className="rf-num">{t("quality.completeness.required")}</th>
            <th scope="col" className="rf-num">{t("quality.completeness.optional")}</th>
            <th scope="col" className="rf-num">{t("quality.completeness.followups")}</th>
            <th scope="col" className="rf-num">{t("quality.completeness.exitAssessed")}</th>
            <th scope="col" className="rf-num">{t("quality.completeness.followupAttempted")}</th>
            <th scope="col" className="rf-num">{t("quality.timeliness")}</th>
            <th scope="col">{t("quality.fields.header")}</th>
          </tr>
        </thead>
        <tbody>
          {report.shelters.map((s) => {
            const c = s.completeness;
            return (
              <tr key={s.shelter_code} data-shelter={s.shelter_code}>
                <th scope="row">{s.shelter_code}</th>
                <td className="rf-num">{pct(overall(c.tables, "required_filled"), lang)}</td>
                <td className="rf-num">{pct(overall(c.tables, "optional_filled"), lang)}</td>
                <td className="rf-num" data-followups-filled={c.tables.find((x) => x.table === "followups")?.optional_filled ?? ""}>
                  {pct(c.tables.find((x) => x.table === "followups")?.optional_filled, lang)}
                </td>
                <td className="rf-num">{ratio(c.exits_with_assessment, c.exits)}</td>
                <td className="rf-num">{ratio(c.followup_attempted, c.followup_eligible)}</td>
                <td className="rf-num">{s.median_days_late === null ? "—" : formatCount(s.median_days_late, lang)}</td>
                <td>
                  <FieldCounts shelter={s.shelter_code} tables={c.tables} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ExplainForm({ finding }: { finding: QualityFinding }) {
  const { t, lang } = useLang();
  const explain = useExplainFinding();
  const [note, setNote] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    explain.mutate({ finding_id: finding.finding_id, note });
  };
  const id = `note-${finding.finding_id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  return (
    <form onSubmit={submit} className="inline-form">
      <label htmlFor={id}>{t("quality.findings.note")}</label>
      <input id={id} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} required />
      <button type="submit" className="button" disabled={explain.isPending || note.trim() === ""}>
        {t("quality.findings.save")}
      </button>
      {explain.error ? <p role="alert" className="notice notice--error">{errorMessage(explain.error, lang)}</p> : null}
      {explain.isSuccess ? <p role="status">{t("quality.findings.saved")}</p> : null}
    </form>
  );
}

function Findings({ report, canExplain }: { report: QualityReport; canExplain: boolean }) {
  const { t, lang } = useLang();
  const [open, setOpen] = useState<string | null>(null);
  if (report.findings.length === 0) return <p className="muted">{t("quality.findings.none")}</p>;
  const num = (v: number | null) => (v === null ? "—" : numberFormat(lang, { maximumFractionDigits: 2 }).format(v));
  return (
    <div className="table-wrap">
      <table className="rf-table" data-testid="quality-findings">
        <caption>{t("quality.findings.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dim.shelter")}</th>
            <th scope="col">{t("quality.findings.period")}</th>
            <th scope="col">{t("quality.findings.rule")}</th>
            <th scope="col">{t("quality.findings.severity")}</th>
            <th scope="col" className="rf-num">{t("quality.findings.observed")}</th>
            <th scope="col">{t("quality.findings.explanation")}</th>
          </tr>
        </thead>
        <tbody>
          {report.findings.map((f) => (
            <tr key={f.finding_id} data-shelter={f.shelter_code}>
              <th scope="row">{f.shelter_code}</th>
              <td>{f.period_start.slice(0, 7)}</td>
              <td>
                {t(`quality.rule.${f.rule}`)} <span className="muted">({f.metric})</span>
              </td>
              <td>
                <span className="status" data-status={f.severity === "high" ? "blocked" : f.severity === "medium" ? "in_progress" : "pending"}>
                  {t(`quality.severity.${f.severity}`)}
                </span>
              </td>
              <td className="rf-num">
                {num(f.observed)} ({num(f.expected)})
                {f.affected !== null ? <div className="muted">{t("quality.findings.affected", { count: formatCount(f.affected, lang) })}</div> : null}
              </td>
              <td>
                {f.explanation ? <p>{f.explanation}</p> : null}
                {canExplain ? (
                  <>
                    <button type="button" className="button button--quiet" aria-expanded={open === f.finding_id} onClick={() => setOpen(open === f.finding_id ? null : f.finding_id)}>
                      {t("quality.findings.explain")}
                      <span className="visually-hidden">
                        {" "}
                        — {f.shelter_code} {f.period_start.slice(0, 7)}
                      </span>
                    </button>
                    {open === f.finding_id ? <ExplainForm finding={f} /> : null}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function QualityPage() {
  const { t } = useLang();
  const { user } = useSession();
  const report = useQualityReport();
  // The shelter itself or its network explains a finding (as the API allows).
  const canExplain = user?.role === "network_director" || user?.role === "shelter_staff";
  return (
    <Page title={t("quality.title")} intro={t("quality.intro")}>
      <QueryState query={report} procedure="quality.report">
        {(r) =>
          r.shelters.length === 0 ? (
            <p className="notice">{t("quality.none")}</p>
          ) : (
            <>
              <Grid report={r} />
              <Completeness report={r} />
              <Findings report={r} canExplain={canExplain} />
            </>
          )
        }
      </QueryState>
    </Page>
  );
}
