// Re-render a harness report from its report.json: the targets are stated again from the entries
// (e.g. after the lead merges another measurement's entry, such as `export`, into the file).
//   npx tsx bench/render.ts DIR [BASELINE_REPORT.json]
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readBaseline } from "./lib/baseline";
import { targets } from "./lib/targets";
import { writeReport, type Report } from "./lib/report";

const dir = resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? ".");
const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Report;
const baseline = process.argv[3] ? readBaseline(resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[3])) : undefined;
writeReport(dir, { ...report, targets: targets(report.entries, report.stays, baseline) });
process.stderr.write(`rewritten: ${join(dir, "report.md")}\n`);
