// The direct load: a file whose header matched the contract is converted and inserted straight
// into its stored table in one pass (inside the call's transaction), instead of being staged in a
// TEMP table and copied. Any cell that would be a problem of its own stops the insert with a
// constant error (no value in it), and the caller falls back to staging, which words the report:
// a cell that did not convert, or free text that looks like an e-mail address or a CURP (the
// failing chunk never reaches the table). Rows inserted in one statement get consecutive rowids
// in file order, so a view over them gives every row its line for the set-based checks.
import type { DuckDBConnection } from "@duckdb/node-api";
import { derivedKeyColumn } from "@refugio/schemas";
import { storedColumns } from "../db/ddl";
import { raw, type TypedFile } from "./typed";
import { bind, q } from "./sql";
import { cellsSelect, identifierTest, nativeColumns, type InspectedFile } from "./stage";

/** The direct load cannot vouch for this file: the call is staged instead. */
export class DirectRefused extends Error {}

/** The rows went in but a batch has problems (a count, a check): no other direct read would help. */
export class ProblemsFound extends DirectRefused {}

/** A file loaded directly: its stored rows are the rowids lo…hi. */
export interface DirectFile extends TypedFile {
  lo: bigint;
  hi: bigint;
}

// Constant messages: DuckDB's error text may be logged, so it never carries a cell.
const GUARDS = { cell: "refugio: a cell did not convert", identifier: "refugio: a cell looks like a direct identifier" };
const CELL = `error('${GUARDS.cell}')`;
const IDENTIFIER = `error('${GUARDS.identifier}')`;

/**
 * Whether the insert was stopped by a row (a guard above, or a required cell left empty): the same
 * row stops any other direct read too, so the call goes straight to staging.
 */
export function stoppedByRow(error: unknown): boolean {
  const message = String(error);
  return Object.values(GUARDS).some((g) => message.includes(g)) || /NOT NULL constraint failed/.test(message);
}

/** Whether a file can be loaded directly (derived ids, such as response ids, are made only when staging). */
export function directLoadable(f: InspectedFile): boolean {
  const derived = derivedKeyColumn(f.table);
  return derived === null || f.mapping.has(derived);
}

/**
 * Inserts the file's rows into its stored table (caller's transaction) and returns a view of
 * them shaped like a staged table. Throws (DuckDB's error or DirectRefused) when the file needs
 * the staged path; the caller rolls back.
 */
export async function loadDirect(
  conn: DuckDBConnection,
  f: InspectedFile,
  opts: { shelterCode: string; batchId: string; view: string; /** Let DuckDB's CSV parser type booleans and dates. */ native: boolean },
): Promise<DirectFile> {
  const table = q(f.table.name);
  const cols = storedColumns(f.table);
  const native = opts.native ? nativeColumns(f) : new Map<number, "BOOLEAN" | "DATE">();
  const guarded = cols.map((c) => {
    const name = q(c.name);
    const at = f.mapping.get(c.name);
    if (!at) return name;
    // Our converter takes years 1900–2100 only; the parser takes any.
    if (native.get(at.position) === "DATE") return `CASE WHEN year(${name}) NOT BETWEEN 1900 AND 2100 THEN ${CELL} ELSE ${name} END`;
    if (native.has(at.position)) return name;
    const identifier = c.kind === "text" ? ` WHEN ${identifierTest(raw(c.name))} THEN ${IDENTIFIER}` : "";
    return `CASE WHEN ${name} IS NULL AND ${raw(c.name)} IS NOT NULL THEN ${CELL}${identifier} ELSE ${name} END`;
  });
  // Row ids of rows added in a transaction are above 2^53: read as bigint, never as numbers.
  const bigints = async (sql: string) => (await conn.runAndReadAll(sql)).getRows()[0] as (bigint | null)[];
  const [prev = -1n] = await bigints(`SELECT coalesce(max(rowid), -1) FROM ${table}`);
  const cells = cellsSelect(f, opts.shelterCode, native);
  const sql = `INSERT INTO ${table} (${cols.map((c) => q(c.name)).join(", ")}, batch_id)
    SELECT ${guarded.join(", ")}, CAST($batch AS VARCHAR) FROM (${cells.sql})`;
  const inserted = Number((await conn.run(sql, bind(sql, { ...cells.params, batch: opts.batchId }))).rowsChanged);
  const [lo = 0n, hi = -1n, n = 0n] = await bigints(`SELECT coalesce(min(rowid), 0), coalesce(max(rowid), -1), count(*) FROM ${table} WHERE rowid > ${prev}`);
  // The lines below rest on this: one statement's rows, consecutive, nothing else after them.
  if (n === null || lo === null || hi === null || Number(n) !== inserted || hi - lo + 1n !== BigInt(inserted)) throw new DirectRefused("rows are not consecutive");
  const cellList = cols.map((c) => `${q(c.name)}, CAST(NULL AS VARCHAR) AS ${raw(c.name)}`).join(", ");
  // Views take no parameters: lo and hi are DuckDB's own integers.
  await conn.run(`CREATE OR REPLACE TEMP VIEW ${q(opts.view)} AS SELECT ${cellList}, rowid AS "$rowid" FROM ${table} WHERE rowid BETWEEN ${lo} AND ${hi}`);
  return {
    file: f.file,
    fi: f.fi,
    table: f.table,
    baseTable: opts.view,
    typedTable: opts.view,
    present: new Set(f.mapping.keys()),
    identifierColumns: new Set(),
    rows: inserted,
    firstLine: f.firstLine,
    lineOf: (alias) => `${alias}"$rowid" - ${lo} + ${f.firstLine}`,
    converted: true,
    lo,
    hi,
  };
}
