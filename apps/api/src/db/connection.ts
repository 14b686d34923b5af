// One DuckDB instance per process. A DuckDB file has a single writing process: when another
// process (usually `refugio serve`) holds it, say so plainly instead of surfacing a raw lock error.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { migrate, SCHEMA_VERSION, schemaVersion } from "./migrations";
import { abortQueries, idle, resumeQueries } from "./query";

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
  /** Connections for concurrent requests (the server's); `connection` stays the CLI's own. */
  pool: ConnectionPool;
  close(): void;
}

/** A connection lent to one request: queries on it run one at a time (db/query.ts queues them). */
export interface Lease {
  conn: DuckDBConnection;
  /** The client went away: interrupt the running query and refuse the queued ones. */
  abort(): void;
  /** Give the connection back once its last query has finished (never closed under a query). */
  release(): Promise<void>;
}

/**
 * A few long-lived connections shared by requests. One DuckDB connection runs one query at a
 * time, and closing one under a running query crashed the process (issue 13): each request
 * borrows one connection for its whole life, and connections are only closed when the pool is,
 * after every lease has come back. DuckDB parallelises each query over its own threads, so a few
 * connections (sized to the cores) are enough; further requests wait their turn in order.
 */
export class ConnectionPool {
  private readonly idleConns: DuckDBConnection[] = [];
  private readonly waiting: ((conn: DuckDBConnection) => void)[] = [];
  private created = 0;
  private lent = 0;
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    readonly size = Math.min(4, Math.max(2, availableParallelism() * 2)),
  ) {}

  get inUse(): number {
    return this.lent;
  }

  async acquire(): Promise<Lease> {
    if (this.closed) throw new Error("La base de datos se está cerrando / The database is closing");
    let conn = this.idleConns.pop();
    if (!conn && this.created < this.size) {
      this.created += 1;
      try {
        conn = await this.instance.connect();
      } catch (error) {
        this.created -= 1;
        throw error;
      }
    }
    conn ??= await new Promise<DuckDBConnection>((ok) => this.waiting.push(ok));
    this.lent += 1;
    let released = false;
    const leased = conn;
    return {
      conn: leased,
      abort: () => abortQueries(leased),
      release: async () => {
        if (released) return;
        released = true;
        await idle(leased);
        resumeQueries(leased);
        this.lent -= 1;
        const next = this.waiting.shift();
        if (next) next(leased);
        else if (this.closed) {
          this.created -= 1;
          leased.closeSync();
        } else this.idleConns.push(leased);
      },
    };
  }

  /** Run `fn` on a borrowed connection and give it back afterwards. */
  async use<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const lease = await this.acquire();
    try {
      return await fn(lease.conn);
    } finally {
      await lease.release();
    }
  }

  /** Resolves once every lent connection has come back (their queries have ended). */
  async drained(): Promise<void> {
    while (this.lent > 0) await new Promise((ok) => setTimeout(ok, 10));
  }

  /** Close the idle connections now; lent ones are closed as they come back. */
  close(): void {
    this.closed = true;
    for (const c of this.idleConns.splice(0)) {
      this.created -= 1;
      c.closeSync();
    }
  }
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
  const pool = new ConnectionPool(instance);
  return {
    path,
    instance,
    connection,
    pool,
    close() {
      // Pool connections hold the instance (and its file lock) alive: close them first.
      pool.close();
      connection.closeSync();
      instance.closeSync();
    },
  };
}
