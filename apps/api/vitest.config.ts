import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB files and child processes: keep files isolated but do not oversubscribe 2 cores.
    maxWorkers: 2,
  },
});
