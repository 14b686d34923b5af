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

/** Rows as JSON-friendly objects (BIGINT → number, DATE → "yyyy-mm-dd"). */
export async function all<T = Record<string, unknown>>(conn: DuckDBConnection, sql: string, params?: Params): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params as never);
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
  await conn.run(sql, params as never);
}

/** Run `fn` inside one DuckDB transaction; roll back on any error. */
export async function transaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run("BEGIN TRANSACTION");
  try {
    const out = await fn();
    await conn.run("COMMIT");
    return out;
  } catch (error) {
    await conn.run("ROLLBACK");
    throw error;
  }
}

