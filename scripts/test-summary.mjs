// Sums the Vitest JSON reports of every workspace into one closing line: "N passed, N failed".
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

let passed = 0, failed = 0, skipped = 0;
const lines = [];
for (const dir of ["apps", "packages"]) {
  for (const name of readdirSync(dir)) {
    const folder = join(dir, name);
    // test-results.json from `npm test`; test-results-<suite>.json from the separate suites (privacy).
    const files = existsSync(folder) ? readdirSync(folder).filter((f) => /^test-results(-[a-z]+)?\.json$/.test(f)) : [];
    for (const f of files) {
      const file = join(folder, f);
      const r = JSON.parse(readFileSync(file, "utf8"));
      passed += r.numPassedTests ?? 0;
      failed += r.numFailedTests ?? 0;
      skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
      lines.push(`  ${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
    }
  }
}
console.log(lines.join("\n"));
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
