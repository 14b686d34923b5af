// One writer, several readers (docs/scaling.md, "Several readers behind nginx").
// The writer publishes each new state of its database as a new lake snapshot folder under
// ROOT/snapshots/ and then flips the ROOT/current symlink to it (a rename: atomic). A reader serving
// `--lake ROOT/current` opens the folder the link points to (never the link itself, so a query's
// files all come from one snapshot), watches the link, and on a change opens the new snapshot next
// to the old one: requests that start afterwards borrow connections of the new one, requests
// already running finish on the old one, which is closed once the last of them has given its
// connection back. A request holds one connection for its whole life, so it never sees a mix.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { ConnectionPool, type Database, type Lease } from "../db/connection";
import { dataVersion } from "../db/migrations";
import { all, run } from "../db/query";
import { log } from "../log";
import { quoteIdent } from "../db/ddl";
import { exportLake, loadAccounts, openLake, readManifest, type LakeManifest } from "./lake";

/** Readers' accounts: a DuckDB file holding only the `users` table, next to the snapshots (never in one). */
export const ACCOUNTS_FILE = "accounts.duckdb";

/**
 * Write the accounts (names, roles, scopes, password hashes: what a reader needs to sign people in)
 * to `root/accounts.duckdb`, readable by this user only, replaced by a rename so a reader never
 * attaches half a file. A lake holds data only; this file is its credentials' counterpart.
 */
async function publishAccounts(conn: DuckDBConnection, base: string): Promise<void> {
  const tmp = join(base, `accounts.${process.pid}.tmp.duckdb`);
  rmSync(tmp, { force: true });
  // A DuckDB instance of its own: the database may be open read-only (`refugio lake publish`),
  // where ATTACH could only open existing files read-only.
  const instance = await DuckDBInstance.create(tmp);
  try {
    const out = await instance.connect();
    try {
      const columns = await all<{ column_name: string; column_type: string }>(conn, `DESCRIBE users`);
      await run(out, `CREATE TABLE users (${columns.map((c) => `${quoteIdent(c.column_name)} ${c.column_type}`).join(", ")})`);
      await copyAccounts(conn, out);
    } finally {
      out.closeSync();
    }
  } finally {
    instance.closeSync();
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, join(base, ACCOUNTS_FILE));
}

/**
 * Export the database open on `conn` as a new snapshot of `root` (and its accounts file), then
 * point `root/current` at it.
 */
