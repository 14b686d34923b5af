// A backup of the database the server holds, for administrators: one click, one transaction
// (consistent even during a load); `refugio restore FILE` puts it back with the server stopped.
import { formatNumber } from "@refugio/ui";
import { errorMessage } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { useBackup } from "./useAdmin";

export function BackupSection() {
  const { t, lang } = useLang();
  const backup = useBackup();
  return (
    <section aria-labelledby="admin-backup" className="page">
      <h3 id="admin-backup">{t("admin.backup")}</h3>
      <p className="muted">{t("admin.backupHint")}</p>
      <div className="filters">
        <button type="button" className="button" aria-disabled={backup.isPending || undefined} onClick={() => !backup.isPending && backup.mutate()}>
          {backup.isPending ? t("admin.backupRunning") : t("admin.backupRun")}
        </button>
      </div>
      <div aria-live="polite">
        {backup.error ? <p className="notice notice--error">{errorMessage(backup.error, lang)}</p> : null}
        {backup.data ? (
          <p className="notice notice--ok">
            {t("admin.backupDone", { file: backup.data.file, folder: backup.data.folder, mb: formatNumber(backup.data.bytes / 1e6, lang, 1) })}
          </p>
        ) : null}
      </div>
    </section>
  );
}
