// Where a research export's time goes, phase by phase (the export's own progress events), next to
// a plain DuckDB COPY of the same consenting rows to Parquet: the reason the harness gives when
// the export target (within 3× of the COPY) is missed comes from this.
//
//   npx tsx apps/api/bench/export-phases.ts --db PATH [--k 5]
//
// PATH: a database loaded by `refugio ingest` (e.g. `refugio generate --out D --stays 1000000
// --shelters 40` then `refugio ingest`). Runs on a copy: an export writes its register.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/connection";
import { buildExport } from "../src/exports/build";
import { plainCopy } from "./measure/export";

const { values } = parseArgs({ options: { db: { type: "string" }, k: { type: "string" } } });
if (!values.db) throw new Error("--db PATH is required");
const dir = mkdtempSync(join(tmpdir(), "refugio-export-phases-"));
const copy = join(dir, "export.duckdb");
copyFileSync(values.db, copy);
process.env.REFUGIO_EXPORT_DIR = join(dir, "exports");
const database = await openDatabase(copy);
const conn = await database.instance.connect();
try {
  const phases: { phase: string; ms: number }[] = [];
  let last = performance.now();
  let current = "start";
  const start = last;
  const r = await buildExport(conn, { k: Number(values.k ?? 5) }, {
    createdBy: "bench",
    // Each event starts a phase: the time until the next one is the previous phase's.
    onProgress: (p) => {
      const now = performance.now();
      if (current !== "start") phases.push({ phase: current, ms: now - last });
      current = p.phase;
      last = now;
    },
  });
  const total = performance.now() - start;
  phases.push({ phase: current, ms: performance.now() - last });
  const copyMs = await plainCopy(conn, mkdtempSync(join(dir, "plain-")));
  const s = (ms: number) => (ms / 1000).toFixed(1);
  process.stdout.write(
    `export ${s(total)} s, plain COPY ${s(copyMs)} s (${(total / copyMs).toFixed(2)}×); zip ${Math.round(r.zip.length / 1e6)} MB; k reached ${r.manifest.privacy.k_reached}\n` +
      phases.map((p) => `  ${p.phase.padEnd(20)} ${s(p.ms)} s`).join("\n") +
      "\n",
  );
} finally {
  conn.closeSync();
  database.close();
  rmSync(dir, { recursive: true, force: true });
}