export async function publishSnapshot(conn: DuckDBConnection, root: string): Promise<{ dir: string; manifest: LakeManifest }> {
  const base = resolve(root);
  // Private: the accounts file beside the snapshots holds password hashes.
  if (!existsSync(base)) mkdirSync(base, { recursive: true, mode: 0o700 });
  mkdirSync(join(base, "snapshots"), { recursive: true });
  // The data version orders snapshots for people; the time keeps names unique if a load changed nothing.
  const name = `v${await dataVersion(conn)}-${new Date().toISOString().replace(/[:.]/g, "")}`;
  const dir = join(base, "snapshots", name);
  const manifest = await exportLake(conn, dir);
  await publishAccounts(conn, base);
  // A relative link (the root may be moved or mounted elsewhere), made aside and renamed over `current`.
  const link = join(base, `current.${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(join("snapshots", name), link);
  renameSync(link, join(base, "current"));
  pruneSnapshots(base, name);
  return { dir, manifest };
}

/** Snapshots kept: the current one and the two before it. */
export const SNAPSHOTS_KEPT = 3;

/**
 * Remove all but the newest snapshots. Not the previous one: a reader that has not switched yet,
 * or a request that started before its reader switched, may still be reading it; a snapshot is
 * removed only once two newer ones were published after it (each an export of the whole data).
 */
function pruneSnapshots(base: string, current: string): void {
  const folder = join(base, "snapshots");
  const snapshots = readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== current && !d.name.includes(".partial-"))
    .map((d) => ({ name: d.name, time: statSync(join(folder, d.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of snapshots.slice(SNAPSHOTS_KEPT - 1)) rmSync(join(folder, old.name), { recursive: true, force: true });
}

/** True when `--lake` names a pointer to follow (a symlink) rather than one fixed snapshot folder. */
export function isSnapshotPointer(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

interface Snapshot {
  dir: string;
  db: Database;
  /** Requests holding (or waiting for) one of its connections. */
  users: number;
  retired: boolean;
}

/**
 * A pool lending connections of the current snapshot. It extends ConnectionPool so the server
 * takes it where it takes any pool; it lends nothing of its own: each snapshot keeps its own pool.
 */
export class SnapshotPool extends ConnectionPool {
  private snapshot: Snapshot;
  private readonly old = new Set<Snapshot>();
  private shut = false;

  constructor(dir: string, db: Database) {
    super(db.instance, db.pool.size);
    this.snapshot = { dir, db, users: 0, retired: false };
  }

  get current(): Snapshot {
    return this.snapshot;
  }

  override get inUse(): number {
    let n = this.snapshot.users;
    for (const s of this.old) n += s.users;
    return n;
  }

  override async acquire(): Promise<Lease> {
    if (this.shut) throw new Error("La base de datos se está cerrando / The database is closing");
    const snap = this.snapshot;
    snap.users += 1;
    let lease: Lease;
    try {
      lease = await snap.db.pool.acquire();
    } catch (error) {
      this.done(snap);
      throw error;
    }
    let released = false;
    return {
      conn: lease.conn,
      abort: () => lease.abort(),
      release: async (opts) => {
        if (released) return;
        released = true;
        try {
          await lease.release(opts);
        } finally {
          this.done(snap);
        }
      },
    };
  }

  override invalidate(): void {
    this.snapshot.db.pool.invalidate();
  }

  override async drained(): Promise<void> {
    while (this.inUse > 0) await new Promise((ok) => setTimeout(ok, 10));
  }

  override close(): void {
    this.shut = true;
    this.retire(this.snapshot);
  }

  /** Lend the new snapshot's connections from now on; close the old one once it is idle. */
  switchTo(dir: string, db: Database): void {
    // Shutting down: the new snapshot would never be closed.
    if (this.shut) return void db.close();
    const previous = this.snapshot;
    this.snapshot = { dir, db, users: 0, retired: false };
    this.retire(previous);
  }

  private retire(snap: Snapshot): void {
    snap.retired = true;
    this.old.add(snap);
    if (snap.users === 0) this.closeSnapshot(snap);
  }

  private done(snap: Snapshot): void {
    snap.users -= 1;
    if (snap.retired && snap.users === 0) this.closeSnapshot(snap);
  }

  private closeSnapshot(snap: Snapshot): void {
    this.old.delete(snap);
    try {
      snap.db.close();
    } catch (error) {
      log("warn", "lake.close_failed", { message: error instanceof Error ? error.message : String(error) });
    }
  }
}

/**
 * The accounts of one database copied into another (another DuckDB instance: the snapshot a reader
 * opens, the accounts file of a publish). Each value travels as text and is cast back to its
 * column's type.
 */
async function copyAccounts(from: DuckDBConnection, to: DuckDBConnection): Promise<number> {
  const columns = await all<{ column_name: string; column_type: string }>(from, `DESCRIBE users`);
  const text = columns.map((c, i) => `CAST(${quoteIdent(c.column_name)} AS VARCHAR) AS c${i}`).join(", ");
  const rows = await all<Record<string, string | null>>(from, `SELECT ${text} FROM users`);
  const values = columns.map((c, i) => `CAST($c${i} AS ${c.column_type})`).join(", ");
  for (const row of rows) await run(to, `INSERT INTO users VALUES (${values})`, row);
  return rows.length;
}

export interface FollowedLake {
  db: Database;
  /** Check the pointer now (the timer does it every `pollMs`); resolves once any switch is done. */
  check(): Promise<void>;
  stop(): void;
}

/** Serve the snapshot `pointer` (a symlink) points to, following it as the writer flips it. */
export async function followLake(pointer: string, opts: { accounts?: string; pollMs?: number } = {}): Promise<FollowedLake> {
  const link = resolve(pointer);
  const firstDir = realpathSync(link);
  const first = await openLake(firstDir, { accounts: opts.accounts });
  const pool = new SnapshotPool(firstDir, first);
  const db: Database = {
    path: link,
    // The CLI's own connection and instance are the current snapshot's.
    get instance() {
      return pool.current.db.instance;
    },
    get connection() {
      return pool.current.db.connection;
    },
    pool,
    close: () => pool.close(),
  };
  let checking: Promise<void> | null = null;
  const check = () =>
    (checking ??= (async () => {
      let dir: string;
      try {
        dir = realpathSync(link);
      } catch {
        return; // The link is being replaced right now (or was removed): look again next time.
      }
      if (dir === pool.current.dir) return;
      const next = await openLake(dir);
      try {
        // The accounts as published with the snapshot (new accounts, changed passwords); if the
        // file cannot be read now (a writer's database file locked by a load), the ones in use.
        const fresh = opts.accounts ? loadAccounts(next.connection, opts.accounts) : Promise.reject(new Error("no --accounts"));
        await fresh.catch(async (error: unknown) => {
          log("warn", "lake.accounts_kept", { message: error instanceof Error ? error.message : String(error) });
          await copyAccounts(pool.current.db.connection, next.connection);
        });
      } catch (error) {
        next.close();
        throw error;
      }
      const version = await dataVersion(next.connection);
      pool.switchTo(dir, next);
      log("info", "lake.switched", { snapshot: basename(dir), dataVersion: version });
    })()
      .catch((error: unknown) => {
        // Keep serving the snapshot in use; the next look tries again.
        log("warn", "lake.switch_failed", { message: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        checking = null;
      }));
  const timer = setInterval(() => void check(), opts.pollMs ?? 500);
  timer.unref();
  return { db, check, stop: () => clearInterval(timer) };
}

/** The data version of the snapshot `root/current` points to, or null when there is none yet. */
function publishedVersion(root: string): number | null {
  try {
    return readManifest(realpathSync(join(resolve(root), "current"))).data_version;
  } catch {
    return null;
  }
}

/**
 * The writer's load queue (`refugio serve --db FILE --publish ROOT`): every task that may change
 * the data (a load, a registry import) runs one after another, as before, and when one has changed
 * the data version a new snapshot is published before the task's caller gets its answer, so a load
 * that returned is on its way to every reader. The export runs on a connection of its own: the
 * pool's may all be held by requests waiting for this queue.
 */
export async function publishingQueue(db: Database, root: string, queue: { run<T>(fn: () => Promise<T>): Promise<T> }) {
  const publish = async () => {
    const conn = await db.instance.connect();
    try {
      if ((await dataVersion(conn)) === publishedVersion(root)) return;
      const { dir, manifest } = await publishSnapshot(conn, root);
      log("info", "lake.published", { snapshot: basename(dir), dataVersion: manifest.data_version });
    } finally {
      conn.closeSync();
    }
  };
  // The data as it is at start, unless it is already the published snapshot.
  await queue.run(publish);
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      return queue.run(async () => {
        try {
          return await fn();
        } finally {
          // The load itself succeeded or failed on its own; a failed export is retried after the next one.
          await publish().catch((error: unknown) => log("error", "lake.publish_failed", { message: error instanceof Error ? error.message : String(error) }));
        }
      });
    },
  };
}
