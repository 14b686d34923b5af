import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@refugio/ui/styles.css";
import "./styles.css";
import { App } from "./App";
import { LangProvider } from "./i18n/LangContext";
import { queryClient } from "./lib/trpc";
import { SessionProvider } from "./session/SessionContext";

const root = document.getElementById("root");
if (!root) throw new Error("missing #root");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LangProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </LangProvider>
    </QueryClientProvider>
  </StrictMode>,
);
