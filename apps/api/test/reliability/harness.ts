// Shared parts of the reliability suite: a fixture database file, `refugio serve` as a child
// process, multipart uploads of a folder, per-table counts, and the report each file prints
// (what it tried and what held).
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { passwordHash, writeFixture } from "../api/fixture";
import type { ApiClient } from "../api/client";
import { upload, type UploadFile } from "../api/upload";

export { spawnServe } from "../api/upload";

/** Counters a file reports at the end. */
export class Report {
  requests = 0;
  faults = 0;
  inputs = 0;
  losses = 0;
  maxStallMs = 0;
  readonly notes: string[] = [];
  private readonly statuses = new Map<number, number>();

  constructor(readonly title: string) {}

  status(code: number): void {
    this.requests += 1;
    this.statuses.set(code, (this.statuses.get(code) ?? 0) + 1);
  }

  stall(ms: number): void {
    this.maxStallMs = Math.max(this.maxStallMs, ms);
  }

  note(line: string): void {
    this.notes.push(line);
  }

  print(): void {
    const statuses = [...this.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
    const lines = [
      `── reliability: ${this.title}`,
      `   requests sent: ${this.requests} (${statuses || "none"})`,
      `   faults injected: ${this.faults}`,
      `   inputs tried: ${this.inputs}`,
      `   losses found: ${this.losses}`,
      `   max stall: ${this.maxStallMs} ms`,
      ...this.notes.map((n) => `   · ${n}`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}

/** A database file with the API tests' fixture (registry, stays, one account per role). */
export async function fixtureDb(prefix = "refugio-rel-"): Promise<{ dir: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, "r.duckdb");
  const db = await openDatabase(path);
  await writeFixture(db.connection, await passwordHash());
  db.close();
  return { dir, path };
}

/** Rows per table of a database file (opened after the server has let go of it). */
export async function tableCounts(path: string): Promise<Record<string, number>> {
  const db = await openDatabase(path);
  try {
    const tables = await all<{ t: string }>(db.connection, `SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY 1`);
    const out: Record<string, number> = {};
    // Table names come from the catalogue, not from a user: quoting them is enough here.
    for (const { t } of tables) out[t] = (await all<{ n: number }>(db.connection, `SELECT count(*) AS n FROM "${t.replace(/"/g, '""')}"`))[0]?.n ?? 0;
    return out;
  } finally {
    db.close();
  }
}

/** The files of a batch folder, as upload parts. */
export function folderFiles(dir: string): UploadFile[] {
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isFile())
    .sort()
    .map((name) => ({ name, data: new Uint8Array(readFileSync(join(dir, name))) }));
}

export function uploadFolder<T = unknown>(c: ApiClient, procedure: string, dir: string) {
  return upload<T>(c, procedure, folderFiles(dir));
}

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Everything left under `dir` (recursively), for "nothing left behind" checks. */
export function leftovers(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String).sort();
  } catch {
    return [];
  }
}
