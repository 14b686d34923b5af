// Ingest benchmark: `refugio ingest` (in-process ingestBatches: checks, typed conversion,
// replace, load_log, facts) against a plain DuckDB read_csv of the same files into tables.
// Usage: npm run bench [-- --stays 200000 --runs 3 --seed 1 --messy]
// Writes bench/reports/ingest-<date>[-<stays>][-messy].md and .json with the medians and their ratio.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { batchTables } from "@refugio/schemas";
import { openDatabase } from "../src/db/connection";
import { createBatchTableSql, quoteIdent } from "../src/db/ddl";
import { ingestBatches } from "../src/ingest/ingest";
import { generateBatches } from "../src/ingest/generate";
import { importRegistry } from "../src/ingest/registry";

const { values } = parseArgs({
  options: {
    stays: { type: "string" },
    runs: { type: "string" },
    seed: { type: "string" },
    messy: { type: "boolean" },
    out: { type: "string" },
    // Read by bench/export.ts, which runs after this one (skip it with --no-export).
    "export-stays": { type: "string" },
    "export-runs": { type: "string" },
    "no-export": { type: "boolean" },
  },
});
const stays = Number(values.stays ?? 200_000);
const runs = Number(values.runs ?? 3);
const seed = Number(values.seed ?? 1);
const messy = values.messy === true;
const here = dirname(fileURLToPath(import.meta.url));
const reportsDir = values.out ?? join(here, "reports");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const seconds = (ms: number) => Math.round(ms) / 1000;
/** Progress phases grouped as the report shows them ("load stays.csv" → "load"). */
const phaseName = (phase: string) => phase.split(" ")[0] ?? phase;

