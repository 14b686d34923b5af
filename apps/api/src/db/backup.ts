// Backups and restores of a Refugio database.
// A backup is one DuckDB transaction (`COPY FROM DATABASE` into a new file), so it holds the
// committed state when it began: taken during a load it has the database before that load or
// after it, never a mix. It is written under a temporary name and renamed into place, so a
// failed or interrupted backup leaves no file that looks like a backup.
// A restore replaces the database file with a checked copy of a backup, also by rename.
import type { DuckDBConnection } from "@duckdb/node-api";
import { DuckDBInstance } from "@duckdb/node-api";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DatabaseBusyError, openDatabase } from "./connection";
import { SCHEMA_VERSION, schemaVersion } from "./migrations";
import { all, one, run } from "./query";

export class BackupError extends Error {
  constructor(
    readonly es: string,
    readonly en: string,
  ) {
    super(`${es} / ${en}`);
    this.name = "BackupError";
  }
}

export interface BackupSummary {
  path: string;
  bytes: number;
  schemaVersion: number;
  /** Rows per table in the backup (what a restore brings back). */
  rows: Record<string, number>;
}

/**
 * Paths become SQL string literals (ATTACH takes no parameters): only paths without quotes or
 * control characters are accepted, so nothing a caller writes can change the statement.
 */
function literalPath(path: string): string {
  // eslint-disable-next-line no-control-regex
  if (/['"\\\u0000-\u001f]/.test(path)) {
    throw new BackupError(`Ruta no admitida para una copia de seguridad (comillas o caracteres de control): ${basename(path)}`, `Path not allowed for a backup (quotes or control characters): ${basename(path)}`);
  }
  return `'${path}'`;
}

/** Rows per table of a database (the tables of its main schema). */
export async function tableRows(conn: DuckDBConnection, catalog?: string): Promise<Record<string, number>> {
  const tables = await all<{ table_name: string }>(
    conn,
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_catalog = coalesce($c, current_database())
      ORDER BY table_name`,
    { c: catalog ?? null },
  );
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    // Table names come from the catalogue above, quoted as identifiers.
    const from = `${catalog ? `"${catalog}".` : ""}"${table_name.replaceAll('"', '""')}"`;
    out[table_name] = Number((await one<{ n: bigint | number }>(conn, `SELECT count(*) AS n FROM ${from}`))?.n ?? 0);
  }
  return out;
}

/**
 * Copy the database `conn` belongs to into a new file `target` (which must not exist), in one
 * transaction. Uses only `conn`, which must not be running anything else.
 */
export async function backupTo(conn: DuckDBConnection, target: string): Promise<BackupSummary> {
  if (existsSync(target)) throw new BackupError(`Ya existe ${basename(target)}: elija otro nombre`, `${basename(target)} already exists: choose another name`);
  if (!existsSync(dirname(target))) throw new BackupError(`No existe la carpeta ${dirname(target)}`, `The folder ${dirname(target)} does not exist`);
  const partial = join(dirname(target), `.${basename(target)}.partial-${randomBytes(6).toString("hex")}`);
  // A generated alias: concurrent backups attach their own files without clashing.
  const alias = `refugio_backup_${randomBytes(6).toString("hex")}`;
  const source = (await one<{ db: string }>(conn, "SELECT current_database() AS db"))?.db ?? "memory";
  let attached = false;
  try {
    await run(conn, `ATTACH ${literalPath(partial)} AS ${alias}`);
    attached = true;
    await run(conn, `COPY FROM DATABASE "${source.replaceAll('"', '""')}" TO ${alias}`);
    const rows = await tableRows(conn, alias);
    await run(conn, `DETACH ${alias}`);
    attached = false;
    renameSync(partial, target);
    return { path: target, bytes: statSync(target).size, schemaVersion: SCHEMA_VERSION, rows };
  } catch (error) {
    if (attached) await run(conn, `DETACH ${alias}`).catch(() => undefined);
    for (const f of [partial, `${partial}.wal`]) rmSync(f, { force: true });
    if (error instanceof BackupError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/No space left|disk is full|ENOSPC/i.test(message)) {
      throw new BackupError(`No queda espacio en el disco de ${dirname(target)}: no se escribió la copia`, `No space left on the disk of ${dirname(target)}: the backup was not written`);
    }
    throw error;
  }
}

/** A file name for a backup taken now: refugio-2026-12-07T03-52-01Z.duckdb. */
export function backupFileName(now = new Date()): string {
  return `refugio-${now.toISOString().slice(0, 19).replaceAll(":", "-")}Z.duckdb`;
}

/** Check that `file` is a Refugio database this version can read; its rows per table. */
export async function inspectBackup(file: string): Promise<BackupSummary> {
  if (!existsSync(file)) throw new BackupError(`No existe la copia ${file}`, `No backup at ${file}`);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: "READ_ONLY" });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BackupError(`${basename(file)} no es una base de datos DuckDB legible (${message.split("\n")[0]})`, `${basename(file)} is not a readable DuckDB database (${message.split("\n")[0]})`);
  }
  const conn = await instance.connect();
  try {
    const version = await schemaVersion(conn);
    if (version === 0) throw new BackupError(`${basename(file)} no es una base de datos de Refugio`, `${basename(file)} is not a Refugio database`);
    if (version > SCHEMA_VERSION) {
      throw new BackupError(
        `${basename(file)} es de una versión más reciente de Refugio (esquema ${version}; esta versión lee hasta ${SCHEMA_VERSION})`,
        `${basename(file)} comes from a newer Refugio (schema ${version}; this version reads up to ${SCHEMA_VERSION})`,
      );
    }
    return { path: file, bytes: statSync(file).size, schemaVersion: version, rows: await tableRows(conn) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * Replace the database at `target` with the backup `file`. Refuses while another process holds
 * `target` (the lock is taken, then released, just before the swap) and, without `force`, when
 * `target` already exists. The backup is copied beside the target and renamed over it, so the
 * target is the old database or the restored one, never half a file; an older schema is upgraded
 * on the next open, as any database is.
 */
export async function restoreFrom(file: string, target: string, opts: { force?: boolean } = {}): Promise<BackupSummary> {
  const summary = await inspectBackup(file);
  if (existsSync(target)) {
    if (!opts.force) {
      throw new BackupError(
        `${target} ya existe: use --force para reemplazarla por la copia`,
        `${target} already exists: use --force to replace it with the backup`,
      );
    }
    // Opening takes the lock (DatabaseBusyError while `refugio serve` holds it) and folds any
    // write-ahead log into the file, so no .wal of the old database is replayed over the new one.
    (await openDatabase(target)).close();
  }
  if (!existsSync(dirname(target))) throw new BackupError(`No existe la carpeta ${dirname(target)}`, `The folder ${dirname(target)} does not exist`);
  const partial = join(dirname(target), `.${basename(target)}.restore-${randomBytes(6).toString("hex")}`);
  try {
    copyFileSync(file, partial);
    rmSync(`${target}.wal`, { force: true });
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    const message = error instanceof Error ? error.message : String(error);
    if (/ENOSPC/.test(message)) {
      throw new BackupError(`No queda espacio en el disco de ${dirname(target)}: la base de datos no cambió`, `No space left on the disk of ${dirname(target)}: the database is unchanged`);
    }
    throw error;
  }
  return { ...summary, path: target };
}

export { DatabaseBusyError };
