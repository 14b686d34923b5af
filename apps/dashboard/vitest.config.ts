import { defineConfig } from "vitest/config";
import { contractFiles } from "./contract-files";

export default defineConfig({
  // The Upload page imports the template list the plugin provides.
  plugins: [contractFiles()],
  test: {
    include: ["src/**/*.test.{ts,tsx}", "e2e/**/*.e2e.test.ts"],
    environment: "node",
    // The end-to-end test builds a demo database, starts the server and drives Chromium.
    testTimeout: 180_000,
    // Generous: the demo load competes with other test suites for two cores in CI.
    hookTimeout: 600_000,
    maxWorkers: 2,
  },
});