const work = mkdtempSync(join(tmpdir(), "refugio-bench-"));
try {
  const load0 = loadavg()[0] ?? 0;
  const t = performance.now();
  const gen = generateBatches(join(work, "data"), { stays, seed, messy, shelter: "bench-01" });
  const generateMs = performance.now() - t;
  const batch = gen.batchDirs[0] ?? "";
  const files = readdirSync(batch).filter((f) => f.endsWith(".csv"));
  process.stderr.write(`generated ${stays} stays in ${seconds(generateMs)}s\n`);

  const ingestMs: number[] = [];
  const phaseMs: Record<string, number>[] = [];
  const plainMs: number[] = [];
  const keyedMs: number[] = [];
  let rows: Record<string, number> = {};
  /** refugio ingest, into a fresh database holding the registry. */
  const measureIngest = async (run: number) => {
    const dbPath = join(work, `ingest-${run}.duckdb`);
    const db = await openDatabase(dbPath);
    await importRegistry(db.connection, gen.registryFile, { loadedBy: "bench" });
    const start = performance.now();
    // Time per phase, from the ingester's progress events (a phase lasts until the next event).
    const phases: Record<string, number> = {};
    let phase = "open";
    let since = start;
    const report = await ingestBatches(db.connection, [batch], {
      loadedBy: "bench",
      onProgress: (p) => {
        const now = performance.now();
        phases[phase] = (phases[phase] ?? 0) + (now - since);
        phase = phaseName(p.phase);
        since = now;
      },
    });
    ingestMs[run] = performance.now() - start;
    phaseMs[run] = phases;
    db.close();
    rmSync(dbPath, { force: true });
    if (!report.ok) throw new Error(`benchmark batch rejected: ${JSON.stringify(report.problems.slice(0, 5))}`);
    rows = Object.fromEntries(Object.entries(report.tables).map(([k, v]) => [k, v.inserted]));
  };

  /** Plain DuckDB: read_csv with type sniffing straight into tables, one transaction. */
  const measurePlain = async (run: number) => {
    const plainPath = join(work, `plain-${run}.duckdb`);
    const instance = await DuckDBInstance.create(plainPath);
    const conn = await instance.connect();
    const start = performance.now();
    await conn.run("BEGIN TRANSACTION");
    for (const file of files) {
      const table = batchTables.find((x) => `${x.name}.csv` === file);
      if (!table) continue;
      await conn.run(`CREATE TABLE ${quoteIdent(table.name)} AS SELECT * FROM read_csv($p)`, { p: join(batch, file) });
    }
    await conn.run("COMMIT");
    plainMs[run] = performance.now() - start;
    conn.closeSync();
    instance.closeSync();
    rmSync(plainPath, { force: true });
  };

  /**
   * The same read_csv into the stored tables as the schema defines them (typed columns, NOT
   * NULL; no primary keys since 2026-11-23): what any load into this database pays, before any checking.
   */
  const measureKeyed = async (run: number) => {
    const keyedPath = join(work, `keyed-${run}.duckdb`);
    const keyedInstance = await DuckDBInstance.create(keyedPath);
    const keyed = await keyedInstance.connect();
    for (const table of batchTables) await keyed.run(createBatchTableSql(table));
    const start = performance.now();
    await keyed.run("BEGIN TRANSACTION");
    for (const file of files) {
      const table = batchTables.find((x) => `${x.name}.csv` === file);
      if (!table) continue;
      const p = join(batch, file);
      const cols = (await keyed.runAndReadAll(`SELECT * FROM read_csv($p) LIMIT 0`, { p })).columnNames();
      const shelter = cols.includes("shelter_code") ? "" : `, 'bench-01' AS shelter_code`;
      await keyed.run(`INSERT INTO ${quoteIdent(table.name)} BY NAME SELECT *${shelter}, 'plain' AS batch_id FROM read_csv($p)`, { p });
    }
    await keyed.run("COMMIT");
    keyedMs[run] = performance.now() - start;
    keyed.closeSync();
    keyedInstance.closeSync();
    rmSync(keyedPath, { force: true });
  };

  const measures = [measureIngest, measurePlain, measureKeyed];
  for (let run = 0; run < runs; run++) {
    // The order turns every run, so that no measure always runs first (or right after another).
    for (let k = 0; k < measures.length; k++) await measures[(run + k) % measures.length]?.(run);
    process.stderr.write(
      `run ${run + 1}/${runs}: ingest ${seconds(ingestMs[run] ?? 0)}s, plain read_csv ${seconds(plainMs[run] ?? 0)}s, read_csv into keyed tables ${seconds(keyedMs[run] ?? 0)}s\n`,
    );
  }

  // Each run's ingest over the plain read of the same run (measured minutes apart, on the same load).
  const paired = ingestMs.map((x, i) => x / (plainMs[i] ?? x));
  const result = {
    date: new Date().toISOString(),
    stays,
    runs,
    seed,
    messy,
    rows,
    generate_s: seconds(generateMs),
    ingest_s: ingestMs.map(seconds),
    plain_read_csv_s: plainMs.map(seconds),
    ingest_median_s: seconds(median(ingestMs)),
    plain_median_s: seconds(median(plainMs)),
    keyed_read_csv_s: keyedMs.map(seconds),
    keyed_median_s: seconds(median(keyedMs)),
    ratio: Math.round((median(ingestMs) / median(plainMs)) * 100) / 100,
    paired_ratios: paired.map((r) => Math.round(r * 100) / 100),
    paired_ratio_median: Math.round(median(paired) * 100) / 100,
    // Phases of the run whose total is the median.
    ingest_phases_s: Object.fromEntries(
      Object.entries(phaseMs[ingestMs.indexOf([...ingestMs].sort((a, b) => a - b)[Math.floor(ingestMs.length / 2)] ?? 0)] ?? {}).map(([k, v]) => [k, seconds(v)]),
    ),
    ratio_vs_keyed: Math.round((median(ingestMs) / median(keyedMs)) * 100) / 100,
    goal_ratio: 2,
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "", loadavg_1m_at_start: Math.round(load0 * 100) / 100 },
  };
  mkdirSync(reportsDir, { recursive: true });
  // A run at another size (--stays) sits beside the default one instead of replacing it.
  const stem = `ingest-${result.date.slice(0, 10)}${stays === 200_000 ? "" : `-${stays}`}${messy ? "-messy" : ""}`;
  writeFileSync(join(reportsDir, `${stem}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const md = `# Ingest benchmark ${result.date.slice(0, 10)}

Generated by \`npm run bench\` (apps/api/bench/run.ts). ${stays} synthetic stays${messy ? " (messy)" : ""}, seed ${seed},
${runs} runs, fresh database each run.

| | median (s) | runs (s) |
|---|---:|---|
| \`refugio ingest\` (ingestBatches: checks, conversion, replace, load_log, facts) | ${result.ingest_median_s} | ${result.ingest_s.join(", ")} |
| plain DuckDB \`read_csv\` into tables (one transaction) | ${result.plain_median_s} | ${result.plain_read_csv_s.join(", ")} |
| DuckDB \`read_csv\` into the schema's tables (typed, NOT NULL, no checks) | ${result.keyed_median_s} | ${result.keyed_read_csv_s.join(", ")} |

Ratio ingest / plain: **${result.ratio}×** (goal: within ${result.goal_ratio}×). Ratio ingest / keyed tables: ${result.ratio_vs_keyed}×.
Per run (ingest ÷ plain read of the same run; the order of the three measures turns every run): ${result.paired_ratios.join(", ")}; median ${result.paired_ratio_median}×.

Phases of the median ingest run (s), from the ingester's progress events: ${Object.entries(result.ingest_phases_s)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}. (open: SQL macros; read: manifest, content hash, headers (and staging, on the staged path); load:
the direct INSERT of each file; check: every check of the call; write: replace deletes and load_log;
facts: the derived columns of stays; commit.)

Rows loaded: ${Object.entries(rows).map(([k, v]) => `${k} ${v}`).join(", ")}. Generation took ${result.generate_s}s.

Machine: Node ${result.machine.node}, ${result.machine.cpus} CPUs (${result.machine.cpu}), 1-minute load average at start ${result.machine.loadavg_1m_at_start}.
`;
  writeFileSync(join(reportsDir, `${stem}.md`), md);
  process.stdout.write(md);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The export benchmark (1,000,000 stays at k = 5 against a plain COPY to Parquet), after the ingest one.
if (values["no-export"] !== true) await import("./export");
