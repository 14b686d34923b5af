import { useEffect, useRef, type ReactNode } from "react";
import { AppShell, LanguageSwitch, ProgressBar } from "@refugio/ui";
import { roleLabels } from "@refugio/schemas";
import { Page } from "./components/Page";
import { useLang } from "./i18n/LangContext";
import { pageForPath, pagesFor, type PageId } from "./lib/access";
import { Link, useLocation } from "./lib/router";
import { AdminPage } from "./routes/admin/AdminPage";
import { BenchmarkPage } from "./routes/benchmark/BenchmarkPage";
import { ComparePage } from "./routes/compare/ComparePage";
import { CompliancePage } from "./routes/compliance/CompliancePage";
import { OverviewPage } from "./routes/overview/OverviewPage";
import { RecommendationsPage } from "./routes/recommendations/RecommendationsPage";
import { SignInPage } from "./routes/signin/SignInPage";
import { TrendsPage } from "./routes/trends/TrendsPage";
import { UploadPage } from "./routes/upload/UploadPage";
import { useSession, useUserNetwork } from "./session/SessionContext";

const pageComponents: Record<PageId, () => ReactNode> = {
  overview: () => <OverviewPage />,
  compare: () => <ComparePage />,
  trends: () => <TrendsPage />,
  benchmark: () => <BenchmarkPage />,
  recommendations: () => <RecommendationsPage />,
  compliance: () => <CompliancePage />,
  upload: () => <UploadPage />,
  admin: () => <AdminPage />,
};

export function App() {
  const { user, loading, signOut } = useSession();
  const { t, lang, setLang } = useLang();
  const { path } = useLocation();
  const firstRender = useRef(true);

  const network = useUserNetwork(user);
  const page = pageForPath(path);
  const allowed = user ? pagesFor(user.role, network) : [];
  const current = page && allowed.some((p) => p.id === page.id) ? page : undefined;

  // Move focus to the new page's heading after navigation so screen readers announce it;
  // not on first load, where focus belongs at the top of the document.
  useEffect(() => {
    document.title = `${current ? t(current.label) : t("app.notFound")} · Refugio`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>("[data-page-heading]");
    (heading ?? document.getElementById("rf-main"))?.focus();
  }, [path, current, t]);

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
        pageComponents[current.id]()
      ) : (
        <Page title={page ? t("app.forbidden") : t("app.notFound")} intro={t("app.notFoundBody")} />
      )}
    </AppShell>
  );
}
