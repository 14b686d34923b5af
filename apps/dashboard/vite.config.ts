import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { contractFiles } from "./contract-files";

// The API (`refugio serve`) listens on 8787; in development Vite proxies to it so the browser
// sees one origin, exactly as in production where the API serves the built dashboard.
const api = process.env.REFUGIO_API_URL ?? "http://127.0.0.1:8787";

export default defineConfig({
  plugins: [react(), contractFiles()],
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      "/trpc": { target: api, changeOrigin: false },
      "/healthz": { target: api, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // @refugio/ui is a barrel without a `sideEffects` flag; its components have none (styles
      // are imported on their own), so unused charts can be dropped from the first bundle.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]packages[\\/]ui[\\/]src[\\/].*\.tsx?$/.test(id) },
      output: {
        // The chart library and its helpers in their own chunk, fetched by the pages that draw
        // charts, so the sign-in page and the overview load without it.
        codeSplitting: {
          groups: [
            // React first, so the charts group (which takes its members' dependencies) leaves it out.
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
            // The router (every page needs it) with the small helpers it shares with the chart
            // library, so that loading it never pulls the charts chunk into the first load.
            { name: "router", test: /node_modules[\\/](@tanstack[\\/](react-router|router-core|history|react-store|store)|use-sync-external-store|tiny-invariant|tiny-warning|isbot|cookie-es|seroval|seroval-plugins)[\\/]/, priority: 2 },
            {
              name: "charts",
              test: /node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|internmap|decimal\.js-light|es-toolkit|eventemitter3|immer|redux|react-redux|reselect|redux-thunk|@reduxjs|tiny-invariant|use-sync-external-store|clsx|react-is)[\\/]/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
});
