// Where finished exports wait to be downloaded, for a limited time: one row per export in
// `research_exports` (who, when, the request, the manifest's hash, the file, until when) and the zip
// in the exports folder next to the database. Expired files are deleted at the next list or
// create; an admin may revoke a pending download (the file is deleted at once). Every export is
// audited with its manifest's SHA-256.
import type { DuckDBConnection } from "@duckdb/node-api";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { audit } from "../auth/audit";
import { all, one, run } from "../db/query";
import type { ExportManifest } from "./build";

/** How long a finished export can be downloaded again. */
export const EXPORT_TTL_HOURS = 72;

const DDL = `CREATE TABLE IF NOT EXISTS research_exports (
  id VARCHAR NOT NULL,
  created_by VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
  request VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  manifest_sha256 VARCHAR,
  bytes BIGINT,
  stays_released INTEGER,
  k_reached INTEGER,
  file VARCHAR,
  expires_at TIMESTAMP,
  revoked_by VARCHAR,
  revoked_at TIMESTAMP,
  deleted_at TIMESTAMP
)`;

export async function ensureExportTable(conn: DuckDBConnection): Promise<void> {
  await run(conn, DDL);
}

/** The exports folder: $REFUGIO_EXPORT_DIR, else `exports/` next to the database file. */
export async function exportDir(conn: DuckDBConnection): Promise<string> {
  if (process.env.REFUGIO_EXPORT_DIR) return resolve(process.env.REFUGIO_EXPORT_DIR);
  const db = await one<{ path: string | null }>(conn, `SELECT path FROM duckdb_databases() WHERE database_name = current_database()`);
  return db?.path ? join(dirname(resolve(db.path)), "exports") : join(tmpdir(), "refugio-exports");
}

export function exportFileName(m: ExportManifest): string {
  return `refugio-export-${m.created_at.slice(0, 10)}-${m.export_id.slice(0, 8)}.zip`;
}

export async function auditExport(conn: DuckDBConnection, actor: string, m: ExportManifest, manifestSha256: string, via: "api" | "cli"): Promise<void> {
  await audit(conn, {
    actor,
    action: "export.microdata",
    target: m.export_id,
    ok: true,
    detail: { via, manifest_sha256: manifestSha256, request: m.request, k_reached: m.privacy.k_reached, stays_released: m.counts.stays_released },
  });
}

export interface ExportRow {
  id: string;
  created_by: string;
  created_at: string;
  request: string;
  status: "running" | "ready" | "failed" | "expired" | "revoked";
  manifest_sha256: string | null;
  bytes: number | null;
  stays_released: number | null;
  k_reached: number | null;
  expires_at: string | null;
  revoked_by: string | null;
}

export async function startExportRow(conn: DuckDBConnection, createdBy: string, request: unknown): Promise<string> {
  await ensureExportTable(conn);
  const id = randomUUID();
  await run(conn, `INSERT INTO research_exports (id, created_by, request, status) VALUES ($id, $by, $req, 'running')`, { id, by: createdBy, req: JSON.stringify(request) });
  return id;
}

export async function finishExportRow(conn: DuckDBConnection, id: string, m: ExportManifest, manifestSha256: string, zip: Uint8Array, ttlHours = EXPORT_TTL_HOURS): Promise<void> {
  const dir = await exportDir(conn);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${id}.zip`);
  writeFileSync(file, zip, { mode: 0o600 });
  await run(
    conn,
    `UPDATE research_exports SET status = 'ready', manifest_sha256 = $h, bytes = $b, stays_released = $n, k_reached = $k, file = $f,
       expires_at = current_timestamp + to_hours(CAST($ttl AS BIGINT)) WHERE id = $id`,
    { id, h: manifestSha256, b: zip.length, n: m.counts.stays_released, k: m.privacy.k_reached, f: file, ttl: ttlHours },
  );
}

export async function failExportRow(conn: DuckDBConnection, id: string): Promise<void> {
  await run(conn, `UPDATE research_exports SET status = 'failed' WHERE id = $id`, { id });
}

/** Delete the files of expired exports (and mark them). */
export async function expireExports(conn: DuckDBConnection): Promise<void> {
  await ensureExportTable(conn);
  const rows = await all<{ id: string; file: string | null }>(conn, `SELECT id, file FROM research_exports WHERE status = 'ready' AND expires_at <= current_timestamp`);
  for (const r of rows) {
    if (r.file && existsSync(r.file)) rmSync(r.file, { force: true });
    await run(conn, `UPDATE research_exports SET status = 'expired', deleted_at = current_timestamp WHERE id = $id`, { id: r.id });
  }
}

const SELECT = `SELECT id, created_by, CAST(created_at AS VARCHAR) AS created_at, request, status, manifest_sha256, bytes, stays_released, k_reached,
  CAST(expires_at AS VARCHAR) AS expires_at, revoked_by FROM research_exports`;

/** Exports visible to a user: their own; an admin sees everyone's. */
export async function listExports(conn: DuckDBConnection, user: { username: string; role: string }): Promise<ExportRow[]> {
  await expireExports(conn);
  return all<ExportRow>(conn, `${SELECT} WHERE ($all OR created_by = $me) ORDER BY created_at DESC LIMIT 200`, { all: user.role === "admin", me: user.username });
}

export async function getExport(conn: DuckDBConnection, id: string): Promise<(ExportRow & { file: string | null }) | undefined> {
  await expireExports(conn);
  return one<ExportRow & { file: string | null }>(conn, `SELECT file, * FROM (${SELECT}) JOIN (SELECT id, file FROM research_exports) USING (id) WHERE id = $id`, { id });
}

export async function revokeExport(conn: DuckDBConnection, id: string, by: string): Promise<boolean> {
  const row = await getExport(conn, id);
  if (!row || row.status !== "ready") return false;
  if (row.file && existsSync(row.file)) rmSync(row.file, { force: true });
  await run(conn, `UPDATE research_exports SET status = 'revoked', revoked_by = $by, revoked_at = current_timestamp, deleted_at = current_timestamp WHERE id = $id`, { id, by });
  await audit(conn, { actor: by, action: "export.revoke", target: id, ok: true });
  return true;
}
