// The shelter registry, for administrators: download it, edit it in a spreadsheet, send it back.
// A batch for a shelter missing from the registry is rejected, and while the server runs the
// `refugio registry import` command cannot write to the database: this is the way in.
import { FormField } from "@refugio/ui";
import { useId, useRef, useState } from "react";
import { errorMessage } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { download } from "../../lib/download";
import { ProblemTable } from "../upload/Report";
import { RegistryTable } from "./RegistryTable";
import { useExportRegistry, useImportRegistry } from "./useAdmin";

export function RegistrySection() {
  const { t, tn, lang } = useLang();
  const exportRegistry = useExportRegistry();
  const importRegistry = useImportRegistry();
  const [file, setFile] = useState<File | null>(null);
  const hintId = useId();
  const result = useRef<HTMLDivElement>(null);

  const send = () => {
    if (!file) return;
    // The outcome (loaded, or the file's problems) takes the focus so it is announced.
    importRegistry.mutate(file, { onSettled: () => result.current?.focus() });
  };

  const r = importRegistry.data;
  const failure = importRegistry.error;
  return (
    <section aria-labelledby="admin-registry" className="page">
      <h3 id="admin-registry">{t("admin.registry")}</h3>
      <p className="muted" id={hintId}>
        {t("admin.registryHint")}
      </p>
      <div className="filters">
        <button
          type="button"
          className="button"
          disabled={exportRegistry.isPending}
          onClick={() => exportRegistry.mutate(undefined, { onSuccess: (x) => download(x.filename, x.contentType, x.csv) })}
        >
          {t("admin.registryExport")}
        </button>
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <FormField label={t("admin.registryFile")} lang={lang}>
          {(control) => <input {...control} type="file" accept=".csv,.parquet" aria-describedby={hintId} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </FormField>
        <button type="submit" className="button" disabled={!file} aria-disabled={importRegistry.isPending || undefined}>
          {importRegistry.isPending ? t("admin.registryImporting") : t("admin.registryImport")}
        </button>
      </form>
      {exportRegistry.error ? (
        <p role="alert" className="notice notice--error">
          {errorMessage(exportRegistry.error, lang)}
        </p>
      ) : null}
      <RegistryTable />
      <div ref={result} tabIndex={-1} aria-live="polite">
        {failure ? (
          <p className="notice notice--error">{errorMessage(failure, lang)}</p>
        ) : r?.ok ? (
          <p className="notice notice--ok">
            {tn("admin.registryImported", r.shelters, { networks: r.networks })}
          </p>
        ) : r ? (
          <>
            <p className="notice notice--error">{tn("admin.registryRejected", r.problems.length)}</p>
            <ProblemTable problems={r.problems} caption={t("admin.registryProblems")} testId="registry-problems" />
          </>
        ) : null}
      </div>
    </section>
  );
}
