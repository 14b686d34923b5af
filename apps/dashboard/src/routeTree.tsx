// The dashboard's routes (TanStack Router, code-based): one route per page of lib/access.ts,
// under a root that draws the shell and applies the access rules. The overview ships with the
// first bundle; other pages (and the chart library) load on first use.
import { createRootRoute, createRoute, createRouter, lazyRouteComponent as named, type RouteComponent, type RouterHistory } from "@tanstack/react-router";
import { parseDashboardSearch } from "@refugio/schemas";
import { App } from "./App";
import { pages, type PageId } from "./lib/access";
import { parseSearch, setActiveRouter, stringifySearch } from "./lib/router";
import { OverviewPage } from "./routes/overview/OverviewPage";

const pageComponents: Record<PageId, RouteComponent> = {
  overview: OverviewPage,
  compare: named(() => import("./routes/compare/ComparePage"), "ComparePage"),
  trends: named(() => import("./routes/trends/TrendsPage"), "TrendsPage"),
  benchmark: named(() => import("./routes/benchmark/BenchmarkPage"), "BenchmarkPage"),
  recommendations: named(() => import("./routes/recommendations/RecommendationsPage"), "RecommendationsPage"),
  compliance: named(() => import("./routes/compliance/CompliancePage"), "CompliancePage"),
  upload: named(() => import("./routes/upload/UploadPage"), "UploadPage"),
  exports: named(() => import("./routes/exports/ExportsPage"), "ExportsPage"),
  admin: named(() => import("./routes/admin/AdminPage"), "AdminPage"),
  quality: named(() => import("./routes/quality/QualityPage"), "QualityPage"),
  report: named(() => import("./routes/report/ReportPage"), "ReportPage"),
};

// The root validates the filters for every page: invalid values become "not set", never an error.
const rootRoute = createRootRoute({
  component: App,
  validateSearch: (search: Record<string, unknown>) => parseDashboardSearch(search),
  // The shell draws "not found" itself (App), for unknown paths as for forbidden ones.
  notFoundComponent: () => null,
});

const pageRoutes = pages.map((page) =>
  createRoute({ getParentRoute: () => rootRoute, path: page.path, component: pageComponents[page.id] }),
);

export const routeTree = rootRoute.addChildren(pageRoutes);

/** The app's router; `history` for tests (memory history), the browser's address otherwise. */
export function createAppRouter(history?: RouterHistory) {
  const router = createRouter({
    routeTree,
    parseSearch,
    stringifySearch,
    ...(history ? { history } : {}),
    // Scroll to the top on a new page, as a full page load would.
    scrollRestoration: false,
  });
  setActiveRouter(router);
  return router;
}

export type AppRouter = ReturnType<typeof createAppRouter>;
