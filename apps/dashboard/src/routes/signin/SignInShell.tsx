import type { ReactNode, Ref } from "react";
import { LanguageSwitch } from "@refugio/ui";
import { useLang } from "../../i18n/LangContext";

/**
 * The frame of the pages outside the app (signing in, choosing one's own password): the brand,
 * the language switch and one main region with its heading and introduction.
 */
export function SignInShell({ title, intro, headingRef, children }: { title: string; intro: string; headingRef?: Ref<HTMLHeadingElement>; children: ReactNode }) {
  const { t, lang, setLang } = useLang();
  return (
    <div className="signin" lang={lang}>
      <header className="signin__header">
        <p className="signin__brand">
          Refugio <span className="signin__tagline">· {t("app.tagline")}</span>
        </p>
        <LanguageSwitch lang={lang} onChange={setLang} />
      </header>
      <main id="rf-main" className="signin__main" tabIndex={-1}>
        <h1 ref={headingRef}>{title}</h1>
        <p>{intro}</p>
        {children}
      </main>
    </div>
  );
}
