// Data quality: a shelter × period grid of submission status (colour and text), completeness
// and timeliness per shelter, and the consistency findings with an "explain" action for the
// shelter or its network. The server scopes every row (director: own network; shelter: itself).
import type { PeriodStatusRow, QualityFinding, QualityReport, SubmissionStatusCode } from "@refugio/schemas";
import { formatCount, FormField, numberFormat, Table, type TableColumn } from "@refugio/ui";
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

/** A period's status in colour and words, with its due date (the cell's content). */
function StatusText({ p }: { p: PeriodStatusRow }) {
  const { t, lang } = useLang();
  const label = p.status === "late" ? t("quality.status.late", { days: String(p.days_late ?? 0) }) : t(`quality.status.${p.status}`);
  return (
    <>
      <span className="status" data-status={tone[p.status]}>
        {label}
      </span>
      <div className="muted">{t("quality.due", { date: formatDate(p.due_on, lang) })}</div>
    </>
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

type ShelterRow = QualityReport["shelters"][number];

function Grid({ report }: { report: QualityReport }) {
  const { t, lang } = useLang();
  const labels = [...new Set(report.shelters.flatMap((s) => s.periods.map((p) => p.period)))].sort();
  const periodOf = (s: ShelterRow, l: string) => s.periods.find((x) => x.period === l);
  const columns: TableColumn<ShelterRow>[] = [
    { key: "shelter", header: t("dim.shelter"), rowHeader: true, cell: (s) => s.shelter_code, sortValue: (s) => s.shelter_code },
    ...labels.map(
      (l): TableColumn<ShelterRow> => ({
        key: l,
        header: l,
        cell: (s) => {
          const p = periodOf(s, l);
          return p ? <StatusText p={p} /> : "—";
        },
        csvValue: (s) => periodOf(s, l)?.status ?? null,
        cellClassName: (s) => (periodOf(s, l) ? undefined : "muted"),
        cellAttributes: (s) => ({ "data-quality-status": periodOf(s, l)?.status }),
      }),
    ),
  ];
  return (
    <Table
      caption={t("quality.grid.caption")}
      columns={columns}
      rows={report.shelters}
      rowKey={(s) => s.shelter_code}
      rowAttributes={(s) => ({ "data-shelter": s.shelter_code })}
      lang={lang}
      testId="quality-grid"
      csvFilename="calidad-envios"
    />
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
  const followups = (s: ShelterRow) => s.completeness.tables.find((x) => x.table === "followups")?.optional_filled;
  const columns: TableColumn<ShelterRow>[] = [
    { key: "shelter", header: t("dim.shelter"), rowHeader: true, cell: (s) => s.shelter_code, sortValue: (s) => s.shelter_code },
    { key: "required", header: t("quality.completeness.required"), numeric: true, cell: (s) => pct(overall(s.completeness.tables, "required_filled"), lang), sortValue: (s) => overall(s.completeness.tables, "required_filled") },
    { key: "optional", header: t("quality.completeness.optional"), numeric: true, cell: (s) => pct(overall(s.completeness.tables, "optional_filled"), lang), sortValue: (s) => overall(s.completeness.tables, "optional_filled") },
    {
      key: "followups",
      header: t("quality.completeness.followups"),
      numeric: true,
      cell: (s) => pct(followups(s), lang),
      sortValue: (s) => followups(s) ?? null,
      cellAttributes: (s) => ({ "data-followups-filled": String(followups(s) ?? "") }),
    },
    { key: "exitAssessed", header: t("quality.completeness.exitAssessed"), numeric: true, cell: (s) => ratio(s.completeness.exits_with_assessment, s.completeness.exits), csvValue: (s) => ratio(s.completeness.exits_with_assessment, s.completeness.exits) },
    { key: "followupAttempted", header: t("quality.completeness.followupAttempted"), numeric: true, cell: (s) => ratio(s.completeness.followup_attempted, s.completeness.followup_eligible), csvValue: (s) => ratio(s.completeness.followup_attempted, s.completeness.followup_eligible) },
    { key: "late", header: t("quality.timeliness"), numeric: true, cell: (s) => (s.median_days_late === null ? "—" : formatCount(s.median_days_late, lang)), sortValue: (s) => s.median_days_late },
    { key: "fields", header: t("quality.fields.header"), cell: (s) => <FieldCounts shelter={s.shelter_code} tables={s.completeness.tables} /> },
  ];
  return (
    <Table
      caption={t("quality.completeness.caption")}
      columns={columns}
      rows={report.shelters}
      rowKey={(s) => s.shelter_code}
      rowAttributes={(s) => ({ "data-shelter": s.shelter_code })}
      lang={lang}
      testId="quality-completeness"
      csvFilename="calidad-completitud"
    />
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
  return (
    <form onSubmit={submit} className="inline-form">
      {/* The server's refusal (an identifier in the note, a note too long) is the field's error. */}
      <FormField label={t("quality.findings.note")} lang={lang} required error={explain.error ? errorMessage(explain.error, lang) : undefined}>
        {(control) => <input {...control} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}
      </FormField>
      <button type="submit" className="button" disabled={explain.isPending || note.trim() === ""}>
        {t("quality.findings.save")}
      </button>
      {explain.isSuccess ? <p role="status">{t("quality.findings.saved")}</p> : null}
    </form>
  );
}

function Findings({ report, canExplain }: { report: QualityReport; canExplain: boolean }) {
  const { t, lang } = useLang();
  const [open, setOpen] = useState<string | null>(null);
  if (report.findings.length === 0) return <p className="muted">{t("quality.findings.none")}</p>;
  const num = (v: number | null) => (v === null ? "—" : numberFormat(lang, { maximumFractionDigits: 2 }).format(v));
  const severityTone = (f: QualityFinding) => (f.severity === "high" ? "blocked" : f.severity === "medium" ? "in_progress" : "pending");
  const columns: TableColumn<QualityFinding>[] = [
    { key: "shelter", header: t("dim.shelter"), rowHeader: true, cell: (f) => f.shelter_code, sortValue: (f) => f.shelter_code },
    { key: "period", header: t("quality.findings.period"), cell: (f) => f.period_start.slice(0, 7), sortValue: (f) => f.period_start },
    {
      key: "rule",
      header: t("quality.findings.rule"),
      cell: (f) => (
        <>
          {t(`quality.rule.${f.rule}`)} <span className="muted">({f.metric})</span>
        </>
      ),
      sortValue: (f) => f.rule,
    },
    {
      key: "severity",
      header: t("quality.findings.severity"),
      cell: (f) => (
        <span className="status" data-status={severityTone(f)}>
          {t(`quality.severity.${f.severity}`)}
        </span>
      ),
      csvValue: (f) => f.severity,
    },
    {
      key: "observed",
      header: t("quality.findings.observed"),
      numeric: true,
      cell: (f) => (
        <>
          {num(f.observed)} ({num(f.expected)})
          {f.affected !== null ? <div className="muted">{t("quality.findings.affected", { count: formatCount(f.affected, lang) })}</div> : null}
        </>
      ),
      csvValue: (f) => `${num(f.observed)} (${num(f.expected)})`,
    },
    {
      key: "explanation",
      header: t("quality.findings.explanation"),
      cell: (f) => (
        <>
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
        </>
      ),
      csvValue: (f) => f.explanation,
    },
  ];
  return (
    <Table
      caption={t("quality.findings.caption")}
      columns={columns}
      rows={report.findings}
      rowKey={(f) => f.finding_id}
      rowAttributes={(f) => ({ "data-shelter": f.shelter_code })}
      lang={lang}
      testId="quality-findings"
      csvFilename="calidad-hallazgos"
    />
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
