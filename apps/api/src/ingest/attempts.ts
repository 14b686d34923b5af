// Load attempts that were refused: a rejected load leaves the data tables exactly as they were
// (the ingester rolls its transaction back), so the attempt is written afterwards, in its own
// small transaction, to `load_attempts`. It holds no direct identifier: no file contents, no cell
// values, no file names; only when, who, which shelter, how many batches and problems, and the
// kinds of problem as contract `table.column` names (anything else counts as "other").
import type { DuckDBConnection } from "@duckdb/node-api";
import { batchTables, type IngestReport } from "@refugio/schemas";
import { run, transaction } from "../db/query";

/** Schema step 9: the log of rejected load attempts (see the file's comment). */
export const LOAD_ATTEMPTS_DDL = [
  `CREATE SEQUENCE IF NOT EXISTS load_attempt_seq START 1`,
  `CREATE TABLE IF NOT EXISTS load_attempts (
    attempt_id BIGINT PRIMARY KEY DEFAULT nextval('load_attempt_seq'),
    attempted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    attempted_by VARCHAR NOT NULL,
    shelter_code VARCHAR,
    status VARCHAR NOT NULL,
    batches INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    kinds JSON NOT NULL
  )`,
];

const columnsOf = new Map<string, Set<string>>(batchTables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

/**
 * The kind of a problem: the contract table of its file and the contract column, e.g.
 * "stays.admission_date", "stays" (the file), "manifest", or "other". Built only from names the
 * contract defines, so nothing a shelter wrote (a file or header name, a value) is kept.
 */
export function problemKind(p: Pick<IngestReport["problems"][number], "file" | "column">): string {
  const base = (p.file.split("/").pop() ?? "").toLowerCase();
  if (base === "manifest.json") return "manifest";
  const table = base.replace(/\.(csv|jsonl|ndjson|parquet)$/, "");
  const columns = columnsOf.get(table);
  if (!columns) return "other";
  if (p.column === null) return table;
  return columns.has(p.column) ? `${table}.${p.column}` : `${table}.other`;
}

/**
 * Record a refused (not dry-run) load: one row per shelter of its rejected batches (one row with
 * no shelter when no manifest could be read). Call it after the ingester rolled back.
 */
export async function recordRejectedAttempt(conn: DuckDBConnection, report: IngestReport, by: string): Promise<number> {
  if (report.ok || report.dry_run) return 0;
  const shelters = [...new Set(report.batches.filter((b) => b.status === "rejected").map((b) => b.shelter_code))];
  if (shelters.length === 0) shelters.push(null);
  const kinds: Record<string, number> = {};
  for (const p of report.problems) kinds[problemKind(p)] = (kinds[problemKind(p)] ?? 0) + 1;
  const errors = report.problems.filter((p) => p.severity === "error").length;
  await transaction(conn, async () => {
    for (const shelter of shelters) {
      await run(
        conn,
        `INSERT INTO load_attempts (attempted_by, shelter_code, status, batches, problems, errors, kinds) VALUES ($by, $s, 'rejected', $b, $p, $e, $k)`,
        { by, s: shelter, b: report.batches.length, p: report.problem_count, e: errors, k: JSON.stringify(kinds) },
      );
    }
  });
  return shelters.length;
}
