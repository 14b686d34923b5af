// Sums the Vitest JSON reports of every workspace into one closing line: "N passed, N failed".
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

let passed = 0, failed = 0, skipped = 0;
const lines = [];
for (const dir of ["apps", "packages"]) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, "test-results.json");
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, "utf8"));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    lines.push(`  ${join(dir, name)}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
console.log(lines.join("\n"));
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
