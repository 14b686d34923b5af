// The research export (k = 5, every table: CSV + Parquet + codebook + manifest, zipped) of the
// harness's database, next to a plain DuckDB COPY of the same consenting rows of the same tables
// to Parquet (the reference). Runs on a copy of the database: an export writes its register.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openDatabase } from "../../src/db/connection";
import { buildExport } from "../../src/exports/build";
import { progress } from "../lib/report";

export interface ExportTimes {
  exportMs: number[];
  plainMs: number[];
  note: string;
}

/**
 * The reference: a plain DuckDB COPY of the consenting stays and their children, assessments and
 * follow-ups to Parquet in `dir`; its time in ms.
 */
export async function plainCopy(conn: DuckDBConnection, dir: string): Promise<number> {
  const start = performance.now();
  const consenting = "SELECT shelter_code, stay_id FROM stays WHERE consent_research IS TRUE";
  await conn.run("COPY (SELECT * FROM stays WHERE consent_research IS TRUE) TO $p (FORMAT parquet)", { p: join(dir, "stays.parquet") });
  for (const table of ["children", "assessments", "followups"]) {
    await conn.run(`COPY (SELECT t.* FROM ${table} t JOIN (${consenting}) c USING (shelter_code, stay_id)) TO $p (FORMAT parquet)`, { p: join(dir, `${table}.parquet`) });
  }
  return performance.now() - start;
}

export async function measureExport(db: string, work: string, runs: number): Promise<ExportTimes> {
  const dir = mkdtempSync(join(work, "export-"));
  const copy = join(dir, "export.duckdb");
  copyFileSync(db, copy);
  process.env.REFUGIO_EXPORT_DIR = join(dir, "exports");
  const database = await openDatabase(copy);
  const exportMs: number[] = [];
  const plainMs: number[] = [];
  let note = "";
  try {
    for (let run = 0; run < runs; run++) {
      const conn = await database.instance.connect();
      try {
        const start = performance.now();
        const r = await buildExport(conn, { k: 5 }, { createdBy: "bench" });
        exportMs.push(performance.now() - start);
        note = `k = 5 reached ${r.manifest.privacy.k_reached}; ${Math.round(r.zip.length / 1e6)} MB zip`;
        progress(`export run ${run + 1}: ${Math.round(exportMs[run] ?? 0)} ms`);
        plainMs.push(await plainCopy(conn, mkdtempSync(join(dir, "plain-"))));
        progress(`plain COPY run ${run + 1}: ${Math.round(plainMs[run] ?? 0)} ms`);
      } finally {
        conn.closeSync();
      }
    }
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { exportMs, plainMs, note };
}
