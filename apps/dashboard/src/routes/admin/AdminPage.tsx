import { auditActionLabels, roleLabels, type AuditAction } from "@refugio/schemas";
import { useEffect, useRef, useState } from "react";
import { FormField, Table, type TableColumn } from "@refugio/ui";
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
  const networkName = useNetworkName();
  const usersHeading = useRef<HTMLHeadingElement>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  // The removed account's row is gone with its buttons: announce it and continue from the list's heading.
  const onRemoved = (username: string) => {
    setRemoved(username);
    usersHeading.current?.focus();
  };

  const userColumns: TableColumn<NonNullable<typeof users.data>[number]>[] = [
    { key: "username", header: t("admin.username"), rowHeader: true, cell: (u) => u.username, sortValue: (u) => u.username },
    { key: "role", header: t("admin.role"), cell: (u) => roleLabels[u.role][lang], sortValue: (u) => roleLabels[u.role][lang] },
    { key: "network", header: t("admin.network"), cell: (u) => (u.network_code ? networkName(u.network_code) : ""), sortValue: (u) => (u.network_code ? networkName(u.network_code) : null) },
    { key: "shelter", header: t("admin.shelter"), cell: (u) => u.shelter_code ?? "", sortValue: (u) => u.shelter_code },
    { key: "created", header: t("admin.created"), cell: (u) => formatDate(u.created_at, lang), sortValue: (u) => u.created_at },
    {
      key: "state",
      header: t("admin.state"),
      // A one-time password still in place is shown beside the state: the admin sees who has not
      // yet signed in to choose their own (an account handed over but never used).
      cell: (u) => (
        <span className="buttons">
          <span className="status" data-status={u.active ? "done" : "blocked"}>
            {u.active ? t("admin.active") : t("admin.inactive")}
          </span>
          {u.must_change_password ? (
            <span className="status" data-status="in_progress">
              {t("admin.oneTimePending")}
            </span>
          ) : null}
        </span>
      ),
      sortValue: (u) => `${u.active ? t("admin.active") : t("admin.inactive")}${u.must_change_password ? ` ${t("admin.oneTimePending")}` : ""}`,
    },
    {
      key: "actions",
      header: t("admin.actions"),
      headerContent: <span className="visually-hidden">{t("admin.actions")}</span>,
      cell: (u) =>
        u.username === me?.username ? null : (
          <>
            <AccountActions account={u} />
            <RemoveButton username={u.username} onRemoved={onRemoved} />
          </>
        ),
    },
  ];
  const auditColumns: TableColumn<NonNullable<typeof audit.data>[number]>[] = [
    { key: "at", header: t("admin.when"), cell: (r) => formatDate(r.at, lang, true), sortValue: (r) => r.at },
    { key: "actor", header: t("admin.actor"), cell: (r) => r.actor, sortValue: (r) => r.actor },
    {
      key: "action",
      header: t("admin.action"),
      cell: (r) => <span title={r.action}>{Object.hasOwn(auditActionLabels, r.action) ? auditActionLabels[r.action as AuditAction][lang] : r.action}</span>,
      sortValue: (r) => r.action,
    },
    { key: "target", header: t("admin.target"), cell: (r) => r.target ?? "", sortValue: (r) => r.target },
    {
      key: "result",
      header: t("admin.result"),
      cell: (r) => (
        <span className="status" data-status={r.ok ? "done" : "blocked"}>
          {r.ok ? t("admin.ok") : t("admin.failed")}
        </span>
      ),
    },
    { key: "detail", header: t("admin.detail"), cell: (r) => detailText(r.detail), cellClassName: () => "detail" },
  ];

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
          {(rows) => <Table caption={t("admin.users")} captionHidden columns={userColumns} rows={rows} rowKey={(u) => u.username} lang={lang} testId="users" />}
        </QueryState>
        <AddUserForm />
        <p className="muted">{t("admin.usersHint")}</p>
      </section>

      <RegistrySection />
      <BackupSection />

      <section aria-labelledby="admin-audit" className="page">
        <h3 id="admin-audit">{t("admin.audit")}</h3>
        <div className="filters" role="group" aria-label={t("filters.title")}>
          <FormField label={t("admin.actor")} lang={lang}>
            {(control) => <input {...control} value={actor} onChange={(e) => setActor(e.target.value)} autoCapitalize="none" spellCheck={false} />}
          </FormField>
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
          {(rows) => <Table caption={t("admin.audit")} captionHidden columns={auditColumns} rows={rows} rowKey={(r) => String(r.id)} lang={lang} testId="audit" />}
        </QueryState>
      </section>
    </Page>
  );
}
