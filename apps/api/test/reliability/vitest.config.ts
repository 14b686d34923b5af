// The reliability suite (`npm run test:reliability`): attacks and faults against the real server
// on 127.0.0.1, bounded in time and count. Not part of `npm test` (its files are *.reliability.ts,
// which the default config does not include); files run one after another so their timings
// (stall times) are not skewed by each other.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/reliability/**/*.reliability.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
