import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "e2e/**/*.e2e.test.ts"],
    environment: "node",
    // The end-to-end test builds a demo database, starts the server and drives Chromium.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
  },
});
