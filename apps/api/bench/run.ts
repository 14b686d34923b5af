// National-scale harness (issue 18): one command, one process tree, one run.
//   npm run bench -- [--stays 1000000] [--out DIR] [--runs 1] [--cold 5] [--warm 10] [--no-postgres] [--no-browser] [--no-export]
//                    [--ingest-cap 600MB | --ingest-cap none]
//                    [--baseline REPORT.json]   (a smaller run: the report states each page's growth)
//   npm run bench -- --only ingest [--stays N] [--out DIR]   (generate + the ingest measures only)
// generate → ingest (1 batch, 40 shelter batches) next to plain read_csv → every page's calls
// through `refugio serve` over HTTP, cold and warm → the same figures by hand-written SQL in plain
// DuckDB and in PostgreSQL 15 → the Overview's cards in Chromium → report.md and report.json.
// One file per measurement in bench/measure/; this file only orders them and states the targets.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { measureOverviewPaint, initialJsKb, type OverviewPaint } from "./measure/browser";
import { dataBounds, measureDuckdbReference } from "./measure/duckdb-reference";
import { measureExport } from "./measure/export";
import { measureIngest } from "./measure/ingest";
import { machineFacts } from "./measure/machine";
import { createBenchUser, measurePages } from "./measure/pages";
import { measurePostgres } from "./measure/postgres";
import { readBaseline } from "./lib/baseline";
import { targets } from "./lib/targets";
import { apiDir, repoRoot } from "./lib/proc";
import { entry, progress, writeReport, type Entry } from "./lib/report";

const { values } = parseArgs({
  options: {
    stays: { type: "string" },
    out: { type: "string" },
    runs: { type: "string" },
    cold: { type: "string" },
    warm: { type: "string" },
    "no-postgres": { type: "boolean" },
    "no-browser": { type: "boolean" },
    "no-export": { type: "boolean" },
    // Each data set is also loaded once with `refugio ingest --memory-limit` this size ("none": not).
    "ingest-cap": { type: "string" },
    keep: { type: "boolean" },
    baseline: { type: "string" },
    only: { type: "string" },
  },
});
const stays = Number(values.stays ?? 1_000_000);
if (!Number.isInteger(stays) || stays < 100) throw new Error(`--stays must be a whole number ≥ 100, got ${values.stays}`);
if (values.only !== undefined && values.only !== "ingest") throw new Error(`--only takes "ingest", got ${values.only}`);
const runs = Number(values.runs ?? 1);
const coldRounds = Number(values.cold ?? 5);
const warmRuns = Number(values.warm ?? 10);
const date = new Date().toISOString();
// Read before the long run starts, so a wrong path fails at once.
const baseline = values.baseline ? readBaseline(resolve(process.env.INIT_CWD ?? process.cwd(), values.baseline)) : undefined;
// --out is relative to where the command was typed (npm runs the script inside apps/api).
const outDir = values.out ? resolve(process.env.INIT_CWD ?? process.cwd(), values.out) : join(apiDir, "bench/reports", `${date.slice(0, 10)}-${stays}`);
mkdirSync(outDir, { recursive: true });
const dashboardDir = join(repoRoot, "apps/dashboard/dist");

