import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@refugio/ui/styles.css";
import "./styles.css";
import { LangProvider } from "./i18n/LangContext";
import { queryClient } from "./lib/trpc";
import { createAppRouter } from "./routeTree";
import { SessionProvider } from "./session/SessionContext";

const root = document.getElementById("root");
if (!root) throw new Error("missing #root");

const router = createAppRouter();

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
