import { useEffect, useRef, useState, type FormEvent } from "react";
import { FormField } from "@refugio/ui";
import { SignInShell } from "./SignInShell";
import { errorMessage } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import type { MessageKey } from "../../i18n/translate";
import { navigate } from "../../lib/router";
import { useSession } from "../../session/SessionContext";

/** Where an account whose password an admin set is sent after signing in. */
export const CHANGE_PASSWORD_PATH = "/password";

type Field = "current" | "next" | "repeat";

/**
 * The one page of an account whose password an administrator set (a reset or a new account):
 * the server refuses it everything else until it chooses its own. The server checks the rules
 * (length, common passwords, the username); this page says which field is wrong.
 */
export function ChangePasswordPage() {
  const { t, lang } = useLang();
  const { changePassword, changingPassword, signOut } = useSession();
  const [values, setValues] = useState<Record<Field, string>>({ current: "", next: "", repeat: "" });
  // Problems, not their text: messages are translated at render, so they follow the language.
  const [problems, setProblems] = useState<Partial<Record<Field, MessageKey>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const refs = { current: useRef<HTMLInputElement>(null), next: useRef<HTMLInputElement>(null), repeat: useRef<HTMLInputElement>(null) };

  useEffect(() => {
    document.title = `${t("password.title")} · Refugio`;
  }, [t]);
  // The address says where the user is (a reload comes back here until the password is chosen).
  useEffect(() => {
    navigate(CHANGE_PASSWORD_PATH, { replace: true });
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, MessageKey>> = {};
    for (const f of ["current", "next", "repeat"] as const) if (!values[f]) found[f] = "password.required";
    if (!found.next && !found.repeat && values.next !== values.repeat) found.repeat = "password.mismatch";
    if (!found.next && !found.current && values.next === values.current) found.next = "password.same";
    setProblems(found);
    setFailure(null);
    const first = (["current", "next", "repeat"] as const).find((f) => found[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    try {
      await changePassword(values.current, values.next);
    } catch (e) {
      setFailure(e);
      setValues((v) => ({ ...v, next: "", repeat: "" }));
      refs.next.current?.focus();
    }
  };

  const field = (name: Field, label: MessageKey, autoComplete: string, hint?: MessageKey) => (
    <FormField label={t(label)} hint={hint ? t(hint) : undefined} error={problems[name] ? t(problems[name]) : undefined} required lang={lang}>
      {(control) => (
        <input
          {...control}
          ref={refs[name]}
          name={name}
          type="password"
          autoComplete={autoComplete}
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
        />
      )}
    </FormField>
  );

  return (
    <SignInShell title={t("password.title")} intro={t("password.intro")}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="change-password">
        {field("current", "password.current", "current-password")}
        {field("next", "password.next", "new-password", "password.nextHint")}
        {field("repeat", "password.repeat", "new-password")}
        {failure ? (
          <p role="alert" className="notice notice--error">
            {t("password.failed", { message: errorMessage(failure, lang) })}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={changingPassword}>
          {changingPassword ? t("password.submitting") : t("password.submit")}
        </button>
        <button type="button" className="button button--quiet" onClick={() => void signOut()}>
          {t("app.signOut")}
        </button>
      </form>
    </SignInShell>
  );
}
