// One DuckDB instance per process. A DuckDB file has a single writing process: when another
// process (usually `refugio serve`) holds it, say so plainly instead of surfacing a raw lock error.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { migrate, SCHEMA_VERSION, schemaVersion } from "./migrations";

async function isOlderSchema(conn: DuckDBConnection): Promise<boolean> {
  const v = await schemaVersion(conn);
  return v > 0 && v < SCHEMA_VERSION;
}

export class DatabaseBusyError extends Error {
  constructor(
    readonly path: string,
    readonly holder: string | null,
  ) {
    super(
      `La base de datos ${path} está en uso por otro proceso${holder ? ` (${holder})` : ""}, probablemente \`refugio serve\`. ` +
        `Deténgalo o cargue los datos a través del servidor (panel → Cargar datos; el registro, en Administración → Registro de refugios).\n` +
        `The database ${path} is in use by another process${holder ? ` (${holder})` : ""}, probably \`refugio serve\`. ` +
        `Stop it, or load through the running server (dashboard → Upload data; the registry under Administration → Shelter registry).`,
    );
    this.name = "DatabaseBusyError";
  }
}

export const DEFAULT_DB = "data/refugio.duckdb";

/** The database path from --db, then REFUGIO_DB, then the default, resolved against the cwd. */
export function resolveDbPath(flag?: string): string {
  return resolve(flag ?? process.env.REFUGIO_DB ?? DEFAULT_DB);
}

export interface Database {
  path: string;
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close(): void;
}

export async function openDatabase(path: string, opts: { readOnly?: boolean } = {}): Promise<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, opts.readOnly ? { access_mode: "READ_ONLY" } : {});
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Could not set lock|Conflicting lock/i.test(message)) {
      const pid = /PID (\d+)/.exec(message)?.[1];
      throw new DatabaseBusyError(path, pid ? `PID ${pid}` : null);
    }
    throw error;
  }
  const connection = await instance.connect();
  if (!opts.readOnly) await migrate(connection);
  else if (path !== ":memory:" && (await isOlderSchema(connection))) {
    // A Refugio database from an older version: upgrade it once (a short read-write open), then read it.
    connection.closeSync();
    instance.closeSync();
    (await openDatabase(path)).close();
    return openDatabase(path, opts);
  }
  return {
    path,
    instance,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
