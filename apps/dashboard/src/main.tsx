import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { parseDashboardSearch } from "@refugio/schemas";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@refugio/ui/styles.css";
import "./styles.css";
import { LangProvider } from "./i18n/LangContext";
import { queryClient } from "./lib/trpc";
import { createAppRouter } from "./routeTree";
import { pageForPath } from "./lib/access";
import { prefetchOverview } from "./routes/overview/useOverview";
import { SessionProvider } from "./session/SessionContext";

const root = document.getElementById("root");
if (!root) throw new Error("missing #root");

const router = createAppRouter();
// The Overview's figures are asked beside auth.me, not after it (see prefetchOverview).
const { pathname, search } = router.state.location;
if (pageForPath(pathname)?.id === "overview") prefetchOverview(parseDashboardSearch(search));

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LangProvider>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </LangProvider>
    </QueryClientProvider>
  </StrictMode>,
);
