import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["./src/test/setup.ts"],
    // Role queries over chart SVGs are slow in jsdom; the shared machine is busy: 5 s flakes.
    testTimeout: 30_000,
  },
});
