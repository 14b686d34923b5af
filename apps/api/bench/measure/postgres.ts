// The same hand-written figures from PostgreSQL 15 (Debian's `postgresql`): started by the harness
// in a private data folder, listening on a unix socket only (listen_addresses = ''), loaded with
// the same rows with COPY, analysed, queried, stopped and removed. Skipped, and said so, when the
// binaries are not installed. As root, the server runs as the `postgres` system user (initdb
// refuses root). Settings: what a DBA would set on this machine for analytics (shared_buffers,
// work_mem, parallel workers for the 2 cores), nothing exotic.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { progress } from "../lib/report";
import { referenceSql, statementFor } from "../lib/reference-sql";
import type { Bounds } from "./duckdb-reference";

/** Columns of the reference tables, as the DuckDB database holds them. */
const TABLES: Record<string, string[]> = {
  stays: [
    "shelter_code", "person_key", "person_id", "admission_date", "exit_date", "exit_reason", "children_rows", "children_in_stay", "companions_in_stay",
    "record_key", "followup_6m_achieved", "rse_admission", "rse_exit", "rse_rci_improved", "school_kept", "school_known", "school_enrolled",
    "exit_plan_done", "safety_plan_done", "occupational_workshop_certified", "employment_at_exit", "followup_safe", "followup_recurrence",
    "legal_representation", "protection_order",
  ],
  shelters: ["shelter_code", "capacity_places"],
  shelter_reference_dates: ["shelter_code", "reference_date"],
};

const PG_TYPE: Record<string, string> = { VARCHAR: "text", DATE: "date", INTEGER: "integer", BIGINT: "bigint", BOOLEAN: "boolean", DOUBLE: "double precision", SMALLINT: "smallint" };

/** Folder of Debian's PostgreSQL binaries (the newest installed), or null. */
export function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin/pg_ctl"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

export interface PostgresOutcome {
  version: string;
  loadMs: number;
  times: Map<string, number[]>;
}

export async function measurePostgres(duckdbPath: string, bounds: Bounds, rounds: number): Promise<PostgresOutcome | string> {
  const bin = postgresBin();
  if (!bin) return "PostgreSQL not installed (apt-get install -y postgresql): its comparison is skipped";
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? Number(execFileSync("id", ["-u", "postgres"]).toString().trim()) : null;
  const ownerGid = asRoot ? Number(execFileSync("id", ["-g", "postgres"]).toString().trim()) : null;
  const dir = mkdtempSync(join(tmpdir(), "refugio-bench-pg-"));
  chmodSync(dir, 0o755);
  const data = join(dir, "data");
  const socket = dir;
  const csv = join(dir, "csv");
  const pgRun = (tool: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : join(bin, tool), asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
  let started = false;
  try {
    // Written by this process, read by the server's COPY (as `postgres`): world-readable.
    mkdirSync(csv, { mode: 0o755 });
    if (owner !== null && ownerGid !== null) chownSync(dir, owner, ownerGid);
    pgRun("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-locale", "-E", "UTF8"]);
    const options = [
      "-c listen_addresses=''",
      `-c unix_socket_directories=${socket}`,
      "-c shared_buffers=1GB",
      "-c work_mem=256MB",
      "-c max_parallel_workers_per_gather=2",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
    ].join(" ");
    pgRun("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "postgres.log"), "-w", "start"]);
    started = true;
    const client = new pg.Client({ host: socket, user: "postgres", database: "postgres" });
    await client.connect();
    const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "";
    try {
      // The same rows: DuckDB writes each table's columns as CSV, PostgreSQL reads them with COPY.
      const instance = await DuckDBInstance.create(duckdbPath, { access_mode: "READ_ONLY" });
      const duck = await instance.connect();
      const loadStart = performance.now();
      let exportMs = 0;
      for (const [table, cols] of Object.entries(TABLES)) {
        const described = (await duck.runAndReadAll(`DESCRIBE SELECT ${cols.join(", ")} FROM ${table}`)).getRowObjects() as { column_name: string; column_type: string }[];
        const ddl = described.map((c) => `${c.column_name} ${PG_TYPE[c.column_type] ?? "text"}`).join(", ");
        const file = join(csv, `${table}.csv`);
        const t = performance.now();
        await duck.run(`COPY (SELECT ${cols.join(", ")} FROM ${table}) TO '${file}' (HEADER, DELIMITER ',')`);
        exportMs += performance.now() - t;
        await client.query(`CREATE TABLE ${table} (${ddl})`);
        await client.query(`COPY ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)`);
      }
      duck.closeSync();
      instance.closeSync();
      await client.query("VACUUM ANALYZE");
      const loadMs = performance.now() - loadStart - exportMs;
      progress(`postgresql ${version}: loaded in ${(loadMs / 1000).toFixed(1)} s`);
      const times = new Map<string, number[]>();
      for (let round = 0; round < rounds; round++) {
        for (const [page, statements] of Object.entries(referenceSql)) {
          const start = performance.now();
          for (const sql of statements) await client.query(statementFor(sql, "postgresql"), [bounds.from, bounds.to]);
          times.set(page, [...(times.get(page) ?? []), performance.now() - start]);
        }
        progress(`postgresql round ${round + 1}/${rounds}: ${[...times].map(([p, v]) => `${p.replace(/^(page|call):/, "")} ${Math.round(v.at(-1) ?? 0)} ms`).join(", ")}`);
      }
      return { version, loadMs, times };
    } finally {
      await client.end();
    }
  } finally {
    if (started) {
      try {
        pgRun("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } catch (error) {
        progress(`postgresql: stop failed: ${String(error)}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
