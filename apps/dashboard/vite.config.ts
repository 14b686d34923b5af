import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API (`refugio serve`) listens on 8787; in development Vite proxies to it so the browser
// sees one origin, exactly as in production where the API serves the built dashboard.
const api = process.env.REFUGIO_API_URL ?? "http://127.0.0.1:8787";

export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      "/trpc": { target: api, changeOrigin: false },
      "/healthz": { target: api, changeOrigin: false },
    },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
