// What an administrator can do to another account, behind one "Gestionar" toggle per row:
// change its role (with the network or shelter the role needs), reset its password to a
// one-time password shown once, deactivate or reactivate it. The server checks and audits each.
import { roleCodes, roleLabels, type Role } from "@refugio/schemas";
import { useId, useState } from "react";
import { errorMessage } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { usePlaces, useResetPassword, useSetActive, useSetRole } from "./useAdmin";

export interface Account {
  username: string;
  role: Role;
  network_code: string | null;
  shelter_code: string | null;
  active: boolean;
}

export function AccountActions({ account }: { account: Account }) {
  const { t } = useLang();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="account-actions">
      <button type="button" className="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        {t("admin.manage")}
        <span className="visually-hidden"> {account.username}</span>
      </button>
      <div id={panelId} hidden={!open} className="account-actions__panel">
        {open ? (
          <>
            <RoleChange account={account} />
            <PasswordReset username={account.username} />
            <ActiveToggle account={account} />
          </>
        ) : null}
      </div>
    </div>
  );
}

function RoleChange({ account }: { account: Account }) {
  const { t, lang } = useLang();
  const places = usePlaces();
  const setRoleMutation = useSetRole();
  const [role, setRole] = useState<Role>(account.role);
  const [network, setNetwork] = useState(account.network_code ?? "");
  const [shelter, setShelter] = useState(account.shelter_code ?? "");
  const chosenNetwork = network || places.networks[0]?.code || "";
  const chosenShelter = shelter || places.shelters[0]?.code || "";
  return (
    <form
      className="filters"
      aria-label={t("admin.changeRole", { username: account.username })}
      onSubmit={(e) => {
        e.preventDefault();
        setRoleMutation.mutate({
          username: account.username,
          role,
          ...(role === "network_director" ? { network: chosenNetwork } : {}),
          ...(role === "shelter_staff" ? { shelter: chosenShelter } : {}),
        });
      }}
    >
      <SelectField
        label={t("admin.role")}
        value={role}
        onChange={(v) => setRole(roleCodes.find((r) => r === v) ?? account.role)}
        options={roleCodes.map((r) => ({ value: r, label: roleLabels[r][lang] }))}
      />
      {role === "network_director" ? (
        <SelectField label={t("admin.network")} value={chosenNetwork} onChange={setNetwork} options={places.networks.map((n) => ({ value: n.code, label: n.name }))} />
      ) : null}
      {role === "shelter_staff" ? (
        <SelectField label={t("admin.shelter")} value={chosenShelter} onChange={setShelter} options={places.shelters.map((s) => ({ value: s.code, label: s.code }))} />
      ) : null}
      <button type="submit" className="button" disabled={setRoleMutation.isPending}>
        {t("admin.changeRoleButton")}
      </button>
      <div aria-live="polite">
        {setRoleMutation.isSuccess ? <p className="notice notice--ok">{t("admin.roleChanged", { username: account.username })}</p> : null}
        {setRoleMutation.error ? <p role="alert" className="notice notice--error">{errorMessage(setRoleMutation.error, lang)}</p> : null}
      </div>
    </form>
  );
}

function PasswordReset({ username }: { username: string }) {
  const { t, lang } = useLang();
  const reset = useResetPassword();
  return (
    <div className="filters">
      <button type="button" className="button" disabled={reset.isPending} onClick={() => reset.mutate({ username })}>
        {t("admin.resetPassword")}
        <span className="visually-hidden"> {username}</span>
      </button>
      <div aria-live="polite">
        {reset.data ? (
          <p className="notice notice--ok" data-testid="one-time-password">
            {t("admin.oneTimePassword", { username })} <code>{reset.data.password}</code>
          </p>
        ) : null}
        {reset.error ? <p role="alert" className="notice notice--error">{errorMessage(reset.error, lang)}</p> : null}
      </div>
    </div>
  );
}

function ActiveToggle({ account }: { account: Account }) {
  const { t, lang } = useLang();
  const { deactivate, reactivate } = useSetActive();
  const m = account.active ? deactivate : reactivate;
  return (
    <div className="filters">
      <button type="button" className={account.active ? "button button--danger" : "button"} disabled={m.isPending} onClick={() => m.mutate({ username: account.username })}>
        {account.active ? t("admin.deactivate") : t("admin.reactivate")}
        <span className="visually-hidden"> {account.username}</span>
      </button>
      {m.error ? <p role="alert" className="notice notice--error">{errorMessage(m.error, lang)}</p> : null}
    </div>
  );
}
