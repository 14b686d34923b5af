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

/** DuckDB's message once a fatal error has invalidated the whole database instance. */
export function isInvalidated(error: unknown): boolean {
  for (let e: unknown = error, i = 0; e && i < 5; i++) {
    if (/database has been invalidated/i.test(e instanceof Error ? e.message : String(e))) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
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
  /**
   * Give the connection back once its last query has finished (never closed under a query).
   * `check` (after a failed request): see whether the database was invalidated by a fatal error.
   */
  release(opts?: { check?: boolean }): Promise<void>;
}

/**
 * A few long-lived connections shared by requests. One DuckDB connection runs one query at a
 * time, and closing one under a running query crashed the process (issue 13): each request
 * borrows one connection for its whole life, and connections are only closed when the pool is,
 * after every lease has come back. DuckDB parallelises each query over its own threads, so a few
 * connections (sized to the cores) are enough; further requests wait their turn in order.
 *
 * After a fatal error (a write that failed on a full disk) DuckDB invalidates the whole instance
 * and every later query fails until it is reopened: a lease given back after a failure is
 * checked, and if the instance is gone the pool waits for the other leases, reopens the database
 * (`reopen`) and carries on, instead of answering 500 to everything until a restart.
 */
export class ConnectionPool {
  private readonly idleConns: DuckDBConnection[] = [];
  private waiting: (() => void)[] = [];
  private created = 0;
  private lent = 0;
  private closed = false;
  private invalid = false;
  private recovering: Promise<void> | null = null;

  constructor(
    private instance: DuckDBInstance,
    readonly size = Math.min(4, Math.max(2, availableParallelism() * 2)),
    private readonly reopen?: () => Promise<DuckDBInstance>,
  ) {}

  get inUse(): number {
    return this.lent;
  }

  async acquire(): Promise<Lease> {
    for (;;) {
      if (this.closed) throw new Error("La base de datos se está cerrando / The database is closing");
      // A reopening that failed earlier (the disk still full): try again for this request.
      if (this.invalid && !this.recovering && this.lent === 0) {
        await this.recover();
        continue;
      }
      if (!this.invalid && !this.recovering) {
        const idle = this.idleConns.pop();
        if (idle) return this.lend(idle);
        if (this.created < this.size) {
          this.created += 1;
          try {
            return this.lend(await this.instance.connect());
          } catch (error) {
            this.created -= 1;
            throw error;
          }
        }
      }
      await new Promise<void>((ok) => this.waiting.push(ok));
    }
  }

  private lend(conn: DuckDBConnection): Lease {
    this.lent += 1;
    let released = false;
    return {
      conn,
      // A lease given back no longer owns its connection: a late abort (the client of a request
      // that already returned it goes away) must not touch the next borrower's queries.
      abort: () => {
        if (!released) abortQueries(conn);
      },
      release: async (opts?: { check?: boolean }) => {
        if (released) return;
        released = true;
        await idle(conn);
        resumeQueries(conn);
        if (opts?.check && !this.invalid) {
          try {
            await conn.run("SELECT 1");
          } catch (error) {
            if (/invalidated/i.test(error instanceof Error ? error.message : String(error))) this.invalid = true;
          }
        }
        this.lent -= 1;
        if (this.closed || this.invalid) this.discard(conn);
        else this.idleConns.push(conn);
        if (this.invalid && this.lent === 0) await this.recover().catch(() => undefined);
        else this.waiting.shift()?.();
      },
    };
  }

  /**
   * A query failed because DuckDB invalidated the database (a fatal write error): no request may
   * borrow a connection until it has been reopened. Called before the failing request answers,
   * so the client's next request already waits for the reopened database.
   */
  invalidate(): void {
    this.invalid = true;
  }

  private discard(conn: DuckDBConnection): void {
    this.created -= 1;
    try {
      conn.closeSync();
    } catch {
      // An invalidated instance may refuse even this; the connection is dropped either way.
    }
  }

  private recover(): Promise<void> {
    this.recovering ??= (async () => {
      for (const c of this.idleConns.splice(0)) this.discard(c);
      if (this.reopen && !this.closed) this.instance = await this.reopen();
      this.invalid = false;
    })().finally(() => {
      this.recovering = null;
      const waiting = this.waiting;
      this.waiting = [];
      for (const w of waiting) w();
    });
    return this.recovering;
  }

  /** Run `fn` on a borrowed connection and give it back afterwards. */
  async use<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const lease = await this.acquire();
    let failed = false;
    try {
      return await fn(lease.conn);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await lease.release({ check: failed });
    }
  }

  /** Resolves once every lent connection has come back (their queries have ended). */
  async drained(): Promise<void> {
    while (this.lent > 0 || this.recovering) await new Promise((ok) => setTimeout(ok, 10));
  }

  /** Close the idle connections now; lent ones are closed as they come back. */
  close(): void {
    this.closed = true;
    for (const c of this.idleConns.splice(0)) this.discard(c);
  }
}

/**
 * `memoryLimit` (DuckDB's memory_limit, e.g. "600MB"; default 80 % of RAM): a setting of the whole
 * instance, so only for a process that does one thing, as `refugio ingest --memory-limit`. Above
 * it DuckDB spills to `<path>.tmp/` and removes what it wrote there.
 */
export async function openDatabase(path: string, opts: { readOnly?: boolean; memoryLimit?: string } = {}): Promise<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      ...(opts.readOnly ? { access_mode: "READ_ONLY" } : {}),
      ...(opts.memoryLimit ? { memory_limit: opts.memoryLimit } : {}),
    });
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
  const db: Database = {
    path,
    instance,
    connection,
    pool: undefined as unknown as ConnectionPool,
    close() {
      // Pool connections hold the instance (and its file lock) alive: close them first.
      db.pool.close();
      db.connection.closeSync();
      db.instance.closeSync();
    },
  };
  // After a fatal error: drop the invalidated instance and open the file again.
  const reopen = async () => {
    for (const close of [() => db.connection.closeSync(), () => db.instance.closeSync()]) {
      try {
        close();
      } catch {
        // Already unusable: nothing more to release.
      }
    }
    db.instance = await DuckDBInstance.create(path, opts.readOnly ? { access_mode: "READ_ONLY" } : {});
    db.connection = await db.instance.connect();
    return db.instance;
  };
  db.pool = new ConnectionPool(instance, undefined, path === ":memory:" ? undefined : reopen);
  return db;
}
