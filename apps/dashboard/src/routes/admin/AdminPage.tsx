import { roleLabels } from "@refugio/schemas";
import { useId, useState } from "react";
import { Page } from "../../components/Page";
import { errorMessage, QueryState } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { formatDate } from "../../lib/format";
import { useSession } from "../../session/SessionContext";
import { AddUserForm } from "./AddUserForm";
import { useAudit, useAuditCsv, useRemoveUser, useUsers } from "./useAdmin";

/** Two steps, so a stray click or key press cannot remove an account. */
function RemoveButton({ username }: { username: string }) {
  const { t } = useLang();
  const [armed, setArmed] = useState(false);
  const remove = useRemoveUser();
  if (!armed) {
    return (
      <button type="button" className="button button--quiet" onClick={() => setArmed(true)}>
        {t("admin.remove")}
        <span className="visually-hidden"> {username}</span>
      </button>
    );
  }
  return (
    <span className="buttons">
      <button type="button" className="button button--danger" disabled={remove.isPending} onClick={() => remove.mutate({ username })}>
        {t("admin.confirmRemove", { username })}
      </button>
      <button type="button" className="button" onClick={() => setArmed(false)}>
        {t("admin.cancel")}
      </button>
    </span>
  );
}

/** Save text as a file through a temporary object URL (no inline script: CSP-safe). */
function download(filename: string, contentType: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: contentType }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AdminPage() {
  const { t, lang } = useLang();
  const { user: me } = useSession();
  const users = useUsers();
  const [actor, setActor] = useState("");
  const [ok, setOk] = useState("");
  const filters = { ...(actor.trim() ? { actor: actor.trim() } : {}), ...(ok ? { ok: ok === "ok" } : {}) };
  const audit = useAudit(filters);
  const csv = useAuditCsv();
  const actorId = useId();

  return (
    <Page title={t("admin.title")}>
      <section aria-labelledby="admin-users" className="page">
        <h3 id="admin-users">{t("admin.users")}</h3>
        <QueryState query={users} procedure="admin.users">
          {(rows) => (
            <div className="table-wrap">
              <table className="rf-table" data-testid="users">
                <caption className="visually-hidden">{t("admin.users")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.username")}</th>
                    <th scope="col">{t("admin.role")}</th>
                    <th scope="col">{t("admin.network")}</th>
                    <th scope="col">{t("admin.shelter")}</th>
                    <th scope="col">{t("admin.created")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("admin.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((u) => (
                    <tr key={u.username}>
                      <th scope="row">{u.username}</th>
                      <td>{roleLabels[u.role][lang]}</td>
                      <td>{u.network_code ?? ""}</td>
                      <td>{u.shelter_code ?? ""}</td>
                      <td>{formatDate(u.created_at, lang)}</td>
                      <td>{u.username === me?.username ? null : <RemoveButton username={u.username} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        <AddUserForm />
        <p className="muted">{t("admin.usersHint")}</p>
      </section>

      <section aria-labelledby="admin-audit" className="page">
        <h3 id="admin-audit">{t("admin.audit")}</h3>
        <div className="filters" role="group" aria-label={t("filters.title")}>
          <div className="field">
            <label htmlFor={actorId}>{t("admin.actor")}</label>
            <input id={actorId} value={actor} onChange={(e) => setActor(e.target.value)} autoCapitalize="none" spellCheck={false} />
          </div>
          <SelectField
            label={t("admin.result")}
            value={ok}
            onChange={setOk}
            options={[
              { value: "", label: t("filters.all") },
              { value: "ok", label: t("admin.ok") },
              { value: "failed", label: t("admin.failed") },
            ]}
          />
          <button
            type="button"
            className="button"
            disabled={csv.isPending}
            onClick={() => csv.mutate({ limit: 5000, ...filters }, { onSuccess: (r) => download(r.filename, r.contentType, r.csv) })}
          >
            {t("admin.exportCsv")}
          </button>
        </div>
        {csv.error ? <p role="alert" className="notice notice--error">{errorMessage(csv.error, lang)}</p> : null}
        <QueryState query={audit} procedure="admin.audit">
          {(rows) => (
            <div className="table-wrap">
              <table className="rf-table">
                <caption className="visually-hidden">{t("admin.audit")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.when")}</th>
                    <th scope="col">{t("admin.actor")}</th>
                    <th scope="col">{t("admin.action")}</th>
                    <th scope="col">{t("admin.target")}</th>
                    <th scope="col">{t("admin.result")}</th>
                    <th scope="col">{t("admin.detail")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <td>{formatDate(r.at, lang, true)}</td>
                      <td>{r.actor}</td>
                      <td>{r.action}</td>
                      <td>{r.target ?? ""}</td>
                      <td>
                        <span className="status" data-status={r.ok ? "done" : "blocked"}>{r.ok ? t("admin.ok") : t("admin.failed")}</span>
                      </td>
                      <td className="detail">{r.detail ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
    </Page>
  );
}
