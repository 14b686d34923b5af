// Export benchmark: a research export (k = 5, every table, CSV + Parquet + codebook + manifest,
// zipped) of N synthetic stays, against a plain DuckDB COPY of the same consenting rows of the
// same tables to Parquet. Run by `npm run bench` after the ingest benchmark (bench/run.ts), or
// alone: npx tsx bench/export.ts [--export-stays 1000000] [--export-runs 1] [--seed 1]
// Writes bench/reports/export-<date>[-<stays>].md and .json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/connection";
import { buildExport, type ExportProgress } from "../src/exports/build";
import { generateBatches } from "../src/ingest/generate";
import { ingestBatches } from "../src/ingest/ingest";
import { importRegistry } from "../src/ingest/registry";

// Shares argv with bench/run.ts: read only our own flags.
const { values } = parseArgs({
  strict: false,
  options: { "export-stays": { type: "string" }, "export-runs": { type: "string" }, seed: { type: "string" }, out: { type: "string" } },
});
const stays = Number(values["export-stays"] ?? 1_000_000);
const runs = Number(values["export-runs"] ?? 1);
const seed = Number(values.seed ?? 1);
const here = dirname(fileURLToPath(import.meta.url));
const reportsDir = typeof values.out === "string" ? values.out : join(here, "reports");
const seconds = (ms: number) => Math.round(ms) / 1000;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const work = mkdtempSync(join(tmpdir(), "refugio-bench-export-"));
try {
  const load0 = loadavg()[0] ?? 0;
  let t = performance.now();
  const gen = generateBatches(join(work, "data"), { stays, seed, shelter: "bench-01" });
  process.stderr.write(`export bench: generated ${stays} stays in ${seconds(performance.now() - t)}s\n`);
  const db = await openDatabase(join(work, "bench.duckdb"));
  await importRegistry(db.connection, gen.registryFile, { loadedBy: "bench" });
  t = performance.now();
  const report = await ingestBatches(db.connection, gen.batchDirs, { loadedBy: "bench" });
  if (!report.ok) throw new Error("bench batches were rejected");
  process.stderr.write(`export bench: loaded in ${seconds(performance.now() - t)}s\n`);
  process.env.REFUGIO_EXPORT_DIR = join(work, "exports");

  const exportMs: number[] = [];
  const plainMs: number[] = [];
  const phaseMs: Record<string, number>[] = [];
  let manifest: Awaited<ReturnType<typeof buildExport>>["manifest"] | null = null;
  let zipBytes = 0;
  for (let run = 0; run < runs; run++) {
    const conn = await db.instance.connect();
    try {
      const phases: Record<string, number> = {};
      let phase = "select";
      let since = performance.now();
      const start = performance.now();
      const r = await buildExport(conn, { k: 5 }, {
        createdBy: "bench",
        onProgress: (p: ExportProgress) => {
          const now = performance.now();
          phases[phase] = (phases[phase] ?? 0) + (now - since);
          phase = p.phase;
          since = now;
        },
      });
      exportMs.push(performance.now() - start);
      phaseMs.push(Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, seconds(v)])));
      manifest = r.manifest;
      zipBytes = r.zip.length;
      process.stderr.write(`export bench: export run ${run + 1} ${seconds(exportMs[run] ?? 0)}s\n`);

      // The baseline: the same consenting stays and their rows, as stored, COPY'd to Parquet.
      const dir = mkdtempSync(join(work, "plain-"));
      const p0 = performance.now();
      const consenting = `SELECT shelter_code, stay_id FROM stays WHERE consent_research IS TRUE`;
      await conn.run(`COPY (SELECT * FROM stays WHERE consent_research IS TRUE) TO $p (FORMAT parquet)`, { p: join(dir, "stays.parquet") });
      for (const table of ["children", "assessments", "followups"]) {
        await conn.run(`COPY (SELECT t.* FROM ${table} t JOIN (${consenting}) c USING (shelter_code, stay_id)) TO $p (FORMAT parquet)`, { p: join(dir, `${table}.parquet`) });
      }
      plainMs.push(performance.now() - p0);
      process.stderr.write(`export bench: plain COPY run ${run + 1} ${seconds(plainMs[run] ?? 0)}s\n`);
    } finally {
      conn.closeSync();
    }
  }
  db.close();
  const exportMedian = median(exportMs);
  const plainMedian = median(plainMs);
  const result = {
    date: new Date().toISOString(),
    stays,
    seed,
    runs,
    k: 5,
    export_s: exportMs.map(seconds),
    export_median_s: seconds(exportMedian),
    plain_copy_parquet_s: plainMs.map(seconds),
    plain_median_s: seconds(plainMedian),
    ratio: Math.round((exportMedian / plainMedian) * 100) / 100,
    phases_s: phaseMs[0] ?? {},
    zip_bytes: zipBytes,
    counts: manifest?.counts ?? null,
    k_reached: manifest?.privacy.k_reached ?? null,
    generalisations: manifest?.privacy.generalisations.map((g) => `${g.variable}=${g.levelName}`) ?? [],
    search: manifest?.privacy.search ?? null,
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "", load_at_start: Math.round(load0 * 100) / 100 },
  };
  mkdirSync(reportsDir, { recursive: true });
  const stem = `export-${result.date.slice(0, 10)}${stays === 1_000_000 ? "" : `-${stays}`}`;
  writeFileSync(join(reportsDir, `${stem}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(
    join(reportsDir, `${stem}.md`),
    `# Export benchmark ${result.date.slice(0, 10)}

Generated by \`npm run bench\` (apps/api/bench/export.ts). ${stays} synthetic stays (one shelter), seed ${seed}, ${runs} run(s).

| | median (s) | runs (s) |
|---|---:|---|
| research export, k = 5 (select, lattice search, CSV + Parquet of 4 tables, codebook, manifest, zip) | ${result.export_median_s} | ${result.export_s.join(", ")} |
| plain DuckDB \`COPY\` of the same consenting rows of the 4 tables to Parquet | ${result.plain_median_s} | ${result.plain_copy_parquet_s.join(", ")} |

Ratio export / plain COPY: **${result.ratio}×**.

Phases of the first export run (s): ${Object.entries(result.phases_s).map(([k, v]) => `${k} ${v}`).join(", ")}.
Search: ${result.search ? `${result.search.evaluated} of ${result.search.nodes} lattice nodes evaluated` : "–"}; chosen: ${result.generalisations.join(", ")}; k reached ${result.k_reached}.
Counts: ${JSON.stringify(result.counts)}. Zip: ${Math.round(zipBytes / 1e6)} MB.

Machine: Node ${result.machine.node}, ${result.machine.cpus} CPUs (${result.machine.cpu}), 1-minute load average at start ${result.machine.load_at_start}.
`,
  );
  process.stdout.write(`export ${stays} stays at k = 5: ${result.export_median_s}s; plain COPY to Parquet ${result.plain_median_s}s; ratio ${result.ratio}×\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