const work = mkdtempSync(join(tmpdir(), "refugio-bench-"));
const entries: Entry[] = [];
const skipped: string[] = [];
const loadAtStart = machineFacts().loadavg_1_5_15;
try {
  progress(`national-scale harness: ${stays.toLocaleString("en")} stays, work folder ${work}, report to ${outDir}`);
  const cap = values["ingest-cap"] ?? "600MB";
  const ingest = await measureIngest(work, stays, runs, cap === "none" ? undefined : cap);
  entries.push(...ingest.entries);
  if (values.only === "ingest") {
    // The ingest measures alone (a change to the loader is compared before/after without the pages).
    skipped.push("pages, references, browser and export skipped (--only ingest)");
    const report = { stays, date, machine: machineFacts({ loadavg_at_start: loadAtStart, rows_loaded: ingest.rows }), entries, targets: targets(entries, stays).filter((t) => t.target.startsWith("ingest")), skipped };
    process.stdout.write(writeReport(outDir, report));
    progress(`report written: ${join(outDir, "report.md")}`);
    if (!values.keep) rmSync(work, { recursive: true, force: true });
    process.exit(0);
  }

  await createBenchUser(ingest.db);
  const browserWanted = !values["no-browser"];
  if (browserWanted && !existsSync(join(dashboardDir, "index.html"))) {
    progress("building the dashboard (apps/dashboard/dist is missing)");
    execFileSync("npm", ["run", "build", "-w", "@refugio/dashboard"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  }
  progress(`pages: ${coldRounds} cold rounds (fresh server each), ${warmRuns} warm runs`);
  const pages = await measurePages(ingest.db, { coldRounds, warmRuns, dashboardDir: browserWanted ? dashboardDir : null });
  await pages.server.stop();

  const bounds = await dataBounds(ingest.db);
  progress(`duckdb reference SQL over ${bounds.from} … ${bounds.to}`);
  const duck = await measureDuckdbReference(ingest.db, bounds, coldRounds);
  const pgResult = values["no-postgres"] ? "PostgreSQL skipped (--no-postgres)" : await measurePostgres(ingest.db, bounds, coldRounds);
  if (typeof pgResult === "string") {
    skipped.push(pgResult);
    progress(pgResult);
  } else {
    entries.push(entry("load:postgresql", "ms", [pgResult.loadMs], undefined, `PostgreSQL ${pgResult.version}: COPY of the reference tables + VACUUM ANALYZE`));
  }
  for (const e of pages.entries) {
    const page = e.name;
    const cold = pages.cold.get(page);
    const refs = [
      ["duckdb", duck.get(page)],
      ["postgresql", typeof pgResult === "string" ? undefined : pgResult.times.get(page)],
    ] as const;
    if (cold && refs.some(([, s]) => s)) {
      for (const [reference, samples] of refs) if (samples) entries.push(entry(page, "ms", cold, { reference, samples }, e.note));
    } else entries.push(e);
  }

  let paint: OverviewPaint | string = "browser skipped (--no-browser)";
  if (browserWanted) {
    entries.push(entry("dashboard:initial-js", "kB", [initialJsKb(dashboardDir)], undefined, "gzip, the scripts index.html loads"));
    paint = await measureOverviewPaint(ingest.db, dashboardDir, pages.session.cookie, Math.min(coldRounds, 3));
  }
  if (typeof paint === "string") skipped.push(paint);
  else {
    entries.push(entry("browser:overview-cards", "ms", paint.cards, undefined, "navigation → all 7 cards with values, fresh server"));
    entries.push(entry("browser:overview-query-sent", "ms", paint.sent, undefined, "navigation → the headline indicators.values request sent"));
    entries.push(entry("browser:overview-query-answered", "ms", paint.answered, undefined, "navigation → its answer received"));
  }

  if (values["no-export"]) skipped.push("export skipped (--no-export)");
  else {
    progress("research export at k = 5 next to a plain COPY to Parquet");
    const ex = await measureExport(ingest.db, work, runs);
    entries.push(entry("export", "ms", ex.exportMs, { reference: "duckdb", samples: ex.plainMs }, `research export (CSV + Parquet + codebook + manifest, zipped) vs plain DuckDB COPY of the same rows to Parquet; ${ex.note}`));
  }

  const report = {
    stays,
    date,
    machine: machineFacts({ loadavg_at_start: loadAtStart, rows_loaded: ingest.rows, period: bounds }),
    entries,
    targets: targets(entries, stays, baseline),
    skipped,
  };
  const md = writeReport(outDir, report);
  process.stdout.write(md);
  progress(`report written: ${join(outDir, "report.md")}`);
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
