// Rendering helpers for the dashboard's component tests (jsdom): the real language provider,
// and Testing Library's cleanup (vitest runs without globals, so it is not registered for us).
import { act, cleanup, render, type RenderResult } from "@testing-library/react";
import { createBrowserHistory, createRootRoute, createRouter, RouterProvider } from "@tanstack/react-router";
import { parseDashboardSearch } from "@refugio/schemas";
import type { ReactElement } from "react";
import { afterEach } from "vitest";
import { LanguageSwitch } from "@refugio/ui";
import { LangProvider, useLang } from "../i18n/LangContext";
import type { Lang } from "../i18n/translate";
import { parseSearch, setActiveRouter, stringifySearch } from "../lib/router";

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

/**
 * Render inside a TanStack router on jsdom's address (as the app does, with the same search
 * parsing and validation), for components that read or write the filters. Returns the router.
 */
export async function renderWithRouter(ui: ReactElement, lang: Lang = "es") {
  const rootRoute = createRootRoute({
    component: () => ui,
    validateSearch: (search: Record<string, unknown>) => parseDashboardSearch(search),
    notFoundComponent: () => null,
  });
  const router = createRouter({ routeTree: rootRoute, parseSearch, stringifySearch, history: createBrowserHistory() });
  setActiveRouter(router);
  await router.load();
  let result: RenderResult | undefined;
  await act(async () => {
    result = renderWithLang(<RouterProvider router={router} />, lang);
    await Promise.resolve();
  });
  if (!result) throw new Error("not rendered");
  return { ...result, router };
}
