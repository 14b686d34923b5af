// Rendering helpers for the dashboard's component tests (jsdom): the real language provider,
// and Testing Library's cleanup (vitest runs without globals, so it is not registered for us).
import { cleanup, render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { afterEach } from "vitest";
import { LanguageSwitch } from "@refugio/ui";
import { LangProvider, useLang } from "../i18n/LangContext";
import type { Lang } from "../i18n/translate";

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

/** Render inside LangProvider, starting in `lang` (the provider reads the stored choice). */
export function renderWithLang(ui: ReactElement, lang: Lang = "es"): RenderResult {
  window.localStorage.setItem("refugio.lang", lang);
  return render(<LangProvider>{ui}</LangProvider>);
}

/** The app's language switch, for pages that do not draw one themselves. */
export function LangSwitch() {
  const { lang, setLang } = useLang();
  return <LanguageSwitch lang={lang} onChange={setLang} />;
}
