// `npm run test:privacy` (repository root): the attack suite of issue 12, apart from `npm test`
// (its files end in .attack.ts, which the default config does not pick up) because it builds two
// databases and plays ~1,000 requests against the real server.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    include: ["test/privacy/**/*.attack.ts"],
    testTimeout: 60_000,
    // Building a world and attacking it happens in beforeAll.
    hookTimeout: 200_000,
    // The two worlds run one after the other: 2 cores, DuckDB and the server share them.
    fileParallelism: false,
    maxWorkers: 1,
  },
});
