// One ingest measurement in its own process (so its peak RSS is its own), printed as JSON:
//   refugio [--memory-limit=SIZE] DB REGISTRY DIR...
//                               `refugio ingest [--memory-limit SIZE]` of the batches (ingestBatches:
//                               checks, typed conversion, replace, load_log, facts) into a fresh database
//   plain DB DIR...             what a DuckDB user would do: read_csv of the same files into
//                               tables, one statement per table over all batches, one transaction
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { batchTables } from "@refugio/schemas";
import { openDatabase } from "../../src/db/connection";
import { quoteIdent } from "../../src/db/ddl";
import { ingestBatches } from "../../src/ingest/ingest";
import { importRegistry } from "../../src/ingest/registry";
import { memoryOf } from "../lib/proc";

const args = process.argv.slice(2);
const mode = args.shift();
const cap = args[0]?.startsWith("--memory-limit=") ? args.shift()?.slice("--memory-limit=".length) : undefined;
const [db, ...rest] = args;
if (!db || (mode !== "refugio" && mode !== "plain")) throw new Error("usage: ingest.ts refugio [--memory-limit=SIZE] DB REGISTRY DIR... | plain DB DIR...");

let ms = 0;
let rows: Record<string, number> = {};
if (mode === "refugio") {
  const [registry, ...dirs] = rest;
  const handle = await openDatabase(db, { memoryLimit: cap });
  await importRegistry(handle.connection, registry ?? "", { loadedBy: "bench" });
  const start = performance.now();
  const report = await ingestBatches(handle.connection, dirs, { loadedBy: "bench" });
  ms = performance.now() - start;
  handle.close();
  if (!report.ok) throw new Error(`benchmark batch rejected: ${JSON.stringify(report.problems.slice(0, 5))}`);
  rows = Object.fromEntries(Object.entries(report.tables).map(([k, v]) => [k, v.inserted]));
} else {
  const dirs = rest;
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  const start = performance.now();
  await conn.run("BEGIN TRANSACTION");
  for (const table of batchTables) {
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f === `${table.name}.csv`).map((f) => join(d, f)));
    if (files.length === 0) continue;
    // One read over every batch's file of the table; the file name stands for the shelter.
    const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(", ");
    await conn.run(`CREATE TABLE ${quoteIdent(table.name)} AS SELECT * FROM read_csv([${list}], union_by_name = true, filename = true)`);
    const n = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdent(table.name)}`);
    rows[table.name] = Number(n.getRowObjects()[0]?.n ?? 0);
  }
  await conn.run("COMMIT");
  ms = performance.now() - start;
  conn.closeSync();
  instance.closeSync();
}
process.stdout.write(`${JSON.stringify({ ms, rows, peakMB: memoryOf("self")?.peakMB ?? null })}\n`);
