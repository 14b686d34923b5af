import { roleCodes, roleLabels, type Role } from "@refugio/schemas";
import { FormField } from "@refugio/ui";
import { useId, useState, type FormEvent } from "react";
import { errorMessage } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import { useAddUser, usePlaces } from "./useAdmin";

/** New account; the server checks the password rules and that the network or shelter exists. */
export function AddUserForm() {
  const { t, lang } = useLang();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("shelter_staff");
  const [network, setNetwork] = useState("");
  const [shelter, setShelter] = useState("");
  const places = usePlaces();
  const add = useAddUser();
  const titleId = useId();
  const chosenNetwork = network || places.networks[0]?.code || "";
  const chosenShelter = shelter || places.shelters[0]?.code || "";
  const networkName = (code: string) => places.networks.find((n) => n.code === code)?.name ?? code;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      {
        username: username.trim(),
        password,
        role,
        ...(role === "network_director" ? { network: chosenNetwork } : {}),
        ...(role === "shelter_staff" ? { shelter: chosenShelter } : {}),
      },
      {
        onSuccess: () => {
          setUsername("");
          setPassword("");
        },
      },
    );
  };

  return (
    <form className="form form--wide" onSubmit={submit} aria-labelledby={titleId}>
      <h4 id={titleId}>{t("admin.addUser")}</h4>
      <div className="filters">
        <FormField label={t("admin.username")} lang={lang}>
          {(control) => <input {...control} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} required />}
        </FormField>
        <FormField label={t("signin.password")} lang={lang} hint={t("admin.passwordHint")}>
          {(control) => <input {...control} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" minLength={12} required />}
        </FormField>
        <SelectField
          label={t("admin.role")}
          value={role}
          onChange={(v) => setRole(roleCodes.find((r) => r === v) ?? "shelter_staff")}
          options={roleCodes.map((r) => ({ value: r, label: roleLabels[r][lang] }))}
        />
        {role === "network_director" ? (
          <SelectField label={t("admin.network")} value={chosenNetwork} onChange={setNetwork} options={places.networks.map((n) => ({ value: n.code, label: n.name }))} />
        ) : null}
        {role === "shelter_staff" ? (
          <SelectField label={t("admin.shelter")} value={chosenShelter} onChange={setShelter} options={places.shelters.map((s) => ({ value: s.code, label: `${s.code} (${networkName(s.network)})` }))} />
        ) : null}
      </div>
      <div aria-live="polite">
        {add.isSuccess ? <p className="notice notice--ok">{t("admin.added")}</p> : null}
        {add.error ? (
          <p role="alert" className="notice notice--error">
            {errorMessage(add.error, lang)}
          </p>
        ) : null}
      </div>
      <div className="buttons">
        <button type="submit" className="button button--primary" disabled={add.isPending}>
          {t("admin.addUser")}
        </button>
      </div>
    </form>
  );
}
