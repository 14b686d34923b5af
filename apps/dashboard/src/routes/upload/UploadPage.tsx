import { formatCount, ProgressBar, Table, type TableColumn } from "@refugio/ui";
import type { IngestReport } from "@refugio/schemas";
import { useId, useRef, useState, type DragEvent } from "react";
import { Page } from "../../components/Page";
import { errorMessage, QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { formatBytes, formatDate } from "../../lib/format";
import { invalidNames, mergeFiles, type Chosen } from "./files";
import { Report } from "./Report";
import { TemplateLinks } from "./TemplateLinks";
import { useIngest, useIngestHistory } from "./useUpload";

type Phase = "idle" | "reading" | "processing" | "done";

const asChosen = (list: FileList | null): Chosen[] =>
  [...(list ?? [])].map((file) => ({ name: file.name, size: file.size, file }));

export function UploadPage() {
  const { t, lang } = useLang();
  const [files, setFiles] = useState<Chosen[]>([]);
  const [over, setOver] = useState(false);
  const [phase, setPhase] = useState<Phase>("idle");
  const [read, setRead] = useState({ done: 0, total: 0 });
  const [report, setReport] = useState<IngestReport | null>(null);
  // The error itself: its message is picked in the reader's language at render.
  const [error, setError] = useState<unknown>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const reportRef = useRef<HTMLDivElement>(null);
  const inputId = useId();
  const { check, load } = useIngest();
  const history = useIngestHistory();
  const bad = invalidNames(files);
  const busy = phase === "reading" || phase === "processing";

  // Loaded batches and refused attempts (status "rejected", with their problem count) together.
  const historyColumns: TableColumn<NonNullable<typeof history.data>[number]>[] = [
    { key: "loadedAt", header: t("upload.loadedAt"), cell: (r) => formatDate(r.loaded_at, lang, true), sortValue: (r) => String(r.loaded_at) },
    { key: "status", header: t("upload.status"), cell: (r) => t(`upload.batchStatus.${r.status}`), sortValue: (r) => r.status },
    { key: "shelter", header: t("dim.shelter"), cell: (r) => r.shelter_code ?? "—", sortValue: (r) => r.shelter_code },
    { key: "loadedBy", header: t("upload.loadedBy"), cell: (r) => r.loaded_by, sortValue: (r) => r.loaded_by },
    { key: "batch", header: t("upload.batch"), cell: (r) => r.batch_id ?? "—", sortValue: (r) => r.batch_id },
    {
      key: "period",
      header: t("upload.period"),
      cell: (r) => (r.period_start ? `${formatDate(r.period_start, lang)}${r.period_end ? ` – ${formatDate(r.period_end, lang)}` : ""}` : "—"),
      sortValue: (r) => r.period_start,
    },
    {
      key: "problems",
      header: t("upload.problemCount"),
      numeric: true,
      cell: (r) => (r.problems === null ? "—" : formatCount(r.problems, lang)),
      sortValue: (r) => r.problems,
    },
    { key: "replaced", header: t("upload.replacedStays"), numeric: true, cell: (r) => formatCount(r.replaced_stays, lang), sortValue: (r) => r.replaced_stays },
  ];

  const add = (list: FileList | null) => {
    // Copy now: the input's FileList is live and is cleared right after this call.
    const added = asChosen(list);
    setFiles((current) => mergeFiles(current, added));
    setReport(null);
    setError(null);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    add(event.dataTransfer.files);
  };

  const submit = async (dryRun: boolean) => {
    setError(null);
    setReport(null);
    try {
      // The files stream to the server as they are read; once all bytes are sent, it processes them.
      setPhase("reading");
      const total = files.reduce((s, f) => s + f.size, 0);
      setRead({ done: 0, total });
      const result = await (dryRun ? check : load).mutateAsync({
        files,
        onProgress: (sent, all) => {
          setRead({ done: Math.min(sent, total || all), total: total || all });
          if (all > 0 && sent >= all) setPhase("processing");
        },
      });
      setReport(result);
      setPhase("done");
    } catch (e) {
      setError(e ?? new Error("unknown error"));
      setPhase("idle");
    }
    // Bring keyboard and screen-reader users to the outcome.
    requestAnimationFrame(() => reportRef.current?.focus());
  };

  return (
    <Page title={t("upload.title")} intro={t("upload.intro")}>
      <div
        className="dropzone"
        data-over={over}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          {t("upload.drop")}{" "}
          <button type="button" className="button" onClick={() => inputRef.current?.click()} disabled={busy}>
            {t("upload.choose")}
          </button>
        </p>
        <label htmlFor={inputId} className="visually-hidden">
          {t("upload.choose")}
        </label>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          multiple
          accept=".csv,.json,.jsonl,.parquet,.zip"
          className="visually-hidden"
          tabIndex={-1}
          onChange={(e) => {
            add(e.target.files);
            e.target.value = "";
          }}
        />
      </div>

      <section aria-labelledby="upload-files">
        <h3 id="upload-files">{t("upload.files")}</h3>
        {files.length === 0 ? (
          <p className="muted">{t("upload.noFiles")}</p>
        ) : (
          <ul className="file-list">
            {files.map((f) => (
              <li key={f.name}>
                <span>{f.name}</span>
                <span className="muted">{formatBytes(f.size, lang)}</span>
                <button type="button" className="button button--quiet" disabled={busy} onClick={() => setFiles(files.filter((x) => x.name !== f.name))}>
                  {t("upload.removeShort")}
                  <span className="visually-hidden"> {f.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {bad.length > 0 ? (
          <p role="alert" className="notice notice--error">
            {t("upload.badNames", { names: bad.join(", ") })}
          </p>
        ) : null}
      </section>

      <div className="buttons">
        <button type="button" className="button" disabled={busy || files.length === 0 || bad.length > 0} onClick={() => void submit(true)}>
          {t("upload.check")}
        </button>
        <button type="button" className="button button--primary" disabled={busy || files.length === 0 || bad.length > 0} onClick={() => void submit(false)}>
          {t("upload.load")}
        </button>
      </div>

      {phase === "reading" ? (
        <ProgressBar lang={lang} value={read.done} max={Math.max(read.total, 1)} label={`${t("upload.phase.reading")} (${formatBytes(read.done, lang)} / ${formatBytes(read.total, lang)})`} />
      ) : null}
      {/* The server does not stream progress: sending and validating show as work of unknown length. */}
      {phase === "processing" ? <ProgressBar lang={lang} label={t("upload.phase.processing")} /> : null}

      <div ref={reportRef} tabIndex={-1} className="report-anchor">
        {error !== null ? (
          <p role="alert" className="notice notice--error">
            {errorMessage(error, lang)}
          </p>
        ) : null}
        {report ? <Report report={report} /> : null}
      </div>

      <TemplateLinks />

      <section aria-labelledby="upload-history">
        <h3 id="upload-history">{t("upload.history")}</h3>
        <QueryState query={history} procedure="ingest.history">
          {(rows) =>
            rows.length === 0 ? (
              <p className="muted">{t("table.empty")}</p>
            ) : (
              <Table
                caption={t("upload.history")}
                columns={historyColumns}
                rows={rows}
                rowKey={(r) => `${r.status}-${r.batch_id ?? ""}-${r.shelter_code ?? ""}-${r.loaded_at}`}
                rowAttributes={(r) => ({ "data-status": r.status })}
                lang={lang}
                initialSort={{ key: "loadedAt", direction: "descending" }}
              />
            )
          }
        </QueryState>
      </section>
    </Page>
  );
}
