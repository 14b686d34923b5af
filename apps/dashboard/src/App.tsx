import { Outlet, useRouterState } from "@tanstack/react-router";
import { Suspense, useEffect, useRef } from "react";
import { AppShell, LanguageSwitch, ProgressBar, Skeleton } from "@refugio/ui";
import { roleLabels } from "@refugio/schemas";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { Page, requestHeadingFocus } from "./components/Page";
import { useTableScrollHints } from "./components/useTableScrollHints";
import { useLang } from "./i18n/LangContext";
import { pageForPath, pagesFor, titleKey } from "./lib/access";
import { useFormatCountry } from "./lib/locale";
import { Link, useFilters, useLocation } from "./lib/router";
import { ChangePasswordPage } from "./routes/signin/ChangePasswordPage";
import { SignInPage } from "./routes/signin/SignInPage";
import { useSession, useUserNetwork } from "./session/SessionContext";

/** The shell around every page (the root route): navigation, access rules, the page in place. */
export function App() {
  const { user: account, mustChangePassword, loading, signOut } = useSession();
  // An account whose password an admin set sees only the change-password page (the server
  // refuses it everything else): nothing below asks the server for anything until it is changed.
  const user = mustChangePassword ? null : account;
  const { t, lang, setLang } = useLang();
  const { path } = useLocation();
  // The path of the page on screen: while a lazily loaded page's code arrives, the address has
  // changed but the previous page is still shown; focus waits for the new one.
  const resolvedPath = useRouterState({ select: (s) => s.resolvedLocation?.pathname ?? s.location.pathname });
  const shownPath = useRef(resolvedPath);

  const network = useUserNetwork(user);
  // Numbers and dates of this screen follow the country of the network in view.
  const filters = useFilters();
  useFormatCountry(user !== null, filters.network ?? network);
  useTableScrollHints(t("app.tableScroll"));
  const page = pageForPath(path);
  const allowed = user ? pagesFor(user.role, network) : [];
  const current = page && allowed.some((p) => p.id === page.id) ? page : undefined;

  useEffect(() => {
    document.title = `${t(titleKey(page, current))} · Refugio`;
  }, [page, current, t]);

  // Move focus to the new page's heading after navigation so screen readers announce it; not on
  // first load, where focus belongs at the top of the document. Pages loaded lazily take the
  // focus when their heading mounts (see Page).
  // Signed out, the address may change (sign-out goes to "/"): the page after the next sign-in
  // is a first load too, so no request is left pending for it.
  const signedIn = user !== null;
  useEffect(() => {
    if (shownPath.current === resolvedPath) return;
    shownPath.current = resolvedPath;
    if (signedIn) requestHeadingFocus();
  }, [resolvedPath, signedIn]);

  if (loading) {
    return (
      <div className="boot">
        <ProgressBar lang={lang} label={t("app.loading")} />
      </div>
    );
  }
  if (account && mustChangePassword) return <ChangePasswordPage />;
  if (!user) return <SignInPage />;

  const nav = (
    <ul className="nav">
      {allowed.map((p) => (
        <li key={p.id}>
          <Link to={p.path} keepFilters aria-current={current?.id === p.id ? "page" : undefined} data-page={p.id}>
            {t(p.label)}
          </Link>
        </li>
      ))}
    </ul>
  );
  const actions = (
    <>
      <span className="who">{t("app.signedInAs", { user: user.username, role: roleLabels[user.role][lang] })}</span>
      <LanguageSwitch lang={lang} onChange={setLang} />
      <button type="button" className="button button--quiet" onClick={() => void signOut()}>
        {t("app.signOut")}
      </button>
    </>
  );

  return (
    <AppShell title="Refugio" nav={nav} actions={actions} lang={lang} footer={<p>{t("app.footer")}</p>}>
      {current ? (
        <ErrorBoundary resetKey={path} message={t("app.crashed")} retryLabel={t("app.reload")}>
          {/* A page's code on first use: a page-shaped placeholder (heading, filters, a chart). */}
          <Suspense fallback={<Skeleton shape="chart" lang={lang} label={t("app.loading")} />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      ) : (
        <Page title={page ? t("app.forbidden") : t("app.notFound")} intro={t("app.notFoundBody")} />
      )}
    </AppShell>
  );
}
