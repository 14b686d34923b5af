// Small helpers over @duckdb/node-api: parameterised queries returning plain JS objects.
import { DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";

// getRowObjectsJson renders these as strings (they may exceed 2^53); our counts never do.
const NUMERIC_AS_STRING = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

export type Params = Record<string, DuckDBValue> | DuckDBValue[];

/**
 * One DuckDB connection runs one query at a time: two at once on the same connection crashed the
 * process ("malloc(): unaligned tcache chunk detected", issue 13). Every query made through these
 * helpers waits for the previous one on its connection, so a router may `Promise.all` over
 * `ctx.conn` safely. An aborted connection (the client went away) interrupts its running query
 * and refuses the queued ones until the pool takes it back.
 */
interface ConnState {
  tail: Promise<unknown>;
  running: boolean;
  aborted: boolean;
}
const states = new WeakMap<DuckDBConnection, ConnState>();
const stateOf = (conn: DuckDBConnection): ConnState => {
  let s = states.get(conn);
  if (!s) states.set(conn, (s = { tail: Promise.resolve(), running: false, aborted: false }));
  return s;
};

export class QueryAbortedError extends Error {
  constructor() {
    super("Consulta cancelada: el cliente se desconectó / Query cancelled: the client went away");
    this.name = "QueryAbortedError";
  }
}

/**
 * Commits run alone. DuckDB 1.5.6 does not make a large commit atomic to a statement that runs
 * on another connection while the commit merges its rows into the tables: such a statement saw
 * part of the committed rows (a count that was no multiple of the rows each commit adds) and one
 * table's new rows but not another's (a backup taken as a load committed held 96,256 of its
 * 379,431 stay_months rows and none of its stays); test/db/commit-gate.test.ts reproduces it, and
 * duckdb/duckdb#19570 (a race between append and scan) is the likely cause. So every statement
 * made through these helpers holds a share of this gate, and `commit` waits for the running ones,
 * holds new ones back, commits, and lets them go: each statement sees the database before a
 * commit or after it. Statements wait only while a COMMIT runs, not during the transaction.
 */
const gate = { running: 0, closed: null as Promise<void> | null, drained: null as (() => void) | null };

async function enterGate(): Promise<void> {
  while (gate.closed) await gate.closed;
  gate.running++;
}

function leaveGate(): void {
  gate.running--;
  if (gate.running === 0) gate.drained?.();
}

/** Run `fn` (one query) once every earlier query on `conn` has finished. */
export function serial<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  const s = stateOf(conn);
  const next = s.tail.then(async () => {
    if (s.aborted) throw new QueryAbortedError();
    await enterGate();
    try {
      // The wait for a commit may have outlasted the client.
      if (s.aborted) throw new QueryAbortedError();
      s.running = true;
      return await fn();
    } finally {
      s.running = false;
      leaveGate();
    }
  });
  s.tail = next.catch(() => undefined);
  return next;
}

/** Resolves once no query on `conn` is running or queued. */
export async function idle(conn: DuckDBConnection): Promise<void> {
  const s = stateOf(conn);
  let tail: Promise<unknown>;
  do {
    tail = s.tail;
    await tail;
  } while (tail !== s.tail);
}

/** The client went away: interrupt the running query (only while ours runs) and refuse the rest. */
export function abortQueries(conn: DuckDBConnection): void {
  const s = stateOf(conn);
  s.aborted = true;
  if (s.running) conn.interrupt();
}

export function resumeQueries(conn: DuckDBConnection): void {
  stateOf(conn).aborted = false;
}

/** Rows as JSON-friendly objects (BIGINT → number, DATE → "yyyy-mm-dd"). */
export async function all<T = Record<string, unknown>>(conn: DuckDBConnection, sql: string, params?: Params): Promise<T[]> {
  const reader = await serial(conn, () => conn.runAndReadAll(sql, params as never));
  const rows = reader.getRowObjectsJson();
  const numeric = reader
    .columnTypes()
    .map((t, i) => (NUMERIC_AS_STRING.has(t.typeId) ? reader.columnName(i) : null))
    .filter((n): n is string => n !== null);
  if (numeric.length > 0) {
    for (const row of rows) for (const name of numeric) if (row[name] != null) row[name] = Number(row[name]);
  }
  return rows as T[];
}

export async function one<T = Record<string, unknown>>(conn: DuckDBConnection, sql: string, params?: Params): Promise<T | undefined> {
  return (await all<T>(conn, sql, params))[0];
}

export async function run(conn: DuckDBConnection, sql: string, params?: Params): Promise<void> {
  await serial(conn, () => conn.run(sql, params as never));
}

/**
 * Commit the transaction open on `conn` while no other statement runs (see `gate` above): the
 * running statements finish first, and new ones wait until the commit is done.
 */
export async function commit(conn: DuckDBConnection): Promise<void> {
  await serial(conn, async () => {
    // This statement holds a share like any other: give it back while waiting for the rest.
    leaveGate();
    try {
      while (gate.closed) await gate.closed;
      let open!: () => void;
      gate.closed = new Promise<void>((resolve) => (open = resolve));
      try {
        if (gate.running > 0) await new Promise<void>((resolve) => (gate.drained = resolve));
        gate.drained = null;
        await conn.run("COMMIT");
      } finally {
        gate.closed = null;
        open();
      }
    } finally {
      gate.running++;
    }
  });
}

/** Run `fn` inside one DuckDB transaction; roll back on any error. */
export async function transaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await run(conn, "BEGIN TRANSACTION");
  try {
    const out = await fn();
    await commit(conn);
    return out;
  } catch (error) {
    // Not queued behind an abort: a transaction left open would hold the connection's writes.
    await serialForce(conn, () => conn.run("ROLLBACK"));
    throw error;
  }
}


/** Queued like `serial` but run even after an abort (a rollback must still happen). */
function serialForce<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  const s = stateOf(conn);
  const next = s.tail.then(async () => {
    s.running = true;
    try {
      return await fn();
    } finally {
      s.running = false;
    }
  });
  s.tail = next.catch(() => undefined);
  return next;
}

/**
 * `column IN ($s0, …)` for the given shelters (their codes added to `params`), TRUE for all of
 * them, FALSE for none: the shelters a load-time refresh derives.
 */
export function shelterFilter(column: string, shelters: string[] | "all", params: Record<string, string>): string {
  if (shelters === "all") return "TRUE";
  if (shelters.length === 0) return "FALSE";
  return `${column} IN (${shelters
    .map((s, i) => {
      params[`s${i}`] = s;
      return `$s${i}`;
    })
    .join(", ")})`;
}
