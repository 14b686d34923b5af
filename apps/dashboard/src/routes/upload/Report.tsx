import { formatCount, Table, type TableColumn, toCsv } from "@refugio/ui";
import { tableByName, type IngestProblem, type IngestReport, type TableName } from "@refugio/schemas";
import type { ReactNode } from "react";
import { useLang } from "../../i18n/LangContext";
import type { Lang, MessageKey, Params, PluralKey } from "../../i18n/translate";
import { download } from "../../lib/download";
import { formatLineRanges, groupProblems, problemRows, type ProblemGroup } from "./problems";

type Translate = (key: MessageKey, params?: Params) => string;
type TranslatePlural = (base: PluralKey, count: number, params?: Params) => string;

const isTableName = (name: string): name is TableName => Object.hasOwn(tableByName, name);

/** A contract table by its short name from the contract, with the name its file carries. */
function TableLabel({ name }: { name: string }) {
  const { lang } = useLang();
  if (!isTableName(name)) return <>{name}</>;
  return (
    <>
      {tableByName[name].label[lang]}
      <div className="muted">
        <code>{name}</code>
      </div>
    </>
  );
}

/** A group as one sentence: "age_band: 799 filas con «treinta» (líneas 2–800)". */
function groupSentence(g: ProblemGroup, t: Translate, tn: TranslatePlural, lang: Lang): string {
  const where = g.column ?? t("upload.wholeFile");
  const rows = tn("upload.group.rows", g.count, { count: formatCount(g.count, lang) });
  const quote = (v: string) => (lang === "es" ? `«${v}»` : `“${v}”`);
  const first = g.values.slice(0, 3).map((v) => quote(v.value));
  const values =
    g.values.length === 0
      ? ""
      : g.values.length <= 3
        ? ` ${t("upload.group.with")} ${first.join(", ")}`
        : ` ${t("upload.group.with")} ${first.join(", ")} ${t("upload.group.moreValues", { count: formatCount(g.values.length - 3, lang) })}`;
  const lines =
    g.lines.length === 0 ? "" : ` (${tn("upload.group.lines", g.lines.length, { ranges: formatLineRanges(g.lines, lang) })})`;
  return `${where}: ${rows}${values}${lines}`;
}

/**
 * Problems of a load or of a registry import, grouped by file × column × reason (one sentence per
 * group with its line ranges and values), and the full list as a CSV file.
 */
export function ProblemTable({ problems, caption, testId, children }: { problems: IngestProblem[]; caption: string; testId: string; children?: ReactNode }) {
  const { t, tn, lang } = useLang();
  const groups = groupProblems(problems);
  const columns: TableColumn<ProblemGroup>[] = [
    { key: "problem", header: t("upload.group.problem"), rowHeader: true, cell: (g) => groupSentence(g, t, tn, lang), sortValue: (g) => g.column ?? "" },
    { key: "reason", header: t("upload.reason"), cell: (g) => g.reason[lang], sortValue: (g) => g.reason[lang] },
    { key: "file", header: t("upload.file"), cell: (g) => g.file, sortValue: (g) => g.file },
    { key: "count", header: t("upload.group.count"), numeric: true, cell: (g) => formatCount(g.count, lang), sortValue: (g) => g.count },
    { key: "severity", header: t("upload.severity"), cell: (g) => t(g.severity === "warning" ? "upload.warning" : "upload.error"), sortValue: (g) => g.severity },
  ];
  const downloadAll = () => {
    const { header, rows } = problemRows(problems);
    download(`${testId}.csv`, "text/csv;charset=utf-8", toCsv(header, rows));
  };
  return (
    <div>
      <p className="buttons">
        <button type="button" className="button button--quiet" onClick={downloadAll}>
          {tn("upload.downloadAll", problems.length, { count: formatCount(problems.length, lang) })}
        </button>
      </p>
      <Table caption={caption} columns={columns} rows={groups} rowKey={(g) => `${g.file}|${g.column ?? ""}|${g.reason.es}|${g.severity}`} lang={lang} testId={testId} rowAttributes={(g) => ({ "data-column": g.column ?? undefined })} />
      {children}
    </div>
  );
}

/** What the server found: batch fates, rows per table, and every problem with file, line and column. */
export function Report({ report }: { report: IngestReport }) {
  const { t, tn, lang } = useLang();
  const count = report.batches.length;
  const problems = report.problem_count || report.problems.length;
  const summary = !report.ok
    ? tn("upload.problems", problems, { count: formatCount(problems, lang) })
    : tn(report.dry_run ? "upload.ok" : "upload.okLoaded", count, { count: formatCount(count, lang) });
  const batchColumns: TableColumn<IngestReport["batches"][number]>[] = [
    { key: "batch", header: t("upload.batch"), cell: (b) => b.batch_id ?? b.source ?? "", sortValue: (b) => b.batch_id ?? b.source ?? "" },
    { key: "shelter", header: t("dim.shelter"), cell: (b) => b.shelter_code ?? "", sortValue: (b) => b.shelter_code ?? "" },
    { key: "status", header: t("upload.status"), cell: (b) => t(`upload.batchStatus.${b.status}`), sortValue: (b) => b.status },
  ];
  const tableRows = Object.entries(report.tables).map(([name, c]) => ({ name, ...c }));
  const tableColumns: TableColumn<(typeof tableRows)[number]>[] = [
    { key: "table", header: t("upload.table"), rowHeader: true, cell: (r) => <TableLabel name={r.name} />, sortValue: (r) => r.name },
    { key: "read", header: t("upload.read"), numeric: true, cell: (r) => formatCount(r.read, lang), sortValue: (r) => r.read },
    { key: "inserted", header: t("upload.inserted"), numeric: true, cell: (r) => formatCount(r.inserted, lang), sortValue: (r) => r.inserted },
    { key: "replaced", header: t("upload.replaced"), numeric: true, cell: (r) => formatCount(r.replaced, lang), sortValue: (r) => r.replaced },
  ];
  return (
    <section aria-labelledby="upload-report" className="page">
      <h3 id="upload-report">{t("upload.report")}</h3>
      <p role="status" className={report.ok ? "notice notice--ok" : "notice notice--error"}>
        {summary}
      </p>
      {report.problems.length > 0 ? (
        <ProblemTable problems={report.problems} caption={t("upload.problemsCaption")} testId="problems">
          {report.problem_count > report.problems.length ? (
            <p className="muted">{t("upload.more", { shown: report.problems.length, total: report.problem_count })}</p>
          ) : null}
        </ProblemTable>
      ) : null}
      {report.batches.length > 0 ? (
        <Table
          caption={t("upload.batches")}
          columns={batchColumns}
          rows={report.batches}
          rowKey={(b, i) => `${b.batch_id ?? ""}-${i}`}
          lang={lang}
          rowAttributes={(b) => ({ "data-status": b.status })}
        />
      ) : null}
      {tableRows.length > 0 ? <Table caption={t("upload.tables")} columns={tableColumns} rows={tableRows} rowKey={(r) => r.name} lang={lang} /> : null}
    </section>
  );
}
