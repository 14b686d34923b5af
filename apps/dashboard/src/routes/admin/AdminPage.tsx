import { auditActionLabels, roleLabels, type AuditAction } from "@refugio/schemas";
import { useEffect, useId, useRef, useState } from "react";
import { Page } from "../../components/Page";
import { useNetworkName } from "../../components/NetworkFilter";
import { errorMessage, QueryState } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { download } from "../../lib/download";
import { formatDate } from "../../lib/format";
import { useSession } from "../../session/SessionContext";
import { AccountActions } from "./AccountActions";
import { AddUserForm } from "./AddUserForm";
import { BackupSection } from "./BackupSection";
import { RegistrySection } from "./RegistrySection";
import { useAudit, useAuditCsv, useRemoveUser, useUsers } from "./useAdmin";

/**
 * Two steps, so a stray click or key press cannot remove an account. Focus follows the buttons
 * as they swap: to "Confirm" when armed, back to "Remove" on cancel, and to `onRemoved`'s target
 * once the account (and so this row) is gone.
 */
export function RemoveButton({ username, onRemoved }: { username: string; onRemoved?: (username: string) => void }) {
  const { t, lang } = useLang();
  const [armed, setArmed] = useState(false);
  const remove = useRemoveUser();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  // Which button should hold focus after the swap renders (null: leave focus alone).
  const focusNext = useRef<"confirm" | "remove" | null>(null);
  useEffect(() => {
    const target = focusNext.current === "confirm" ? confirmRef.current : focusNext.current === "remove" ? removeRef.current : null;
    focusNext.current = null;
    target?.focus();
  }, [armed]);
  const swap = (next: boolean) => {
    focusNext.current = next ? "confirm" : "remove";
    setArmed(next);
  };
  if (!armed) {
    return (
      <button ref={removeRef} type="button" className="button button--quiet" onClick={() => swap(true)}>
        {t("admin.remove")}
        <span className="visually-hidden"> {username}</span>
      </button>
    );
  }
  return (
    <span className="buttons">
      {/* aria-disabled, not disabled, while removing: a disabled button would drop focus to <body>. */}
      <button
        ref={confirmRef}
        type="button"
        className="button button--danger"
        aria-disabled={remove.isPending || undefined}
        onClick={() => {
          if (remove.isPending) return;
          remove.mutate({ username }, { onSuccess: () => onRemoved?.(username) });
        }}
      >
        {t("admin.confirmRemove", { username })}
      </button>
      <button type="button" className="button" onClick={() => swap(false)}>
        {t("admin.cancel")}
        <span className="visually-hidden"> {username}</span>
      </button>
      {remove.error ? (
        <span role="alert" className="notice notice--error">
          {errorMessage(remove.error, lang)}
        </span>
      ) : null}
    </span>
  );
}

/** An audit row's detail (a JSON object) as "key: value; …" rather than raw JSON. */
export function detailText(detail: string | null): string {
  if (!detail) return "";
  try {
    const parsed: unknown = JSON.parse(detail);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return detail;
    return Object.entries(parsed)
      .map(([k, v]) => `${k}: ${v !== null && typeof v === "object" ? JSON.stringify(v) : String(v)}`)
      .join("; ");
  } catch {
    return detail;
  }
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
  const networkName = useNetworkName();
  const usersHeading = useRef<HTMLHeadingElement>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  // The removed account's row is gone with its buttons: announce it and continue from the list's heading.
  const onRemoved = (username: string) => {
    setRemoved(username);
    usersHeading.current?.focus();
  };

  return (
    <Page title={t("admin.title")}>
      <section aria-labelledby="admin-users" className="page">
        <h3 id="admin-users" ref={usersHeading} tabIndex={-1}>
          {t("admin.users")}
        </h3>
        <p role="status" className={removed ? "notice notice--ok" : "visually-hidden"}>
          {removed ? t("admin.removed", { username: removed }) : ""}
        </p>
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
                    <th scope="col">{t("admin.state")}</th>
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
                      <td>{u.network_code ? networkName(u.network_code) : ""}</td>
                      <td>{u.shelter_code ?? ""}</td>
                      <td>{formatDate(u.created_at, lang)}</td>
                      <td>
                        <span className="status" data-status={u.active ? "done" : "blocked"}>{u.active ? t("admin.active") : t("admin.inactive")}</span>
                      </td>
                      <td>
                        {u.username === me?.username ? null : (
                          <>
                            <AccountActions account={u} />
                            <RemoveButton username={u.username} onRemoved={onRemoved} />
                          </>
                        )}
                      </td>
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

      <RegistrySection />
      <BackupSection />

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
                      <td title={r.action}>{Object.hasOwn(auditActionLabels, r.action) ? auditActionLabels[r.action as AuditAction][lang] : r.action}</td>
                      <td>{r.target ?? ""}</td>
                      <td>
                        <span className="status" data-status={r.ok ? "done" : "blocked"}>{r.ok ? t("admin.ok") : t("admin.failed")}</span>
                      </td>
                      <td className="detail">{detailText(r.detail)}</td>
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
