import { lazy, Suspense, useEffect, useRef, type ComponentType, type ReactNode } from "react";
import { AppShell, LanguageSwitch, ProgressBar } from "@refugio/ui";
import { roleLabels } from "@refugio/schemas";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { Page, requestHeadingFocus } from "./components/Page";
import { useLang } from "./i18n/LangContext";
import { pageForPath, pagesFor, titleKey, type PageId } from "./lib/access";
import { Link, useLocation } from "./lib/router";
import { OverviewPage } from "./routes/overview/OverviewPage";
import { SignInPage } from "./routes/signin/SignInPage";
import { useSession, useUserNetwork } from "./session/SessionContext";

// The overview ships with the first bundle; other pages (and the chart library) load on first use.
const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const pageComponents: Record<PageId, ComponentType> = {
  overview: OverviewPage,
  compare: named(() => import("./routes/compare/ComparePage"), "ComparePage"),
  trends: named(() => import("./routes/trends/TrendsPage"), "TrendsPage"),
  benchmark: named(() => import("./routes/benchmark/BenchmarkPage"), "BenchmarkPage"),
  recommendations: named(() => import("./routes/recommendations/RecommendationsPage"), "RecommendationsPage"),
  compliance: named(() => import("./routes/compliance/CompliancePage"), "CompliancePage"),
  upload: named(() => import("./routes/upload/UploadPage"), "UploadPage"),
  exports: named(() => import("./routes/exports/ExportsPage"), "ExportsPage"),
  admin: named(() => import("./routes/admin/AdminPage"), "AdminPage"),
  report: named(() => import("./routes/report/ReportPage"), "ReportPage"),
};

export function App() {
  const { user, loading, signOut } = useSession();
  const { t, lang, setLang } = useLang();
  const { path } = useLocation();
  const shownPath = useRef(path);

  const network = useUserNetwork(user);
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
    if (shownPath.current === path) return;
    shownPath.current = path;
    if (signedIn) requestHeadingFocus();
  }, [path, signedIn]);

  if (loading) {
    return (
      <div className="boot">
        <ProgressBar lang={lang} label={t("app.loading")} />
      </div>
    );
  }
  if (!user) return <SignInPage />;

  const nav = (
    <ul className="nav">
      {allowed.map((p) => (
        <li key={p.id}>
          <Link to={p.path} aria-current={current?.id === p.id ? "page" : undefined} data-page={p.id}>
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
          <Suspense fallback={<ProgressBar lang={lang} label={t("app.loading")} />}>
            <CurrentPage component={pageComponents[current.id]} />
          </Suspense>
        </ErrorBoundary>
      ) : (
        <Page title={page ? t("app.forbidden") : t("app.notFound")} intro={t("app.notFoundBody")} />
      )}
    </AppShell>
  );
}

function CurrentPage({ component: Component }: { component: ComponentType }): ReactNode {
  return <Component />;
}
