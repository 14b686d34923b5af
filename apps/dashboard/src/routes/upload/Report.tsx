import { formatCount } from "@refugio/ui";
import { tableByName, type IngestReport, type TableName } from "@refugio/schemas";
import type { ReactNode } from "react";
import { useLang } from "../../i18n/LangContext";

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

/** Problems of a load or of a registry import: file, line, column, value (when shown), reason, severity. */
export function ProblemTable({ problems, caption, testId, children }: { problems: IngestReport["problems"]; caption: string; testId: string; children?: ReactNode }) {
  const { t, lang } = useLang();
  return (
    <div className="table-wrap">
      <table className="rf-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("upload.file")}</th>
            <th scope="col" className="rf-num">{t("upload.line")}</th>
            <th scope="col">{t("upload.column")}</th>
            <th scope="col">{t("upload.value")}</th>
            <th scope="col">{t("upload.reason")}</th>
            <th scope="col">{t("upload.severity")}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.file}</td>
              <td className="rf-num">{p.line ?? ""}</td>
              <td>{p.column ?? ""}</td>
              <td>{p.value ?? ""}</td>
              <td>{p.reason[lang]}</td>
              <td>{t(p.severity === "warning" ? "upload.warning" : "upload.error")}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
        <div className="table-wrap">
          <table className="rf-table">
            <caption>{t("upload.batches")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("upload.batch")}</th>
                <th scope="col">{t("dim.shelter")}</th>
                <th scope="col">{t("upload.status")}</th>
              </tr>
            </thead>
            <tbody>
              {report.batches.map((b, i) => (
                <tr key={`${b.batch_id ?? ""}-${i}`}>
                  <td>{b.batch_id ?? b.source ?? ""}</td>
                  <td>{b.shelter_code ?? ""}</td>
                  <td>{t(`upload.batchStatus.${b.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {Object.keys(report.tables).length > 0 ? (
        <div className="table-wrap">
          <table className="rf-table">
            <caption>{t("upload.tables")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("upload.table")}</th>
                <th scope="col" className="rf-num">{t("upload.read")}</th>
                <th scope="col" className="rf-num">{t("upload.inserted")}</th>
                <th scope="col" className="rf-num">{t("upload.replaced")}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(report.tables).map(([name, c]) => (
                <tr key={name}>
                  <th scope="row">
                    <TableLabel name={name} />
                  </th>
                  <td className="rf-num">{formatCount(c.read, lang)}</td>
                  <td className="rf-num">{formatCount(c.inserted, lang)}</td>
                  <td className="rf-num">{formatCount(c.replaced, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
