import { useEffect, useRef, useState, type FormEvent } from "react";
import { FormField } from "@refugio/ui";
import { SignInShell } from "./SignInShell";
import { errorMessage } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { useSession } from "../../session/SessionContext";

/** Sign-in form: the only page a signed-out visitor sees, in either language. */
export function SignInPage() {
  const { t, lang } = useLang();
  const { signIn, signingIn } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  // The problem, not its text: the message is translated at render, so it follows the language.
  const [error, setError] = useState<{ kind: "required"; field: "username" | "password" } | { kind: "failed"; cause: unknown } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t("signin.title")} · Refugio`;
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError({ kind: "required", field: username.trim() ? "password" : "username" });
      // To the first empty field, which now describes the problem.
      (username.trim() ? passRef : userRef).current?.focus();
      return;
    }
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (e) {
      setPassword("");
      setError({ kind: "failed", cause: e });
      // The submit button was disabled while signing in, which drops focus to the document:
      // bring it to the emptied password field, which is described by the error.
      passRef.current?.focus();
    }
  };

  // The field the error describes: the one focused after it.
  const errorOn = error === null ? null : error.kind === "required" ? error.field : "password";
  const errorText =
    error === null
      ? null
      : error.kind === "required"
        ? t("signin.required")
        : t("signin.failed", { message: errorMessage(error.cause, lang) });

  return (
    <SignInShell title={t("signin.title")} intro={t("signin.intro")} headingRef={headingRef}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate >
        {/* The error sits under the field that gets focus (the first empty one, or the password
            after a refusal), which it describes; "required" is on the inputs, not in the labels. */}
        <FormField label={t("signin.username")} lang={lang} error={errorOn === "username" ? errorText : undefined}>
          {(control) => (
            <input
              {...control}
              ref={userRef}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </FormField>
        <FormField label={t("signin.password")} lang={lang} error={errorOn === "password" ? errorText : undefined}>
          {(control) => (
            <input
              {...control}
              ref={passRef}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </FormField>
        <button type="submit" className="button button--primary" disabled={signingIn}>
          {signingIn ? t("signin.submitting") : t("signin.submit")}
        </button>
      </form>
    </SignInShell>
  );
}
